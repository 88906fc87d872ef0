// Evidence for matches, built in one place: secrets as `prefix…(len, sha256:8)`, other hits as a short
// one-line snippet in which known secret spans and any other high-entropy token are redacted too.
import * as crypto from 'node:crypto';
import { redactSecret } from '../core/redact.js';
import { shannonEntropy } from './entropy.js';
import { countBelow } from './sorted.js';

/** Longest evidence snippet, in characters. */
export const MAX_EVIDENCE = 160;

/** sha256 (hex, 16 chars) of the matched text: the content hash used for suppressions and dedup. */
export function matchHash(text: string): string {
  return sha256Hex(text).slice(0, 16);
}

/** One-shot `crypto.hash` where Node has it (20.12+: no Hash object per call), else `createHash`. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = oneShot
  ? (text: string): string => oneShot('sha256', text, 'hex')
  : (text: string): string => crypto.createHash('sha256').update(text).digest('hex');

/** Tokens that look like credentials even when no rule named them (a bearer token inside a curl line). */
const TOKEN_RE = /[A-Za-z0-9_\-+/=.]{20,}/g;

function redactTokens(snippet: string): string {
  return snippet.replace(TOKEN_RE, (tok) => {
    if (/^[a-z.]+$/i.test(tok) || /^[\d.]+$/.test(tok)) return tok; // words, dotted names, versions
    if (/[/.]/.test(tok) && !/[A-Z]/.test(tok)) return tok; // lower-case paths and hostnames
    return shannonEntropy(tok) >= 3.6 ? redactSecret(tok) : tok;
  });
}

/**
 * Evidence for the span [start, end) of `text`: the span itself (clipped) with every [s, e) of
 * `secrets` that intersects it redacted, and other high-entropy tokens redacted as well.
 */
export function buildEvidence(text: string, start: number, end: number, secrets: ReadonlyArray<readonly [number, number]>): string {
  const clipEnd = Math.min(end, start + 400);
  let out = '';
  let pos = start;
  const inside = secrets.filter(([s, e]) => e > start && s < clipEnd).sort((a, b) => a[0] - b[0]);
  for (const [s, e] of inside) {
    const from = Math.max(s, pos);
    if (from >= e) continue;
    out += redactTokens(text.slice(pos, from)) + redactSecret(text.slice(s, e));
    pos = e;
  }
  if (pos < clipEnd) out += redactTokens(text.slice(pos, clipEnd));
  out = out.replace(/\s+/g, ' ').trim();
  if (out.length > MAX_EVIDENCE || clipEnd < end) out = `${out.slice(0, MAX_EVIDENCE - 1)}…`;
  return out;
}

type Span = readonly [number, number];

/**
 * Secret spans sorted once, answering which of them intersect a range: evidence for n matches then
 * costs O(n log n), not O(n²) (a file made of thousands of secrets must not stall the scan).
 */
export class SecretSpans {
  private readonly spans: Span[];
  private readonly starts: number[];
  private readonly longest: number;

  constructor(spans: readonly Span[]) {
    this.spans = [...spans].sort((a, b) => a[0] - b[0]);
    this.starts = this.spans.map((sp) => sp[0]);
    this.longest = this.spans.reduce((n, [s, e]) => Math.max(n, e - s), 0);
  }

  /** The spans intersecting [start, end), plus `extra` when given. */
  overlapping(start: number, end: number, extra?: Span): Span[] {
    const out: Span[] = [];
    // Only a span starting after `start - longest` can still reach past `start` (offsets are integers).
    for (let i = countBelow(this.starts, start - this.longest + 1); i < this.spans.length; i++) {
      const sp = this.spans[i] as Span;
      if (sp[0] >= end) break;
      if (sp[1] > start) out.push(sp);
    }
    if (extra) out.push(extra);
    return out;
  }
}
