// Decoders that widen what the rules see: base64, hex, URL-encoding, \x/\u escapes, String.fromCharCode,
// chr() chains and concatenated string literals. Each finds candidate spans cheaply, decodes them, and
// keeps only results that read as text; the engine rescans those with a depth bound.
import { RUN_ALPHABET, alphabetRuns } from './byte-loop.js';
import { isRegexSpace } from './chars.js';
import { lowerOf } from './prefilter.js';

/** A decoded span of the source. */
export interface DecodedSpan {
  decoder: 'base64' | 'hex' | 'url' | 'escape' | 'charcode' | 'concat';
  /** Encoded span in the source. */
  start: number;
  end: number;
  /** The decoded text. */
  text: string;
  /** Maps a [start, end) range of the decoded text to a range of the source (absolute offsets). */
  toSource(decodedStart: number, decodedEnd: number): [number, number];
}

/** Spans shorter than this decode to too little to matter (a 12-byte secret is 16 base64 chars). */
const MIN_BASE64 = 20;
const MIN_HEX = 24;
/** Decoded blobs larger than this are scanned only in their first part (keeps memory bounded). */
const MAX_DECODED_CHARS = 1024 * 1024;

/** Whether decoded bytes read as text: mostly printable characters, few replacement chars. */
export function looksLikeText(s: string): boolean {
  if (s.length < 6) return false;
  let bad = 0;
  const n = Math.min(s.length, 4096);
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad / n <= 0.05;
}

/** Non-text units in `s[0, n)` (the ones `looksLikeText` counts). */
function badUnits(s: string, n: number): number {
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0x7f || c === 0xfffd) bad++;
  }
  return bad;
}

/**
 * Whether a decoded prefix already proves the whole decoding fails `looksLikeText`: `looksLikeText`
 * allows at most 5 % of at most 4096 units, so more bad units than that in the prefix (its last few
 * units excepted: a cut multi-byte sequence) settle it without decoding the rest.
 */
function prefixRejects(prefix: string): boolean {
  return badUnits(prefix, Math.max(0, prefix.length - 4)) > 0.05 * 4096;
}

/** Base64 characters decoded first, to reject binary blobs cheaply (1026 bytes). */
const BASE64_PROBE = 1368;

function wholeSpan(start: number, end: number) {
  return (): [number, number] => [start, end];
}

function fromTable(table: Int32Array, spanEnd: number) {
  return (ds: number, de: number): [number, number] => {
    const s = table[Math.min(ds, table.length - 1)] as number;
    const e = de < table.length ? (table[de] as number) : spanEnd;
    return [s, Math.max(e, s + 1)];
  };
}

/** Character classes for the run scanner: bit 1 base64 (std + url alphabets), bit 2 hex digit. */
const CLASS = new Uint8Array(65536);
for (const c of RUN_ALPHABET) CLASS[c.charCodeAt(0)] |= 1;
for (const c of '0123456789abcdefABCDEF') CLASS[c.charCodeAt(0)] |= 2;

/**
 * Maximal runs of base64-alphabet characters at least `MIN_BASE64` long, in order. When the prefilter's
 * byte loop still holds this text, its runs (found there, in WebAssembly) bound where to look: the
 * exact scan below then reads only inside them. Otherwise the whole text.
 */
function base64Runs(text: string, visit: (start: number, end: number) => void): void {
  const hint = alphabetRuns(text, MIN_BASE64);
  if (hint === undefined) return base64RunsIn(text, 0, text.length, visit);
  for (const [s, e] of hint) base64RunsIn(text, s, e, visit);
}

/**
 * The runs starting in [from, to), where `to` is the text's end or a unit outside the alphabet. A skip
 * scan: the window [i, i + MIN_BASE64) is checked from its far end, and a non-alphabet character at j
 * rules out every run starting in [i, j], so prose and code are crossed in strides instead of char by
 * char (a `[…]{20,}` regex re-tries every position inside short words). Invariant: i is `from`
 * (0 or after a non-alphabet unit) or follows a non-alphabet character, so a full window at i starts a
 * maximal run.
 */
function base64RunsIn(text: string, from: number, to: number, visit: (start: number, end: number) => void): void {
  const n = text.length;
  let i = from;
  while (i + MIN_BASE64 <= to) {
    let j = i + MIN_BASE64 - 1;
    while (j >= i && (CLASS[text.charCodeAt(j)] as number) & 1) j--;
    if (j >= i) {
      i = j + 1;
      continue;
    }
    let e = i + MIN_BASE64;
    while (e < n && (CLASS[text.charCodeAt(e)] as number) & 1) e++;
    let end = e;
    while (end < n && end - e < 2 && text.charCodeAt(end) === 61) end++; // '=' padding
    visit(i, end);
    i = e + 1;
  }
}

/** Whether bytes read as UTF-16LE text: ASCII-range units (every odd byte 0) in the first 64 units. */
function isUtf16le(bytes: Uint8Array): boolean {
  if (bytes.length < 12 || bytes.length % 2 === 1) return false;
  const n = Math.min(bytes.length, 128);
  let zeros = 0;
  for (let i = 1; i < n; i += 2) if (bytes[i] === 0 && bytes[i - 1] !== 0) zeros++;
  return zeros >= (n / 2) * 0.9;
}

function decodeBase64Run(text: string, start: number, end: number, out: DecodedSpan[]): void {
  let raw = text.slice(start, end);
  const urlSafe = /[-_]/.test(raw);
  if (urlSafe && /[+/]/.test(raw)) return; // mixed alphabets: an identifier or a path, not base64
  // Words and paths are long runs too; real base64 mixes cases and digits.
  if (!/[A-Z]/.test(raw) || !/[a-z0-9]/.test(raw)) return;
  const body = raw.replace(/=+$/, '');
  if (body.length < MIN_BASE64 || body.length % 4 === 1) return;
  raw = raw.slice(0, Math.min(raw.length, Math.ceil((MAX_DECODED_CHARS * 4) / 3)));
  const encoding = urlSafe ? 'base64url' : 'base64';
  if (raw.length > BASE64_PROBE * 2 && prefixRejects(Buffer.from(raw.slice(0, BASE64_PROBE), encoding).toString('utf8'))) return;
  const bytes = Buffer.from(raw, encoding);
  // PowerShell's -EncodedCommand is base64 of UTF-16LE: read as UTF-8 it is half NULs.
  const wide = isUtf16le(bytes);
  const decoded = wide ? bytes.toString('utf16le') : bytes.toString('utf8');
  if (!looksLikeText(decoded)) return;
  // 3 decoded bytes per 4 characters (2 bytes per unit when wide): map back to the covering quartets.
  const unit = wide ? 2 : 1;
  out.push({
    decoder: 'base64',
    start,
    end,
    text: decoded,
    toSource: (ds, de) => [start + Math.floor((ds * unit) / 3) * 4, Math.min(end, start + Math.ceil((de * unit) / 3) * 4)],
  });
}

/**
 * Whether the hex digits text[s, s + len) surely decode to non-text: bytes below 0x20 (other than tab,
 * LF, CR) decode to control characters one for one, so more of them in the first 4096 bytes than
 * `looksLikeText` allows (5 % of at most that many characters) settles it without decoding. Random
 * ids and hashes (request ids, digests, lockfiles) mostly end here.
 */
function hexRejects(text: string, s: number, len: number): boolean {
  const bytes = Math.min(len >> 1, 4096);
  const allowed = 0.05 * bytes;
  let control = 0;
  for (let k = 0; k < bytes; k++) {
    const hi = text.charCodeAt(s + 2 * k);
    if (hi !== 48 && hi !== 49) continue; // high nibble 0 or 1
    const lo = text.charCodeAt(s + 2 * k + 1) | 0x20; // a-f lower-cased; digits unchanged
    if (hi === 48 && (lo === 57 || lo === 97 || lo === 100)) continue; // 09 tab, 0a LF, 0d CR
    if (++control > allowed) return true;
  }
  return false;
}

function decodeHexRuns(text: string, start: number, end: number, out: DecodedSpan[]): void {
  // Maximal hex-digit sub-runs of a base64-alphabet run (a `0x` prefix is part of the run: skip it).
  let i = start;
  while (i < end) {
    while (i < end && !((CLASS[text.charCodeAt(i)] as number) & 2)) i++;
    let j = i;
    while (j < end && (CLASS[text.charCodeAt(j)] as number) & 2) j++;
    let s = i;
    if (text[s] === '0' && (text[s + 1] === 'x' || text[s + 1] === 'X')) s += 2;
    const len = (j - s) & ~1;
    if (len >= MIN_HEX && !hexRejects(text, s, len)) {
      const decoded = Buffer.from(text.slice(s, s + Math.min(len, MAX_DECODED_CHARS * 2)), 'hex').toString('utf8');
      if (looksLikeText(decoded)) {
        const base = s;
        out.push({ decoder: 'hex', start: i, end: j, text: decoded, toSource: (ds, de) => [base + ds * 2, base + de * 2] });
      }
    }
    i = j;
  }
}

function findBase64AndHex(text: string, out: DecodedSpan[]): void {
  base64Runs(text, (start, end) => {
    decodeBase64Run(text, start, end, out);
    if (end - start >= MIN_HEX) decodeHexRuns(text, start, end, out);
  });
}

/** Offset of the next `%XX` at or after `from`, or -1 (a `%` search: native, unlike a regex scan). */
function nextPercentEscape(text: string, from: number): number {
  for (let i = text.indexOf('%', from); i !== -1; i = text.indexOf('%', i + 1)) {
    if ((CLASS[text.charCodeAt(i + 1)] as number) & 2 && (CLASS[text.charCodeAt(i + 2)] as number) & 2) return i;
  }
  return -1;
}

/** Percent-encoded tokens: each run of non-space characters holding at least two `%XX`. */
function findUrlEncoded(text: string, out: DecodedSpan[]): void {
  for (let at = nextPercentEscape(text, 0); at !== -1; ) {
    let s = at;
    while (s > 0 && !/[\s"'<>`]/.test(text[s - 1] as string) && at - s < 4096) s--;
    let e = at;
    while (e < text.length && !/[\s"'<>`]/.test(text[e] as string) && e - at < MAX_DECODED_CHARS) e++;
    at = nextPercentEscape(text, e);
    const token = text.slice(s, e);
    if ((token.match(/%[0-9A-Fa-f]{2}/g) ?? []).length < 2) continue;
    // Decode byte-wise (invalid UTF-8 becomes U+FFFD) and keep a table decoded index → source offset.
    const bytes: number[] = [];
    const byteSrc: number[] = [];
    for (let i = 0; i < token.length; ) {
      if (token[i] === '%' && /^[0-9A-Fa-f]{2}$/.test(token.slice(i + 1, i + 3))) {
        bytes.push(parseInt(token.slice(i + 1, i + 3), 16));
        byteSrc.push(s + i);
        i += 3;
      } else if (token[i] === '+') {
        bytes.push(0x20);
        byteSrc.push(s + i);
        i++;
      } else {
        const cp = token.codePointAt(i) as number;
        const chunk = Buffer.from(String.fromCodePoint(cp), 'utf8');
        for (const byte of chunk) {
          bytes.push(byte);
          byteSrc.push(s + i);
        }
        i += cp > 0xffff ? 2 : 1;
      }
    }
    const decoded = Buffer.from(bytes).toString('utf8');
    if (!looksLikeText(decoded)) continue;
    // Map decoded UTF-16 indices to source offsets by re-encoding character by character.
    const table = new Int32Array(decoded.length + 1);
    let bi = 0;
    for (let di = 0; di < decoded.length; di++) {
      table[di] = byteSrc[Math.min(bi, byteSrc.length - 1)] as number;
      const cp = decoded.codePointAt(di) as number;
      const len = cp === 0xfffd ? 1 : Buffer.byteLength(String.fromCodePoint(cp));
      if (cp > 0xffff) {
        di++;
        table[di] = table[di - 1] as number;
      }
      bi += len;
    }
    table[decoded.length] = e;
    out.push({ decoder: 'url', start: s, end: e, text: decoded, toSource: fromTable(table, e) });
  }
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\\': '\\', '"': '"', "'": "'", '/': '/' };

/** Runs of `\xHH`, `\uHHHH`, `\u{H…}` and octal `\NNN` escapes (at least three, gaps of ≤ 16 plain chars). */
function findEscapes(text: string, out: DecodedSpan[]): void {
  const re = /\\(?:x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|u\{[0-9a-fA-F]{1,6}\}|[0-3][0-7]{2})/g;
  let runStart = -1;
  let runEnd = -1;
  let count = 0;
  const flush = () => {
    if (count >= 3) decodeEscapeRun(text, runStart, runEnd, out);
    runStart = -1;
    count = 0;
  };
  re.lastIndex = text.indexOf('\\');
  if (re.lastIndex === -1) return;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (runStart >= 0) {
      const gap = text.slice(runEnd, m.index);
      if (gap.length > 16 || /["'`\n]/.test(gap)) flush();
    }
    if (runStart < 0) runStart = m.index;
    runEnd = m.index + m[0].length;
    count++;
  }
  flush();
}

function decodeEscapeRun(text: string, s: number, e: number, out: DecodedSpan[]): void {
  let decoded = '';
  const table: number[] = [];
  for (let i = s; i < e; ) {
    const at = i;
    let piece: string;
    if (text[i] === '\\') {
      const rest = text.slice(i + 1, i + 12);
      let m: RegExpExecArray | null;
      if ((m = /^x([0-9a-fA-F]{2})/.exec(rest))) {
        piece = String.fromCharCode(parseInt(m[1] as string, 16));
        i += 4;
      } else if ((m = /^u\{([0-9a-fA-F]{1,6})\}/.exec(rest))) {
        const cp = parseInt(m[1] as string, 16);
        piece = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\ufffd';
        i += 1 + m[0].length;
      } else if ((m = /^u([0-9a-fA-F]{4})/.exec(rest))) {
        piece = String.fromCharCode(parseInt(m[1] as string, 16));
        i += 6;
      } else if ((m = /^([0-3][0-7]{2})/.exec(rest))) {
        piece = String.fromCharCode(parseInt(m[1] as string, 8));
        i += 4;
      } else {
        piece = SIMPLE_ESCAPES[text[i + 1] as string] ?? (text[i + 1] as string);
        i += 2;
      }
    } else {
      piece = text[i] as string;
      i++;
    }
    for (let k = 0; k < piece.length; k++) table.push(at);
    decoded += piece;
  }
  if (!looksLikeText(decoded)) return;
  table.push(e);
  out.push({ decoder: 'escape', start: s, end: e, text: decoded, toSource: fromTable(Int32Array.from(table), e) });
}

/** `String.fromCharCode(104, 116, …)` and Python `chr(104) + chr(116) + …` / `''.join(chr(c) for c in [...])`. */
function findCharCodes(text: string, out: DecodedSpan[]): void {
  const js = /String\.fromCharCode\s{0,8}\(\s{0,8}((?:0x[0-9a-fA-F]{1,6}|\d{1,7})(?:\s{0,8},\s{0,8}(?:0x[0-9a-fA-F]{1,6}|\d{1,7})){2,100000})\s{0,8},?\s{0,8}\)/g;
  for (let m = js.exec(text); m; m = js.exec(text)) pushCodes(m.index, m.index + m[0].length, (m[1] as string).split(','), out);
  const py = /(?:chr\(\s{0,8}\d{1,7}\s{0,8}\)\s{0,8}\+\s{0,8}){2,100000}chr\(\s{0,8}\d{1,7}\s{0,8}\)/g;
  for (let m = py.exec(text); m; m = py.exec(text)) {
    const codes = [...m[0].matchAll(/\d{1,7}/g)].map((x) => x[0]);
    pushCodes(m.index, m.index + m[0].length, codes, out);
  }
}

function pushCodes(start: number, end: number, codes: string[], out: DecodedSpan[]): void {
  let decoded = '';
  for (const c of codes) {
    const v = Number(c.trim());
    if (!Number.isFinite(v) || v > 0x10ffff) return;
    decoded += String.fromCodePoint(v);
  }
  if (!looksLikeText(decoded)) return;
  out.push({ decoder: 'charcode', start, end, text: decoded, toSource: wholeSpan(start, end) });
}

const STRING_PIECE = String.raw`(?:"(?:[^"\\\n]|\\.){0,512}"|'(?:[^'\\\n]|\\.){0,512}')`;
const CONCAT_RE = new RegExp(`${STRING_PIECE}(?:\\s{0,16}\\+\\s{0,16}${STRING_PIECE}){1,256}`, 'g');

const CONCAT_PIECE_REACH = 2 * 512 + 2 + 16 + 8;

const isQuote = (c: number) => c === 34 || c === 39;

/** Offset of the first `+` with a quote at most 16 whitespace units before and after it, or -1. */
function firstJoinedPair(text: string): number {
  for (let p = text.indexOf('+'); p !== -1; p = text.indexOf('+', p + 1)) {
    let b = p - 1;
    while (b >= 0 && p - b <= 17 && isRegexSpace(text.charCodeAt(b))) b--;
    if (b < 0 || p - b > 17 || !isQuote(text.charCodeAt(b))) continue;
    let a = p + 1;
    while (a < text.length && a - p <= 17 && isRegexSpace(text.charCodeAt(a))) a++;
    if (a < text.length && a - p <= 17 && isQuote(text.charCodeAt(a))) return b;
  }
  return -1;
}

/** `"cu" + "rl " + 'http://…'`: adjacent literals joined with `+` (JS, Python). */
function findConcat(text: string, out: DecodedSpan[]): void {
  const first = firstJoinedPair(text);
  if (first === -1) return;
  // Every match holds a joined pair, and starts at most one piece (≤ 1,024 units with escapes) plus
  // 17 before it: starting there finds exactly what a scan from the start finds.
  CONCAT_RE.lastIndex = Math.max(0, first - CONCAT_PIECE_REACH);
  for (let m = CONCAT_RE.exec(text); m; m = CONCAT_RE.exec(text)) {
    const parts = [...m[0].matchAll(/"((?:[^"\\\n]|\\.){0,512})"|'((?:[^'\\\n]|\\.){0,512})'/g)].map((p) => p[1] ?? p[2] ?? '');
    const decoded = parts.map((p) => p.replace(/\\(.)/g, (_, ch: string) => SIMPLE_ESCAPES[ch] ?? ch)).join('');
    if (parts.length < 2 || decoded.length < 6) continue;
    out.push({ decoder: 'concat', start: m.index, end: m.index + m[0].length, text: decoded, toSource: wholeSpan(m.index, m.index + m[0].length) });
  }
}

export const DECODER_NAMES = ['base64', 'hex', 'url', 'escape', 'charcode', 'concat'] as const;

/**
 * Literals a decoder needs present before it runs (lower-case). The engine registers them with its
 * keyword prefilter and answers `hasKeyword` from that pass instead of searching the text again.
 */
export const DECODER_KEYWORDS = ['fromcharcode', 'chr('] as const;

/** Every decodable span in `text` whose decoding reads as text. */
export function findEncodedSpans(text: string, hasKeyword: (keyword: string) => boolean = (k) => lowerOf(text).includes(k)): DecodedSpan[] {
  const out: DecodedSpan[] = [];
  findBase64AndHex(text, out);
  findUrlEncoded(text, out);
  findEscapes(text, out);
  if (DECODER_KEYWORDS.some(hasKeyword)) findCharCodes(text, out);
  findConcat(text, out);
  return out;
}
