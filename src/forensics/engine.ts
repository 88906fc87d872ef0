// Binds forensics to the shared detection engine (`detect/`): one scan function, injectable for tests.
import { scanText } from '../detect/index.js';
import type { Match, ScanContext } from '../detect/types.js';

export type ScanFn = (text: string, ctx: ScanContext) => Match[];

export interface Engine {
  scan: ScanFn;
}

export function loadEngine(): Promise<Engine> {
  return Promise.resolve({ scan: scanText });
}
