// Worker thread: loads the detect engine once, then scans the batches of files the pool sends.
import { parentPort, workerData } from 'node:worker_threads';
import { scanFile, type DetectEngine } from './scan-file.js';
import type { FileScanOutput, FileTask } from './types.js';

interface WorkerInit {
  engineModule: string;
  streamThreshold: number;
}

const init = workerData as WorkerInit;
const enginePromise = import(init.engineModule) as Promise<DetectEngine>;

parentPort?.on('message', (msg: { id: number; tasks: FileTask[] }) => {
  void (async () => {
    try {
      const engine = await enginePromise;
      const outputs: FileScanOutput[] = [];
      for (const task of msg.tasks) outputs.push(await scanFile(task, engine, { streamThreshold: init.streamThreshold }));
      parentPort?.postMessage({ id: msg.id, outputs });
    } catch (err) {
      parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});
