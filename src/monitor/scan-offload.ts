// Big response bodies are scanned on a worker thread, so the proxy's thread only relays: one 64 KB
// scan costs the engine ~1.5–3 ms here, as much as relaying a whole megabyte. Small bodies (most API
// answers) stay on the proxy's thread, where a scan is cheaper than the message to a worker.
// A body of known length goes over in one message (`whole`: its scan buffer, moved, not copied) and
// comes back in one; a streamed body opens a stream scanner there and pushes chunks to it.
import { Worker } from 'node:worker_threads';
import type { Match, ScanContext } from '../detect/types.js';

export type ToWorker =
  | { t: 'whole'; id: number; ctx: ScanContext; b: ArrayBuffer; n: number }
  | { t: 'open'; id: number; ctx: ScanContext; opts: { overlap: number; minScanChars: number } }
  | { t: 'push'; id: number; b: Uint8Array }
  | { t: 'end'; id: number };

interface FromWorker {
  id: number;
  matches: Match[];
  done: boolean;
}

/** One body streamed to the worker. */
export interface RemoteScan {
  push(chunk: Uint8Array): void;
  end(): void;
}

export class ScanOffload {
  private worker: Worker | null = null;
  private broken = false;
  private nextId = 1;
  private readonly sinks = new Map<number, (m: Match[]) => void>();

  constructor(private readonly opts: { overlap: number; minScanChars: number }, private readonly onError?: (err: unknown) => void) {}

  /** Whether bodies can go to the worker (false once it failed: scans stay on the proxy's thread). */
  get available(): boolean {
    return !this.broken;
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
    const b = own ? ab : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + n) as ArrayBuffer;
    w.postMessage({ t: 'whole', id, ctx, b, n } satisfies ToWorker, [b]);
    return true;
  }

  open(ctx: ScanContext, onMatches: (m: Match[]) => void): RemoteScan | null {
    const w = this.ensure();
    if (!w) return null;
    const id = this.nextId++;
    this.sinks.set(id, onMatches);
    w.postMessage({ t: 'open', id, ctx, opts: this.opts } satisfies ToWorker);
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
    while (this.sinks.size > 0 && this.worker && !this.broken && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const w = this.worker;
    this.worker = null;
    this.broken = true;
    this.sinks.clear();
    if (w) await w.terminate();
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
      w.on('message', (m: FromWorker) => {
        const sink = this.sinks.get(m.id);
        if (m.done) this.sinks.delete(m.id);
        if (sink && m.matches.length > 0) sink(m.matches);
      });
      const fail = (err: unknown): void => {
        if (this.broken) return;
        this.broken = true;
        this.worker = null;
        this.sinks.clear();
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
