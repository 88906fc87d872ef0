// The keyword prefilter: one pass over the text that reports which rule keywords occur. A trigram
// bitmap over the case-folded text (folded per unit through a table: no lower-cased copy) finds candidate
// positions; candidates are verified unit by unit, and a trigram is dropped from the bitmap once all its keywords were seen, so frequent
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
   * more often than that. Offsets are always exact: matching folds case per UTF-16 unit, no copy.
   */
  positions(text: string): Map<string, number[] | null>;
}

/**
 * Case folding without a lower-cased copy of the text: every UTF-16 unit whose `toLowerCase()` is one
 * unit maps to that unit (so 'K' and the Kelvin sign both fold to 'k', as `toLowerCase` does); units
 * that lower-case to two units (İ) stay themselves, so offsets always stay exact.
 */
const FOLD = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) {
  const l = String.fromCharCode(c).toLowerCase();
  FOLD[c] = l.length === 1 ? l.charCodeAt(0) : c;
}

export function buildPrefilter(keywords: readonly string[]): Prefilter {
  const bits = new Uint8Array(65536);
  const unique = [...new Set(keywords)];
  const byTrigram = new Map<number, number[]>();
  unique.forEach((k, id) => {
    if (k.length < MIN_KEYWORD_LENGTH) throw new Error(`prefilter keyword "${k}" is shorter than ${MIN_KEYWORD_LENGTH}`);
    const t = trigram(k, 0);
    bits[t] = 1;
    const list = byTrigram.get(t) ?? [];
    list.push(id);
    byTrigram.set(t, list);
  });
  const total = unique.length;
  const codes = unique.map((k) => Uint16Array.from(k, (ch) => ch.charCodeAt(0)));
  // Keyword ids per trigram, flattened: ids of trigram t are listIds[listStart[t] .. listStart[t] + listLen[t]).
  const listStart = new Uint32Array(65536);
  const listLen = new Uint16Array(65536);
  const listIds: number[] = [];
  for (const [t, ids] of byTrigram) {
    listStart[t] = listIds.length;
    listLen[t] = ids.length;
    listIds.push(...ids);
  }
  const ids = Uint16Array.from(listIds);
  // Per-scan state without per-scan allocation: a trigram is dead for this scan when dead[t] === gen;
  // a keyword's count is valid when seenGen[id] === gen.
  const dead = new Uint32Array(65536);
  const remainingCount = new Uint16Array(65536);
  const touchedGen = new Uint32Array(65536);
  const seenGen = new Uint32Array(total);
  const count = new Uint16Array(total);
  const pos = new Int32Array(total * MAX_POSITIONS);
  const seenIds: number[] = [];
  let gen = 0;

  /** Whether keyword `id` occurs (case-folded) at `i`. */
  const at = (text: string, i: number, id: number): boolean => {
    const k = codes[id] as Uint16Array;
    const n = k.length;
    if (i + n > text.length) return false;
    for (let j = 0; j < n; j++) if (FOLD[text.charCodeAt(i + j)] !== k[j]) return false;
    return true;
  };

  /** One pass; fills `seenIds`, `count` and `pos` (positions only when `wantPositions`). */
  const run = (text: string, wantPositions: boolean): void => {
    seenIds.length = 0;
    gen++;
    if (gen === 0xffffffff) {
      dead.fill(0);
      touchedGen.fill(0);
      seenGen.fill(0);
      gen = 1;
    }
    const g = gen;
    // A keyword stops being checked once it has been seen `skipAt` times (dense, or simply seen).
    const skipAt = wantPositions ? MAX_POSITIONS + 1 : 1;
    let deadTrigrams = 0;
    const n = text.length - 2;
    let a = FOLD[text.charCodeAt(0)] as number;
    let b = FOLD[text.charCodeAt(1)] as number;
    for (let i = 0; i < n; i++) {
      const c = FOLD[text.charCodeAt(i + 2)] as number;
      const t = (a * 961 + b * 31 + c) & 0xffff;
      a = b;
      b = c;
      if (bits[t] === 0 || dead[t] === g) continue;
      const from = listStart[t] as number;
      const len = listLen[t] as number;
      let left: number;
      if (touchedGen[t] === g) left = remainingCount[t] as number;
      else {
        touchedGen[t] = g;
        left = len;
      }
      for (let q = from; q < from + len; q++) {
        const id = ids[q] as number;
        let cnt = 0;
        if (seenGen[id] === g) {
          cnt = count[id] as number;
          if (cnt >= skipAt) continue;
        }
        if (!at(text, i, id)) continue;
        if (cnt === 0) {
          seenGen[id] = g;
          seenIds.push(id);
        }
        if (cnt < MAX_POSITIONS) pos[id * MAX_POSITIONS + cnt] = i;
        count[id] = cnt + 1;
        if (cnt + 1 === skipAt) left--;
      }
      remainingCount[t] = left;
      if (left === 0) {
        dead[t] = g;
        if (++deadTrigrams === byTrigram.size) break;
      }
    }
  };

  return {
    positions(text: string): Map<string, number[] | null> {
      const found = new Map<string, number[] | null>();
      if (total === 0 || text.length < MIN_KEYWORD_LENGTH) return found;
      run(text, true);
      for (const id of seenIds) {
        const cnt = count[id] as number;
        found.set(unique[id] as string, cnt > MAX_POSITIONS ? null : Array.from(pos.subarray(id * MAX_POSITIONS, id * MAX_POSITIONS + cnt)));
      }
      return found;
    },
    scan(text: string): Set<string> {
      const found = new Set<string>();
      if (total === 0 || text.length < MIN_KEYWORD_LENGTH) return found;
      run(text, false);
      for (const id of seenIds) found.add(unique[id] as string);
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
