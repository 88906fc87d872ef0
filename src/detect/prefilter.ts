// The keyword prefilter: one pass over the text that reports which rule keywords occur. A trigram
// bitmap over the (lower-cased) text finds candidate positions; candidates are verified with
// `startsWith`, and a trigram is dropped from the bitmap once all its keywords were seen, so frequent
// trigrams cost nothing after their first hit. (A V8 alternation of ~400 literals measured ~5× slower.)

/** Every keyword must be at least this long (shorter ones would make every position a candidate). */
export const MIN_KEYWORD_LENGTH = 3;

let lastText: string | undefined;
let lastLower = '';

/** `text.toLowerCase()`, memoised for the last text (the prefilter and gated rules share it). */
export function lowerOf(text: string): string {
  if (text !== lastText) {
    lastText = text;
    lastLower = text.toLowerCase();
  }
  return lastLower;
}

/** Whether keyword `k` (lower-case, registered with the prefilter) occurs in the text being scanned. */
export function keywordSeen(text: string, k: string): boolean {
  if (currentFound && k.length >= MIN_KEYWORD_LENGTH) return currentFound.keywords.has(k);
  return lowerOf(text).includes(k);
}

/** Drops the memoised texts (so a scanned document is not kept alive after its scan). */
export function releaseMemo(): void {
  lastText = undefined;
  lastLower = '';
  currentFound = undefined;
}

export function trigram(s: string, i: number): number {
  return (s.charCodeAt(i) * 961 + s.charCodeAt(i + 1) * 31 + s.charCodeAt(i + 2)) & 0xffff;
}

/** Occurrences recorded per keyword before it counts as dense (rules then scan the whole text). */
export const MAX_POSITIONS = 32;

export interface Prefilter {
  /** Keywords (lower-case) that occur in `text`. */
  scan(text: string): Set<string>;
  /**
   * Keywords that occur, each with its start offsets (up to `MAX_POSITIONS`), or `null` when it occurs
   * more often than that (or offsets cannot be trusted: lower-casing changed the text's length).
   */
  positions(text: string): Map<string, number[] | null>;
}

export function buildPrefilter(keywords: readonly string[]): Prefilter {
  const bits = new Uint8Array(65536);
  const byTrigram = new Map<number, string[]>();
  for (const k of new Set(keywords)) {
    if (k.length < MIN_KEYWORD_LENGTH) throw new Error(`prefilter keyword "${k}" is shorter than ${MIN_KEYWORD_LENGTH}`);
    const t = trigram(k, 0);
    bits[t] = 1;
    const list = byTrigram.get(t) ?? [];
    list.push(k);
    byTrigram.set(t, list);
  }
  const total = new Set(keywords).size;
  // Per-scan state without per-scan allocation: a trigram is dead for this scan when dead[t] === gen.
  const dead = new Uint32Array(65536);
  const remainingCount = new Uint16Array(65536);
  const touchedGen = new Uint32Array(65536);
  let gen = 0;
  const positions = (text: string): Map<string, number[] | null> => {
    const found = new Map<string, number[] | null>();
    if (total === 0 || text.length < MIN_KEYWORD_LENGTH) return found;
    const lower = lowerOf(text);
    const exact = lower.length === text.length;
    gen++;
    if (gen === 0xffffffff) {
      dead.fill(0);
      touchedGen.fill(0);
      gen = 1;
    }
    let dense = 0;
    const n = lower.length - 2;
    let a = lower.charCodeAt(0);
    let b = lower.charCodeAt(1);
    for (let i = 0; i < n; i++) {
      const c = lower.charCodeAt(i + 2);
      const t = (a * 961 + b * 31 + c) & 0xffff;
      a = b;
      b = c;
      if (bits[t] === 0 || dead[t] === gen) continue;
      const list = byTrigram.get(t) as string[];
      let left: number;
      if (touchedGen[t] === gen) left = remainingCount[t] as number;
      else {
        touchedGen[t] = gen;
        left = list.length;
      }
      for (const k of list) {
        const pos = found.get(k);
        if (pos === null || !lower.startsWith(k, i)) continue;
        if (pos === undefined) {
          found.set(k, exact ? [i] : null);
          if (!exact) left--;
        } else if (pos.length < MAX_POSITIONS) pos.push(i);
        else {
          found.set(k, null);
          left--;
        }
      }
      remainingCount[t] = left;
      if (left === 0) {
        dead[t] = gen;
        if (++dense === byTrigram.size) break;
      }
    }
    return found;
  };
  return {
    positions,
    scan(text: string): Set<string> {
      const found = new Set<string>();
      if (total === 0 || text.length < MIN_KEYWORD_LENGTH) return found;
      const lower = lowerOf(text);
      gen++;
      if (gen === 0xffffffff) {
        dead.fill(0);
        touchedGen.fill(0);
        gen = 1;
      }
      const n = lower.length - 2;
      let a = lower.charCodeAt(0);
      let b = lower.charCodeAt(1);
      for (let i = 0; i < n; i++) {
        const c = lower.charCodeAt(i + 2);
        const t = (a * 961 + b * 31 + c) & 0xffff;
        a = b;
        b = c;
        if (bits[t] === 0 || dead[t] === gen) continue;
        const list = byTrigram.get(t) as string[];
        let left: number;
        if (touchedGen[t] === gen) left = remainingCount[t] as number;
        else {
          touchedGen[t] = gen;
          left = list.length;
        }
        for (const k of list) {
          if (!found.has(k) && lower.startsWith(k, i)) {
            found.add(k);
            left--;
          }
        }
        remainingCount[t] = left;
        if (left === 0) {
          dead[t] = gen;
          if (found.size === total) break;
        }
      }
      return found;
    },
  };
}

/**
 * A matcher built from shapes, each tried only when one of its gate literals (lower-case) occurs in the
 * text: big alternations split this way cost nothing on text that lacks their distinctive words.
 */
export function gatedMatcher(
  shapes: ReadonlyArray<readonly [gates: readonly string[], re: RegExp]>,
): ((text: string) => Array<{ start: number; end: number }>) & { gates: readonly string[]; shapes: readonly RegExp[] } {
  const fn = (text: string) => {
    // During an engine scan the prefilter already knows which gate literals occur in the document (a
    // window of it may be what is passed here); symbols shorter than a keyword are looked up directly.
    const found = currentFound?.keywords;
    const present = (g: string) => (g.length < MIN_KEYWORD_LENGTH || !/[a-z]/.test(g) ? text.includes(g) : found ? found.has(g) : lowerOf(text).includes(g));
    const out: Array<{ start: number; end: number }> = [];
    for (const [gates, re] of shapes) {
      if (!gates.some(present)) continue;
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex++;
          continue;
        }
        out.push({ start: m.index, end: m.index + m[0].length });
      }
    }
    return out;
  };
  return Object.assign(fn, { gates: [...new Set(shapes.flatMap(([gates]) => gates))], shapes: shapes.map(([, re]) => re) });
}

/** The keywords found in the text being scanned (set by the engine; gated matchers read it). */
let currentFound: { text: string; keywords: Set<string> } | undefined;

export function setFoundKeywords(text: string | undefined, keywords?: Set<string>): void {
  currentFound = text === undefined || !keywords ? undefined : { text, keywords };
}
