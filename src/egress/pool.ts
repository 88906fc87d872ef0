// Scans file tasks on a worker_threads pool (one per core) with a bounded queue; results come back by task index.
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
/** Old-generation heap per worker (MB); a file in memory costs about 3× its size (bytes, string, engine). */
const WORKER_OLD_GENERATION_MB = 128;

/**
 * Starts a scan worker. From source (tests under tsx) the worker registers tsx first, because
 * Node 20 does not carry `--import` loader hooks into worker threads.
 */
function startWorker(workerData: { engineModule: string; streamThreshold: number }): Worker {
  // A bounded heap per worker keeps the process's peak RSS flat as workspaces grow: V8 collects
  // earlier instead of growing each thread's heap. Files above the stream threshold never load whole.
  const resourceLimits = { maxOldGenerationSizeMb: WORKER_OLD_GENERATION_MB, maxYoungGenerationSizeMb: 8 };
  if (!FROM_SOURCE) return new Worker(WORKER_URL, { workerData, resourceLimits });
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then((m) => m.register()).then(() => import(${JSON.stringify(WORKER_URL.href)}))`;
  return new Worker(boot, { eval: true, workerData, resourceLimits });
}

export interface PoolOptions {
  /** Worker threads; 0 runs on the calling thread. */
  workers: number;
  engineModule: string;
  streamThreshold: number;
  signal?: AbortSignal;
  onResult?(output: FileScanOutput, task: FileTask): void;
}

/** How many workers a scan deserves: none for a handful of small files, else one per core. */
export function chooseWorkerCount(tasks: readonly FileTask[], requested?: number): number {
  if (requested !== undefined) return Math.max(0, Math.floor(requested));
  const bytes = tasks.reduce((n, t) => n + t.size, 0);
  if (tasks.length < 64 && bytes < 2 * 1024 * 1024) return 0;
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(tasks.length / 8)));
}

function batchTasks(tasks: readonly FileTask[], streamThreshold: number): FileTask[][] {
  const batches: FileTask[][] = [];
  let current: FileTask[] = [];
  let bytes = 0;
  for (const task of tasks) {
    if (task.size > streamThreshold) {
      batches.push([task]);
      continue;
    }
    if (current.length >= BATCH_FILES || (bytes + task.size > BATCH_BYTES && current.length > 0)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(task);
    bytes += task.size;
  }
  if (current.length) batches.push(current);
  return batches;
}

export async function scanTasks(tasks: readonly FileTask[], options: PoolOptions): Promise<FileScanOutput[]> {
  const results: FileScanOutput[] = new Array(tasks.length);
  const record = (output: FileScanOutput) => {
    const task = tasks[output.index] as FileTask;
    results[output.index] = output;
    options.onResult?.(output, task);
  };
  if (tasks.length === 0) return results;
  if (options.workers === 0) {
    const engine = (await import(options.engineModule)) as DetectEngine;
    let next = 0;
    const lane = async () => {
      while (next < tasks.length && !options.signal?.aborted) {
        const task = tasks[next++] as FileTask;
        record(await scanFile(task, engine, { streamThreshold: options.streamThreshold }));
      }
    };
    await Promise.all([lane(), lane(), lane(), lane()]);
    return results;
  }
  const batches = batchTasks(tasks, options.streamThreshold);
  const workers: Worker[] = [];
  try {
    await new Promise<void>((resolve, reject) => {
      let nextBatch = 0;
      let done = 0;
      let failed = false;
      const fail = (err: Error) => {
        if (failed) return;
        failed = true;
        reject(err);
      };
      const onAbort = () => fail(new ClawguardError('CG_USAGE', 'Scan interrupted.'));
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const dispatch = (worker: Worker) => {
        if (failed || nextBatch >= batches.length) return false;
        const id = nextBatch++;
        worker.postMessage({ id, tasks: batches[id] });
        return true;
      };
      for (let i = 0; i < Math.min(options.workers, batches.length); i++) {
        const worker = startWorker({ engineModule: options.engineModule, streamThreshold: options.streamThreshold });
        workers.push(worker);
        worker.on('message', (msg: { id: number; outputs?: FileScanOutput[]; error?: string }) => {
          if (msg.error !== undefined) return fail(new ClawguardError('CG_INTERNAL', `Scan worker failed: ${msg.error}`));
          for (const output of msg.outputs ?? []) record(output);
          done++;
          if (done === batches.length) {
            options.signal?.removeEventListener('abort', onAbort);
            resolve();
          } else dispatch(worker);
        });
        worker.on('error', (err) => fail(new ClawguardError('CG_INTERNAL', `Scan worker crashed: ${err.message}`, { cause: err })));
        worker.on('exit', (code) => {
          if (code !== 0 && done < batches.length) fail(new ClawguardError('CG_INTERNAL', `Scan worker exited with code ${code}.`));
        });
        for (let k = 0; k < IN_FLIGHT_PER_WORKER; k++) dispatch(worker);
      }
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return results;
}
