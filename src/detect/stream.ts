// Streaming scanner for the proxy and huge files: an overlap window so a secret split across chunks is
// found exactly once, offsets/lines relative to the whole stream, UTF-8 split across chunks handled,
// memory bounded by the window.
import type { RuleSet } from './engine.js';
import { scanWith } from './engine.js';
import type { Match, ScanContext } from './types.js';

export interface StreamScannerOptions {
  /** Characters of the previous window kept in front of the next chunk; default ≥ the longest rule match. */
  overlap?: number;
  /** Chunks are coalesced until this many new characters are pending (fewer scans of tiny chunks); default 16 KiB. */
  minScanChars?: number;
}

export interface StreamScanner {
  /** Feeds a chunk; returns the matches that became final. */
  push(chunk: string | Uint8Array): Match[];
  /** Flushes everything pending, including document-level rules; the scanner is done after this. */
  end(): Match[];
}

/**
 * How a window is cut: text before `committed` is final. A match is reported by the window in which its
 * end crosses `committed`, so the same match is never reported twice, and a match touching a window's
 * right edge waits for more text (a token may continue in the next chunk).
 */
export function createStreamScannerWith(set: RuleSet, ctx: ScanContext, options: StreamScannerOptions = {}): StreamScanner {
  const holdback = Math.max(256, Math.min(2048, set.maxLength));
  const overlap = Math.max(options.overlap ?? 0, set.maxLength + holdback);
  const minScan = options.minScanChars ?? 16 * 1024;
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let window = ''; // text from `windowStart` on
  let windowStart = 0; // stream offset of window[0]
  let lineAtWindowStart = 1; // 1-based line of window[0]
  let colAtWindowStart = 1; // 1-based column of window[0]
  let committed = 0; // stream offset: matches ending at or before it were reported already
  let pending = 0; // characters pushed since the last scan
  let ended = false;
  const seen = new Set<string>(); // recent keys, pruned as the window moves
  const docMatches: Match[] = []; // compact record for the composite rules at end()

  const relocate = (m: Match): Match => {
    const start = m.start + windowStart;
    const line = m.line - 1 + lineAtWindowStart;
    const column = m.line === 1 ? m.column - 1 + colAtWindowStart : m.column;
    return { ...m, start, end: m.end + windowStart, line, column };
  };

  const scan = (final: boolean): Match[] => {
    pending = 0;
    if (window.length === 0) return [];
    const matches = scanWith(set, window, { ...ctx, signatureData: ctx.signatureData }).filter((m) => !set.composites.some((c) => c.id === m.ruleId));
    const limit = final ? Number.POSITIVE_INFINITY : windowStart + window.length - holdback;
    const out: Match[] = [];
    for (const local of matches) {
      const m = relocate(local);
      if (m.end <= committed || m.end > limit) continue;
      const key = `${m.ruleId}\0${m.start}\0${m.end}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(m);
    }
    const newCommitted = final ? windowStart + window.length : Math.max(committed, limit);
    committed = newCommitted;
    // Slide: keep `overlap` characters before the committed point.
    const keepFrom = Math.max(windowStart, committed - overlap);
    if (keepFrom > windowStart) {
      const dropped = window.slice(0, keepFrom - windowStart);
      let nl = 0;
      let lastNl = -1;
      for (let i = dropped.indexOf('\n'); i !== -1; i = dropped.indexOf('\n', i + 1)) {
        nl++;
        lastNl = i;
      }
      lineAtWindowStart += nl;
      colAtWindowStart = lastNl === -1 ? colAtWindowStart + dropped.length : dropped.length - lastNl;
      window = window.slice(keepFrom - windowStart);
      windowStart = keepFrom;
      for (const key of seen) {
        const end = Number(key.slice(key.lastIndexOf('\0') + 1));
        if (end < windowStart) seen.delete(key);
      }
    }
    for (const m of out) if (docMatches.length < 10_000) docMatches.push(m);
    return out;
  };

  return {
    push(chunk) {
      if (ended) throw new Error('stream scanner already ended');
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      window += text;
      pending += text.length;
      return pending >= minScan ? scan(false) : [];
    },
    end() {
      if (ended) return [];
      ended = true;
      window += decoder.decode();
      const out = scan(true);
      // Document-level rules over what the whole stream produced (offsets already stream-relative).
      for (const rule of set.composites) {
        if (rule.kinds && !rule.kinds.includes(ctx.kind)) continue;
        for (const hit of rule.compose?.(docMatches, '', ctx) ?? []) {
          const anchor = docMatches.find((m) => m.start === hit.start && m.end === hit.end);
          out.push({
            ruleId: rule.id,
            severity: rule.severity,
            category: rule.category,
            title: rule.title,
            start: hit.start,
            end: hit.end,
            line: anchor?.line ?? 1,
            column: anchor?.column ?? 1,
            evidence: anchor?.evidence ?? '',
            hash: anchor?.hash ?? '',
            decodedBy: [],
            ...(hit.detail ? { detail: hit.detail } : {}),
          });
        }
      }
      return out.sort((a, b) => a.start - b.start || a.ruleId.localeCompare(b.ruleId));
    },
  };
}
