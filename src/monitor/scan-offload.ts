// Big response bodies are scanned on a worker thread, so the proxy's thread only relays: one 64 KB
// scan costs the engine ~0.5–3 ms here, as much as relaying a whole megabyte. Small bodies (most API
// answers) stay on the proxy's thread, where a scan is cheaper than the message to a worker.
//
// A body of known length is scanned whole (see BodyTap). Its scan input is built in a slot of a
// SharedArrayBuffer both threads see (`ScanSlots`): the message to the worker is then a few numbers
// (no allocation, no transfer), and the worker answers only when it found something; it frees the slot
// itself when it did not. Without a free slot, the body's own buffer is moved to the worker (`whole`,
// answered always). A streamed body opens a stream scanner there and pushes chunks to it.
import { Worker } from 'node:worker_threads';
import type { Match, ScanContext } from '../detect/types.js';

/** Slot states in `ScanSlots.state` (an Int32Array on shared memory). */
export const Slot = {
  /** Free: the proxy's thread may take it. */
  Free: 0,
  /** Being filled by the proxy's thread. */
  Filling: 1,
  /** Sent to the worker. */
  Scanning: 2,
  /** The worker posted matches for it: the proxy's thread frees it once delivered. */
  Reported: 3,
} as const;

/** Shared scan buffers: `count` slots of `size` bytes, and their states. */
export interface ScanSlots {
  data: SharedArrayBuffer;
  state: SharedArrayBuffer;
  size: number;
  count: number;
}

export type ToWorker =
  | { t: 'init'; categories: string[] | null }
  | { t: 'slots'; slots: ScanSlots }
  | { t: 'slot'; id: number; ctx: ScanContext; slot: number; n: number }
  | { t: 'whole'; id: number; ctx: ScanContext; b: ArrayBuffer; n: number }
  | { t: 'open'; id: number; ctx: ScanContext; opts: { overlap: number; minScanChars: number } }
  | { t: 'push'; id: number; b: Uint8Array }
  | { t: 'end'; id: number };

export interface FromWorker {
  id: number;
  matches: Match[];
  done: boolean;
  /** Set when the matches are for a shared slot (which the proxy's thread frees after delivering them). */
  slot?: number;
}

/** One body streamed to the worker. */
export interface RemoteScan {
  push(chunk: Uint8Array): void;
  end(): void;
}

/** A slot taken by the proxy's thread: `buf` is its memory (valid until released or sent). */
export interface SlotLease {
  index: number;
  buf: Buffer;
}

/** Total shared memory for slots (allocated on the first big body): 32 slots of 64 KB by default. */
const SLOT_POOL_BYTES = 2 * 1024 * 1024;
const MAX_SLOTS = 32;

export interface ScanOffloadOptions {
  overlap: number;
  minScanChars: number;
  /** Size of a shared slot: the most a whole-body scan holds (max_scan_bytes). 0: no shared slots. */
  slotBytes?: number;
  /**
   * Match categories the caller wants (others are dropped on the worker, so a body whose only matches
   * are, say, URLs costs no answer at all). Default: every match.
   */
  categories?: readonly string[];
}

export class ScanOffload {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 1;
  private readonly sinks = new Map<number, (m: Match[]) => void>();
  private slots: ScanSlots | null = null;
  private state: Int32Array | null = null;
  /** Per slot: the id and sink of the scan it carries. */
  private readonly slotIds: number[] = [];
  private readonly slotSinks: Array<((m: Match[]) => void) | null> = [];
  /** Where the search for a free slot starts (round robin). */
  private nextSlot = 0;

  constructor(private readonly opts: ScanOffloadOptions, private readonly onError?: (err: unknown) => void) {}

  /** Whether bodies can go to the worker (false once it failed: scans stay on the proxy's thread). */
  get available(): boolean {
    return !this.broken;
  }

  /** Scans in flight (tests, close). */
  get pending(): number {
    let n = this.sinks.size;
    const st = this.state;
    if (st) for (let i = 0; i < st.length; i++) if (Atomics.load(st, i) >= Slot.Scanning) n++;
    return n;
  }

  /**
   * Takes a free shared slot big enough for `bytes`, or null (none free, too big, worker unavailable).
   * The caller fills `buf`, then hands it over with `scanSlot`, or gives it back with `releaseSlot`.
   */
  acquireSlot(bytes: number): SlotLease | null {
    if (this.broken) return null;
    const size = this.opts.slotBytes ?? 0;
    if (bytes > size || size > SLOT_POOL_BYTES / 2) return null;
    if (this.slots === null && !this.createSlots(size)) return null;
    const slots = this.slots as ScanSlots;
    const st = this.state as Int32Array;
    for (let k = 0; k < slots.count; k++) {
      const i = (this.nextSlot + k) % slots.count;
      if (Atomics.load(st, i) !== Slot.Free) continue;
      Atomics.store(st, i, Slot.Filling);
      this.nextSlot = (i + 1) % slots.count;
      return { index: i, buf: Buffer.from(slots.data, i * slots.size, slots.size) };
    }
    return null;
  }

  /** Gives back a slot that was not sent (scanned here, or abandoned). */
  releaseSlot(lease: SlotLease): void {
    const st = this.state;
    if (st && Atomics.load(st, lease.index) === Slot.Filling) Atomics.store(st, lease.index, Slot.Free);
  }

  /** Scans the first `n` bytes of a filled slot on the worker; false when it is unavailable (the slot stays the caller's). */
  scanSlot(ctx: ScanContext, lease: SlotLease, n: number, onMatches: (m: Match[]) => void): boolean {
    const w = this.ensure();
    const st = this.state;
    if (!w || !st) return false;
    const id = this.nextId++;
    this.slotIds[lease.index] = id;
    this.slotSinks[lease.index] = onMatches;
    Atomics.store(st, lease.index, Slot.Scanning);
    w.postMessage({ t: 'slot', id, ctx, slot: lease.index, n } satisfies ToWorker);
    return true;
  }

  /**
   * Scans the first `n` bytes of `bytes` with one engine call on the worker. The buffer moves to the
   * worker when it is its own ArrayBuffer (it is unusable here afterwards); else its bytes are copied.
   * False when the worker is unavailable (the caller scans here).
   */
  scanWhole(ctx: ScanContext, bytes: Buffer, n: number, onMatches: (m: Match[]) => void): boolean {
    const w = this.ensure();
    if (!w) return false;
    const id = this.nextId++;
    this.sinks.set(id, onMatches);
    const ab = bytes.buffer;
    const own = ab instanceof ArrayBuffer && bytes.byteOffset === 0 && ab.byteLength === bytes.length && n <= bytes.length;
    const b = own ? ab : (bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n) as ArrayBuffer);
    w.postMessage({ t: 'whole', id, ctx, b, n } satisfies ToWorker, [b]);
    return true;
  }

  open(ctx: ScanContext, onMatches: (m: Match[]) => void): RemoteScan | null {
    const w = this.ensure();
    if (!w) return null;
    const id = this.nextId++;
    this.sinks.set(id, onMatches);
    w.postMessage({ t: 'open', id, ctx, opts: { overlap: this.opts.overlap, minScanChars: this.opts.minScanChars } } satisfies ToWorker);
    let ended = false;
    return {
      push: (chunk) => {
        if (ended || this.broken) return;
        // Its own ArrayBuffer, moved (not copied again) to the worker.
        const copy = new Uint8Array(chunk);
        w.postMessage({ t: 'push', id, b: copy } satisfies ToWorker, [copy.buffer]);
      },
      end: () => {
        if (ended) return;
        ended = true;
        if (!this.broken) w.postMessage({ t: 'end', id } satisfies ToWorker);
      },
    };
  }

  /** Waits (up to `graceMs`) for scans in flight to report, then stops the worker. */
  async close(graceMs = 2000): Promise<void> {
    const deadline = Date.now() + graceMs;
    while (this.pending > 0 && this.worker && !this.broken && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const w = this.worker;
    this.worker = null;
    this.broken = true;
    this.sinks.clear();
    this.slotSinks.fill(null);
    if (w) await w.terminate();
  }

  private createSlots(size: number): boolean {
    const count = Math.min(MAX_SLOTS, Math.floor(SLOT_POOL_BYTES / Math.max(size, 1)));
    if (count < 2) return false;
    const w = this.ensure();
    if (!w) return false;
    const slots: ScanSlots = { data: new SharedArrayBuffer(count * size), state: new SharedArrayBuffer(count * 4), size, count };
    this.slots = slots;
    this.state = new Int32Array(slots.state);
    w.postMessage({ t: 'slots', slots } satisfies ToWorker);
    return true;
  }

  private received(m: FromWorker): void {
    if (m.slot !== undefined) {
      const i = m.slot;
      const sink = this.slotIds[i] === m.id ? this.slotSinks[i] : null;
      this.slotSinks[i] = null;
      if (this.state && Atomics.load(this.state, i) === Slot.Reported) Atomics.store(this.state, i, Slot.Free);
      if (sink && m.matches.length > 0) sink(m.matches);
      return;
    }
    const sink = this.sinks.get(m.id);
    if (m.done) this.sinks.delete(m.id);
    if (sink && m.matches.length > 0) sink(m.matches);
  }

  private ensure(): Worker | null {
    if (this.broken) return null;
    if (this.worker) return this.worker;
    try {
      const fromSource = import.meta.url.endsWith('.ts');
      const file = new URL(fromSource ? './scan-worker.ts' : './scan-worker.js', import.meta.url).href;
      // From sources (tests, tsx), the worker registers tsx itself before loading the TypeScript file.
      const w = fromSource
        ? new Worker(`import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((t) => { t.register(); return import(${JSON.stringify(file)}); });`, { eval: true })
        : new Worker(new URL(file));
      w.unref();
      w.postMessage({ t: 'init', categories: this.opts.categories ? [...this.opts.categories] : null } satisfies ToWorker);
      w.on('message', (m: FromWorker) => this.received(m));
      const fail = (err: unknown): void => {
        if (this.broken) return;
        this.broken = true;
        this.worker = null;
        this.sinks.clear();
        this.slotSinks.fill(null);
        this.onError?.(err);
      };
      w.on('error', fail);
      w.on('exit', (code) => fail(new Error(`scan worker exited with code ${code}`)));
      this.worker = w;
      return w;
    } catch (err) {
      this.broken = true;
      this.onError?.(err);
      return null;
    }
  }
}
