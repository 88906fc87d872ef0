// Scans file tasks as the walk finds them: on the calling thread for small scans, else on a worker_threads
// pool (one per core) fed in batches with a bounded queue. A worker that dies takes no results with it:
// its batches are retried, and a file that kills a worker twice is reported as not scanned.
import { lstatSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ClawguardError } from '../core/errors.js';
import { scanFile, type DetectEngine } from './scan-file.js';
import type { FileScanOutput, FileTask } from './types.js';

const FROM_SOURCE = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCE ? './worker.ts' : './worker.js', import.meta.url);
export const DEFAULT_ENGINE_MODULE = new URL(FROM_SOURCE ? '../detect/index.ts' : '../detect/index.js', import.meta.url).href;

/** A batch holds at most this many files or bytes, so one worker never sits on a long tail. */
const BATCH_FILES = 64;
const BATCH_BYTES = 4 * 1024 * 1024;
/** Batches in flight per worker: one running, one queued (bounded memory, no idle gaps). */
const IN_FLIGHT_PER_WORKER = 2;
/** Smallest batch sent while the queue drains at the end of a scan (see `dispatch`). */
const MIN_TAIL_BATCH = 4;
/** Old-generation heap per worker (MB); a file in memory costs about 3× its size (bytes, string, engine). */
const WORKER_OLD_GENERATION_MB = 128;
/** Below this many files and bytes a scan stays on the calling thread (starting workers costs more). */
const IN_THREAD_FILES = 64;
const IN_THREAD_BYTES = 2 * 1024 * 1024;
/** Replacement workers started after crashes before the scan gives up. */
const MAX_RESPAWNS = 8;

/**
 * Starts a scan worker. From source (tests under tsx) the worker registers tsx first, because
 * Node 20 does not carry `--import` loader hooks into worker threads.
 */
function startWorker(workerData: { engineModule: string; streamThreshold: number }): Worker {
  // A bounded heap per worker keeps the process's peak RSS flat as workspaces grow: V8 collects
  // earlier instead of growing each thread's heap. Files above the stream threshold never load whole.
  // The young generation gets 32 MB: every file's text dies young, and with 8 MB a worker spent about
  // a quarter more time in scavenges (10,000-skill bench: ~125 vs ~80 per worker; +10 MB peak RSS).
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB, maxYoungGenerationSizeMb: 32 };
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(WORKER_URL.href)}))`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

function sizeOnDisk(path: string): number {
  try {
    return lstatSync(path).size;
  } catch {
    return 0;
  }
}

/** The error a scan stopped by its signal ends with: partial results are never reported as a clean scan. */
export function interrupted(): ClawguardError {
  return new ClawguardError('CG_INTERRUPTED', 'Scan interrupted before it finished; the results are incomplete and nothing was judged clean.');
}

export interface PoolOptions {
  /** Worker threads; 0 scans on the calling thread; undefined decides from the work (see `IN_THREAD_*`). */
  workers?: number;
  engineModule: string;
  streamThreshold: number;
  signal?: AbortSignal;
  onResult?(output: FileScanOutput, task: FileTask): void;
}

export interface ScanPool {
  /** Queues a task; `task.index` must be unique and dense from 0 (it indexes the results). */
  add(task: FileTask): void;
  /** Resolves with every added task's output, by index, once all are scanned. */
  finish(): Promise<FileScanOutput[]>;
  /** Stops every worker without waiting for results (after an error elsewhere). */
  close(): Promise<void>;
  /** Worker threads used so far (0: the calling thread). */
  readonly workers: number;
}

interface Batch {
  tasks: FileTask[];
  /** Crashes this batch has been part of. */
  failures: number;
}

interface Slot {
  worker: Worker;
  inFlight: Map<number, Batch>;
}

export function createScanPool(options: PoolOptions): ScanPool {
  const tasks: FileTask[] = [];
  const results: FileScanOutput[] = [];
  const buffered: FileTask[] = [];
  let bufferedBytes = 0;
  const slots: Slot[] = [];
  const queue: Batch[] = [];
  let nextBatchId = 0;
  let current: FileTask[] = [];
  let currentBytes = 0;
  let started = false;
  let finishing = false;
  let closing = false;
  let respawns = 0;
  let failure: Error | undefined;
  let settle: { resolve(): void; reject(err: Error): void } | undefined;

  const record = (output: FileScanOutput) => {
    const task = tasks[output.index] as FileTask;
    results[output.index] = output;
    options.onResult?.(output, task);
  };

  const done = () => queue.length === 0 && current.length === 0 && slots.every((slot) => slot.inFlight.size === 0);
  const maybeSettle = () => {
    if (!settle) return;
    if (failure) settle.reject(failure);
    else if (finishing && done()) settle.resolve();
  };
  const fail = (err: Error) => {
    failure ??= err;
    maybeSettle();
  };

  /** Files in `queue` (not yet sent to a worker). */
  let queuedFiles = 0;
  /** Whether a slot runs a retried file: it runs alone, so a second crash is that file's own. */
  const runsRetry = (slot: Slot) => [...slot.inFlight.values()].some((b) => b.failures > 0);
  const dispatch = () => {
    if (failure) return;
    for (const slot of slots) {
      while (slot.inFlight.size < IN_FLIGHT_PER_WORKER && queue.length > 0 && !runsRetry(slot)) {
        if ((queue[0] as Batch).failures > 0 && slot.inFlight.size > 0) break;
        let batch = queue.shift() as Batch;
        // Once every file is known, batches shrink as the queue drains (a share of what is left per
        // batch slot), so the workers finish together instead of one idling while the other works
        // through its last two full batches (file sizes are unknown until read: one may hold a big file).
        if (finishing) {
          const share = Math.max(MIN_TAIL_BATCH, Math.ceil(queuedFiles / (slots.length * IN_FLIGHT_PER_WORKER)));
          const length = batch.tasks.length;
          if (length > share) {
            // Even pieces (64 files over a share of 63 go as 32 + 32, not 63 + 1).
            const size = Math.ceil(length / Math.ceil(length / share));
            queue.unshift({ tasks: batch.tasks.slice(size), failures: batch.failures });
            batch = { tasks: batch.tasks.slice(0, size), failures: batch.failures };
          }
        }
        queuedFiles -= batch.tasks.length;
        const id = nextBatchId++;
        slot.inFlight.set(id, batch);
        slot.worker.postMessage({ id, tasks: batch.tasks });
      }
    }
  };

  const enqueue = (list: FileTask[]) => {
    if (list.length === 0) return;
    queue.push({ tasks: list, failures: 0 });
    queuedFiles += list.length;
    dispatch();
  };

  /** A dead worker's batches go back in the queue, split to single files; a file failing twice is reported. */
  const recover = (slot: Slot, reason: string) => {
    const index = slots.indexOf(slot);
    if (index < 0) return;
    slots.splice(index, 1);
    for (const batch of slot.inFlight.values()) {
      if (batch.failures >= 1 && batch.tasks.length === 1) {
        const task = batch.tasks[0] as FileTask;
        record({ index: task.index, bytes: 0, matches: [], events: [{ kind: 'unreadable', detail: `the scan worker failed on this file (${reason}); it was not scanned` }] });
        continue;
      }
      for (const task of batch.tasks) queue.push({ tasks: [task], failures: batch.failures + 1 });
      queuedFiles += batch.tasks.length;
    }
    slot.inFlight.clear();
    if (respawns++ >= MAX_RESPAWNS) return fail(new ClawguardError('CG_INTERNAL', `Scan workers kept failing (${reason}).`));
    spawn();
    dispatch();
    maybeSettle();
  };

  const spawn = () => {
    const worker = startWorker({ engineModule: options.engineModule, streamThreshold: options.streamThreshold });
    const slot: Slot = { worker, inFlight: new Map() };
    slots.push(slot);
    worker.on('message', (msg: { id: number; outputs?: FileScanOutput[]; error?: string }) => {
      const batch = slot.inFlight.get(msg.id);
      slot.inFlight.delete(msg.id);
      if (msg.error !== undefined) return fail(new ClawguardError('CG_INTERNAL', `Scan worker failed: ${msg.error}`));
      if (batch) for (const output of msg.outputs ?? []) record(output);
      dispatch();
      maybeSettle();
    });
    worker.on('error', (err) => recover(slot, err.message));
    // Any exit the pool did not ask for is a crash (recover ignores a slot already recovered on 'error').
    worker.on('exit', (code) => {
      if (!closing) recover(slot, `exit code ${code}`);
    });
  };

  const startWorkers = (count: number) => {
    started = true;
    for (let i = 0; i < count; i++) spawn();
    for (const task of buffered.splice(0)) addToBatch(task);
    bufferedBytes = 0;
  };

  const flushCurrent = () => {
    const list = current;
    current = [];
    currentBytes = 0;
    enqueue(list);
  };

  /** Batches are cut by file count, and by bytes where sizes are known (the walk does not stat plain files). */
  const addToBatch = (task: FileTask) => {
    const size = task.size ?? 0;
    if (size > options.streamThreshold) return enqueue([task]);
    if (current.length >= BATCH_FILES || (currentBytes + size > BATCH_BYTES && current.length > 0)) flushCurrent();
    current.push(task);
    currentBytes += size;
    if (current.length >= BATCH_FILES) flushCurrent();
  };

  const onAbort = () => fail(interrupted());
  options.signal?.addEventListener('abort', onAbort, { once: true });

  const scanInThread = async () => {
    const engine = (await import(options.engineModule)) as DetectEngine;
    let next = 0;
    const lane = async () => {
      while (next < buffered.length && !options.signal?.aborted) {
        const task = buffered[next++] as FileTask;
        record(await scanFile(task, engine, { streamThreshold: options.streamThreshold }));
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
  };

  const close = async () => {
    options.signal?.removeEventListener('abort', onAbort);
    closing = true;
    await Promise.all(slots.map((s) => s.worker.terminate()));
  };

  return {
    get workers() {
      return slots.length;
    },
    close,
    add(task) {
      tasks[task.index] = task;
      if (started) return addToBatch(task);
      buffered.push(task);
      // Whether the scan is worth workers depends on its bytes: the few files seen before that is
      // decided are stat'ed here (at most IN_THREAD_FILES of them).
      if (options.workers === undefined) task.size ??= sizeOnDisk(task.path);
      bufferedBytes += task.size ?? 0;
      const requested = options.workers;
      if (requested === 0) return;
      if (requested !== undefined || buffered.length >= IN_THREAD_FILES || bufferedBytes >= IN_THREAD_BYTES) {
        startWorkers(requested ?? availableParallelism());
      }
    },
    async finish() {
      finishing = true;
      try {
        if (!started) {
          await scanInThread();
          return results;
        }
        flushCurrent();
        await new Promise<void>((resolve, reject) => {
          settle = { resolve, reject };
          maybeSettle();
        });
        return results;
      } finally {
        await close();
      }
    },
  };
}
