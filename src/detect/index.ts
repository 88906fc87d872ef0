// The one detection engine: scanText for whole documents, a stream scanner for chunked callers, the rules.
import { compileRules, scanWith } from './engine.js';
import { RULES, getRule } from './rules/index.js';
import { createStreamScannerWith, type StreamScanner, type StreamScannerOptions } from './stream.js';
import type { Match, ScanContext } from './types.js';

const COMPILED = compileRules(RULES);

/**
 * Scans one whole document: keyword prefilter → matching rules → decoders (depth-bounded rescan) →
 * entropy/placeholder gates → context filters → composite rules → redacted evidence. Sorted by offset.
 * Never throws on any input; never returns a secret in clear.
 */
export function scanText(text: string, ctx: ScanContext): Match[] {
  return scanWith(COMPILED, text, ctx);
}

/** A chunked scanner (proxy bodies, huge files): see `StreamScanner`. */
export function createStreamScanner(ctx: ScanContext, options: StreamScannerOptions = {}): StreamScanner {
  return createStreamScannerWith(COMPILED, ctx, options);
}

/** Longest match any rule produces: a caller's chunk overlap should be at least this. */
export const MAX_MATCH_LENGTH = COMPILED.maxLength;

export { RULES, getRule };
export { contentKindForPath } from './kinds.js';
export type { StreamScanner, StreamScannerOptions };
export type * from './types.js';
