// The keyword prefilter: one pass over the text that reports which rule keywords occur (and where).
// Each keyword is anchored at the trigram ordinary text contains least (measured frequencies,
// `trigram-frequency.ts`); a table of trigram buckets wakes only the keywords anchored there, and a
// bucket is switched off once all its keywords were seen often enough, so frequent trigrams cost
// nothing after that. Texts of `SHORT_TEXT` units or more go through the WebAssembly byte loop
// (byte-loop.ts), which also checks the keywords on the bytes; shorter ones are read unit by unit here,
// folded as read (no lower-cased copy). Every hit is exact. (A V8 alternation of ~400 literals
// measured ~5× slower than the JavaScript loop, which the byte loop now replaces for all but short texts.)

import { BYTE_LOOP_SEGMENT, createByteLoop, forgetLastPass } from './byte-loop.js';
import { TRIGRAM_FREQUENCY } from './trigram-frequency.js';

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

/**
 * Every start offset of keyword `k` (lower-case) in `text`, ascending, when the engine's prefilter
 * pass over this very text recorded them all (a keyword of an `everyKeywordPosition` rule, or one seen
 * at most `MAX_POSITIONS` times); `undefined` otherwise (the caller scans the text itself).
 */
export function keywordPositions(text: string, k: string): readonly number[] | undefined {
  const found = currentFound;
  if (!found || found.text !== text || k.length < MIN_KEYWORD_LENGTH || !found.registered?.(k)) return undefined;
  const pos = found.keywords.get(k);
  return pos === undefined ? [] : (pos ?? undefined);
}

/** Drops the memoised texts (so a scanned document is not kept alive after its scan). */
export function releaseMemo(): void {
  forgetLastPass();
  lastText = undefined;
  lastLower = '';
  currentFound = undefined;
}

/** Occurrences recorded per keyword before it counts as dense (rules then scan the whole text). */
export const MAX_POSITIONS = 32;

export interface Prefilter {
  /** Keywords (lower-case) that occur in `text`. */
  scan(text: string): Set<string>;
  /**
   * Keywords that occur, each with its start offsets (up to `MAX_POSITIONS`, or all of them for an
   * `everyPosition` keyword), or `null` when it occurs more often than that. Offsets are always
   * exact: matching folds case per UTF-16 unit, no copy.
   */
  positions(text: string): Map<string, number[] | null>;
  /** Whether `k` is a keyword of this prefilter (so its absence from `positions` means it does not occur). */
  has(k: string): boolean;
}

/** Texts shorter than this are read unit by unit (copying them costs more than it saves). */
const SHORT_TEXT = 256;
/** A unit the byte loop's low-byte copy does not show as itself. */
const ABOVE_LATIN1 = /[^\x00-\xff]/;

/**
 * Case folding without a lower-cased copy of the text, for ASCII keywords: 'A'–'Z' fold to 'a'–'z',
 * and the Kelvin sign (the one non-ASCII unit whose `toLowerCase()` is ASCII) to 'k', as `toLowerCase`
 * does; every other unit stays itself, so offsets always stay exact. (Building the table from
 * `toLowerCase` over all 65,536 units cost 25 ms in every worker.)
 */
const FOLD = new Uint16Array(65536);
for (let c = 0; c < 65536; c++) FOLD[c] = c >= 65 && c <= 90 ? c + 32 : c;
FOLD[0x212a] = 0x6b;

/** Rough frequency of a (folded) character in code and prose: breaks ties between trigrams the table lacks. */
function charWeight(c: number): number {
  const ch = String.fromCharCode(c);
  const i = ' etaoinsrhldcumfpgwybvkxjqz'.indexOf(ch);
  if (i >= 0) return 16 - i * 0.55;
  if ('.()"\'_/:,=-;{}'.includes(ch)) return 8;
  if (ch >= '0' && ch <= '9') return 6;
  return 3;
}

let bucketLoadMemo: Float64Array | undefined;

/**
 * Expected candidates per million characters of ordinary text for each trigram bucket (measured
 * trigram frequencies, summed per bucket: colliding trigrams wake a bucket too).
 */
function bucketLoad(): Float64Array {
  if (bucketLoadMemo) return bucketLoadMemo;
  const load = new Float64Array(BUCKETS);
  for (const [g, perMillion] of TRIGRAM_FREQUENCY) load[bucketOf(g.charCodeAt(0), g.charCodeAt(1), g.charCodeAt(2))] += perMillion;
  bucketLoadMemo = load;
  return load;
}

/**
 * The unit a trigram bucket is computed from: `| 32` for ASCII (one ALU operation instead of a table
 * load per character; it folds A–Z as FOLD does and merges a few punctuation pairs, whose false
 * candidates the exact check drops), the FOLD table above ASCII (so the Kelvin sign still reaches 'k').
 */
function hashUnit(c: number): number {
  return c < 128 ? c | 32 : (FOLD[c] as number);
}

const BUCKETS = 65536;

/** Bucket of the trigram of hash units a, b, c (16 bits). */
function triBucket(a: number, b: number, c: number): number {
  return (a * 961 + b * 31 + c) & 0xffff;
}

/** Bucket of the trigram of (unhashed) units a, b, c. */
function bucketOf(a: number, b: number, c: number): number {
  return triBucket(hashUnit(a), hashUnit(b), hashUnit(c));
}

/**
 * `everyPosition`: keywords whose every occurrence `positions` reports (they are never dense, and keep
 * their trigram bucket awake for the whole pass).
 */
export function buildPrefilter(keywords: readonly string[], everyPosition: Iterable<string> = []): Prefilter {
  const bits = new Uint8Array(BUCKETS);
  const unique = [...new Set(keywords)];
  const total = unique.length;
  const idOf = new Map(unique.map((k, id) => [k, id]));
  const unbounded = new Uint8Array(total);
  for (const k of everyPosition) {
    const id = idOf.get(k);
    if (id === undefined) throw new Error(`everyPosition keyword "${k}" is not a prefilter keyword`);
    unbounded[id] = 1;
  }
  /** Occurrences of the unbounded keywords in the current pass (valid when seenGen[id] === gen). */
  const every: number[][] = new Array(total);
  const codes = unique.map((k) => Uint16Array.from(k, (ch) => FOLD[ch.charCodeAt(0)] as number));
  // Each keyword is anchored at the trigram whose bucket ordinary text fills least ("config.fish" at
  // ".fi", not at the very common "con"), so frequent trigrams wake few keywords.
  const load = bucketLoad();
  const anchorOf = new Uint16Array(total);
  const byBucket = new Map<number, number[]>();
  unique.forEach((k, id) => {
    if (k.length < MIN_KEYWORD_LENGTH) throw new Error(`prefilter keyword "${k}" is shorter than ${MIN_KEYWORD_LENGTH}`);
    if (!/^[\x20-\x7e]+$/.test(k)) throw new Error(`prefilter keyword "${k}" must be printable ASCII (case folding covers ASCII only)`);
    const u = codes[id] as Uint16Array;
    let best = 0;
    let bucket = 0;
    let bestScore = Infinity;
    for (let o = 0; o + 3 <= u.length; o++) {
      const t = bucketOf(u[o] as number, u[o + 1] as number, u[o + 2] as number);
      const score = (load[t] as number) + (charWeight(u[o] as number) + charWeight(u[o + 1] as number) + charWeight(u[o + 2] as number)) / 100;
      if (score < bestScore) {
        bestScore = score;
        best = o;
        bucket = t;
      }
    }
    anchorOf[id] = best;
    bits[bucket] = 1;
    const list = byBucket.get(bucket) ?? [];
    list.push(id);
    byBucket.set(bucket, list);
  });
  // Keyword ids per bucket, flattened: ids of bucket t are ids[listStart[t] .. listStart[t] + listLen[t]).
  const listStart = new Uint32Array(BUCKETS);
  const listLen = new Uint16Array(BUCKETS);
  const listIds: number[] = [];
  for (const [t, list] of byBucket) {
    listStart[t] = listIds.length;
    listLen[t] = list.length;
    listIds.push(...list);
  }
  const ids = Uint16Array.from(listIds);
  const bucketOfId = new Uint16Array(total);
  for (const [t, list] of byBucket) for (const id of list) bucketOfId[id] = t;
  const kernel = createByteLoop({ codes, anchorOf, listStart, listLen, ids });
  // Per-scan state without per-scan allocation: a bucket is dead for this scan when dead[t] === gen;
  // a keyword's count is valid when seenGen[id] === gen.
  const dead = new Uint32Array(BUCKETS);
  const remainingCount = new Uint16Array(BUCKETS);
  const touchedGen = new Uint32Array(BUCKETS);
  const seenGen = new Uint32Array(total);
  const count = new Uint16Array(total);
  const pos = new Int32Array(total * MAX_POSITIONS);
  const seenIds: number[] = [];
  let gen = 0;
  let skipAt = 1;
  let wantEvery = false;
  let liveBuckets = 0;

  /** Whether keyword `id` occurs (case-folded) at `i`. */
  const at = (text: string, i: number, id: number): boolean => {
    const k = codes[id] as Uint16Array;
    const n = k.length;
    if (i < 0 || i + n > text.length) return false;
    for (let j = 0; j < n; j++) if (FOLD[text.charCodeAt(i + j)] !== k[j]) return false;
    return true;
  };

  /**
   * Records keyword `id` found at `start` (its count, its position, the bucket's death once all its
   * keywords are done); returns false once every bucket is dead.
   */
  const record = (id: number, start: number, g: number): boolean => {
    if (wantEvery && unbounded[id] === 1) {
      // Never done, so never counted towards its bucket's keywords left: the bucket stays awake.
      if (seenGen[id] === g) (every[id] as number[]).push(start);
      else {
        seenGen[id] = g;
        seenIds.push(id);
        every[id] = [start];
      }
      return true;
    }
    let cnt = 0;
    if (seenGen[id] === g) {
      cnt = count[id] as number;
      if (cnt >= skipAt) return true;
    } else {
      seenGen[id] = g;
      seenIds.push(id);
    }
    // Occurrences are found in anchor order, which is start order for one keyword.
    if (cnt < MAX_POSITIONS) pos[id * MAX_POSITIONS + cnt] = start;
    count[id] = cnt + 1;
    if (cnt + 1 < skipAt) return true;
    kernel.done(id);
    const t = bucketOfId[id] as number;
    const left = (touchedGen[t] === g ? (remainingCount[t] as number) : ((touchedGen[t] = g), listLen[t] as number)) - 1;
    remainingCount[t] = left;
    if (left > 0) return true;
    dead[t] = g;
    kernel.kill(t);
    return --liveBuckets !== 0;
  };

  /** The text of the byte loop's pass under way (one callback for every pass: no closure per text). */
  let passText = '';
  /** Whether every unit of `passText` is below 0x100, so a hit the byte loop checked is exact. */
  let passBytesExact = false;
  /**
   * A hit from the byte loop, checked there on low bytes: unless those are the text's own units, the
   * text itself settles it. A keyword done earlier in the same batch is skipped by `record`.
   */
  const onHit = (start: number, id: number, checked: boolean): boolean =>
    ((checked && passBytesExact) || at(passText, start, id)) ? record(id, start, gen) : true;

  /** Checks the keywords of bucket `t` anchored at `i`; returns false once every bucket is dead. */
  const visit = (text: string, t: number, i: number, g: number): boolean => {
    const from = listStart[t] as number;
    const to = from + (listLen[t] as number);
    for (let q = from; q < to; q++) {
      const id = ids[q] as number;
      const start = i - (anchorOf[id] as number);
      if (at(text, start, id) && !record(id, start, g)) return false;
    }
    return true;
  };

  /**
   * One pass; fills `seenIds`, `count` and `pos` (positions only when `wantPositions`). Texts of
   * `SHORT_TEXT` units or more go through the WebAssembly byte loop, unless they hold the Kelvin sign
   * (the one non-ASCII unit that folds to an ASCII letter, which a low byte cannot show).
   */
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
    skipAt = wantPositions ? MAX_POSITIONS + 1 : 1;
    wantEvery = wantPositions;
    liveBuckets = byBucket.size;
    const len = text.length;
    // O(1) on V8's one-byte strings (no unit above 0xff can be there); else a scan to the first one.
    const bytesExact = len >= SHORT_TEXT && !ABOVE_LATIN1.test(text);
    // A text whose units are all below 0x100 cannot hold the Kelvin sign: no second scan for it.
    if (len >= SHORT_TEXT && (bytesExact || !text.includes('\u212a'))) {
      kernel.reset();
      passText = text;
      passBytesExact = bytesExact;
      // Segments overlap by two units, so every trigram is read once, whole.
      for (let from = 0; from < len - 2; from += BYTE_LOOP_SEGMENT - 2) {
        if (!kernel.pass(text, from, Math.min(len, from + BYTE_LOOP_SEGMENT), onHit)) break;
      }
      passText = '';
      return;
    }
    const n = len - 2;
    // Locals, not closure slots, in the hot loop.
    const hot = bits;
    const gone = dead;
    let a = hashUnit(text.charCodeAt(0));
    let b = hashUnit(text.charCodeAt(1));
    for (let i = 0; i < n; i++) {
      const u = text.charCodeAt(i + 2);
      const c = u < 128 ? u | 32 : (FOLD[u] as number);
      const t = (a * 961 + b * 31 + c) & 0xffff;
      a = b;
      b = c;
      if (hot[t] === 1 && gone[t] !== g && !visit(text, t, i, g)) return;
    }
  };

  return {
    positions(text: string): Map<string, number[] | null> {
      const found = new Map<string, number[] | null>();
      if (total === 0 || text.length < MIN_KEYWORD_LENGTH) return found;
      run(text, true);
      for (const id of seenIds) {
        if (unbounded[id] === 1) {
          // Handed over as is: the next pass starts a new array for the keyword (see `record`).
          found.set(unique[id] as string, every[id] as number[]);
          continue;
        }
        const cnt = count[id] as number;
        if (cnt > MAX_POSITIONS) {
          found.set(unique[id] as string, null);
          continue;
        }
        // A plain copy: a typed-array view plus Array.from cost more than the scan of a short text.
        const offsets: number[] = [];
        for (let q = 0, base = id * MAX_POSITIONS; q < cnt; q++) offsets.push(pos[base + q] as number);
        found.set(unique[id] as string, offsets);
      }
      return found;
    },
    has: (k) => idOf.has(k),
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
let currentFound: { text: string; keywords: KeywordSet; registered?: (k: string) => boolean } | undefined;

/** What the engine hands over: the prefilter's result map works as is. */
export interface KeywordSet {
  has(keyword: string): boolean;
  get(keyword: string): readonly number[] | null | undefined;
}

/**
 * `registered(k)`: whether `k` is a keyword of the prefilter that produced `keywords` (so its absence
 * means it does not occur); without it, `keywordPositions` answers nothing.
 */
export function setFoundKeywords(text: string | undefined, keywords?: KeywordSet, registered?: (k: string) => boolean): void {
  currentFound = text === undefined || !keywords ? undefined : { text, keywords, ...(registered ? { registered } : {}) };
}
