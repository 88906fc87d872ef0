// Worker thread for the monitor's big body scans (see scan-offload.ts): whole bodies scanned in one
// engine call (from a shared slot or a moved buffer), and stream scanners keyed by id.
import { parentPort } from 'node:worker_threads';
import { createStreamScanner, scanText } from '../detect/index.js';
import type { Match, ScanContext } from '../detect/types.js';
import type { StreamScanner } from './inspect.js';
import { Slot, type FromWorker, type ScanSlots, type ToWorker } from './scan-offload.js';

const scanners = new Map<number, StreamScanner>();
let slots: ScanSlots | null = null;
let state: Int32Array | null = null;
/** Categories the proxy wants; null: all. */
let categories: Set<string> | null = null;

function wanted(ms: Match[]): Match[] {
  return categories === null || ms.length === 0 ? ms : ms.filter((m) => categories?.has(m.category));
}

function post(m: FromWorker): void {
  parentPort?.postMessage(m);
}

/** Scans a filled shared slot; answers only with matches (then the proxy's thread frees the slot). */
function scanSlot(id: number, ctx: ScanContext, slot: number, n: number): void {
  if (!slots || !state) return;
  let matches: Match[] = [];
  try {
    matches = wanted(scanText(Buffer.from(slots.data, slot * slots.size, n).toString('utf8'), ctx));
  } catch {
    // A failing scan reports nothing (the main thread forwards bytes regardless).
  }
  if (matches.length === 0) {
    Atomics.store(state, slot, Slot.Free);
    return;
  }
  // Reported before the message leaves, so the proxy's thread always sees it when the message lands.
  Atomics.store(state, slot, Slot.Reported);
  post({ id, matches, done: true, slot });
}

parentPort?.on('message', (m: ToWorker) => {
  if (m.t === 'init') {
    categories = m.categories === null ? null : new Set(m.categories);
    return;
  }
  if (m.t === 'slots') {
    slots = m.slots;
    state = new Int32Array(m.slots.state);
    return;
  }
  if (m.t === 'slot') return scanSlot(m.id, m.ctx, m.slot, m.n);
  try {
    if (m.t === 'whole') {
      const text = Buffer.from(m.b, 0, m.n).toString('utf8');
      post({ id: m.id, matches: wanted(scanText(text, m.ctx)), done: true });
      return;
    }
    if (m.t === 'open') {
      scanners.set(m.id, createStreamScanner(m.ctx, m.opts));
      return;
    }
    const s = scanners.get(m.id);
    if (!s) return;
    if (m.t === 'push') {
      const matches = wanted(s.push(m.b));
      if (matches.length > 0) post({ id: m.id, matches, done: false });
      return;
    }
    scanners.delete(m.id);
    post({ id: m.id, matches: wanted(s.end()), done: true });
  } catch {
    // A failing scan ends that stream only (the main thread forwards bytes regardless).
    scanners.delete(m.id);
    post({ id: m.id, matches: [], done: true });
  }
});
