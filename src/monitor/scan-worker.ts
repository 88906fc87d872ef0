// Worker thread for the monitor's big body scans (see scan-offload.ts): whole bodies scanned in one
// engine call, and stream scanners keyed by id.
import { parentPort } from 'node:worker_threads';
import { createStreamScanner, scanText } from '../detect/index.js';
import type { ScanContext } from '../detect/types.js';
import type { StreamScanner } from './inspect.js';
import type { ToWorker } from './scan-offload.js';

const scanners = new Map<number, StreamScanner>();

parentPort?.on('message', (m: ToWorker) => {
  try {
    if (m.t === 'whole') {
      const text = Buffer.from(m.b, 0, m.n).toString('utf8');
      parentPort?.postMessage({ id: m.id, matches: scanText(text, m.ctx as ScanContext), done: true });
      return;
    }
    if (m.t === 'open') {
      scanners.set(m.id, createStreamScanner(m.ctx as ScanContext, m.opts));
      return;
    }
    const s = scanners.get(m.id);
    if (!s) return;
    if (m.t === 'push') {
      const matches = s.push(m.b);
      if (matches.length > 0) parentPort?.postMessage({ id: m.id, matches, done: false });
      return;
    }
    scanners.delete(m.id);
    parentPort?.postMessage({ id: m.id, matches: s.end(), done: true });
  } catch {
    // A failing scan ends that stream only (the main thread forwards bytes regardless).
    scanners.delete(m.id);
    parentPort?.postMessage({ id: m.id, matches: [], done: true });
  }
});
