// The test engine double, except that a file holding CRASH_MARKER kills the worker thread scanning it
// (as an out-of-memory abort would): the pool must retry the rest and report that one file.
import { createStreamScanner, scanText as scanWithDouble } from './engine-double.js';
import type { Match, ScanContext } from '../../detect/types.js';

export const CRASH_MARKER = 'CLAWGUARD-TEST-KILL-THE-SCAN-WORKER';

export function scanText(text: string, ctx: ScanContext): Match[] {
  if (text.includes(CRASH_MARKER)) process.exit(13);
  return scanWithDouble(text, ctx);
}

export { createStreamScanner };
