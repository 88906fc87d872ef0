// Redaction of secrets for every output path: `prefix…(len, sha256:8)`, never the cleartext.
import { createHash } from 'node:crypto';

/** How many leading characters of a secret are shown; enough to identify the kind (`sk-ant-`, `ghp_`). */
const PREFIX_CHARS = 6;

export function shortHash(value: string, length = 8): string {
  return createHash('sha256').update(value).digest('hex').slice(0, length);
}

/**
 * Redacts a secret: the first few characters (never more than a quarter of it), its length and a
 * short hash, so two findings of the same secret can be correlated without revealing it.
 */
export function redactSecret(secret: string): string {
  const shown = Math.min(PREFIX_CHARS, Math.floor(secret.length / 4));
  return `${secret.slice(0, shown)}…(${secret.length}, sha256:${shortHash(secret)})`;
}

/** Replaces `secret` inside `text` by its redacted form (all occurrences). */
export function redactIn(text: string, secret: string): string {
  if (!secret) return text;
  return text.split(secret).join(redactSecret(secret));
}

/** Replaces every [start, end) span of `text` by its redaction; spans may overlap or be unsorted. */
export function redactSpans(text: string, spans: ReadonlyArray<readonly [number, number]>): string {
  if (spans.length === 0) return text;
  const sorted = [...spans].sort((a, b) => a[0] - b[0]);
  const merged: Array<[number, number]> = [];
  for (const [s, e] of sorted) {
    const last = merged[merged.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else merged.push([s, e]);
  }
  let out = '';
  let pos = 0;
  for (const [s, e] of merged) {
    out += text.slice(pos, s) + redactSecret(text.slice(s, e));
    pos = e;
  }
  return out + text.slice(pos);
}

/** Cuts a snippet to `max` characters around the middle of interest, on one line. */
export function clipSnippet(text: string, max = 200): string {
  const oneLine = text.replace(/[\r\n\t]+/g, ' ');
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}
