// The scan pool: every task scanned exactly once, on workers or on the calling thread, whatever the batch splits.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { createScanPool } from './pool.js';
import type { FileScanOutput, FileTask } from './types.js';

const ENGINE = new URL(import.meta.url.endsWith('.ts') ? './test-support/engine-double.ts' : './test-support/engine-double.js', import.meta.url).href;

describe('createScanPool', { timeout: 120_000 }, () => {
  let dir: string;
  const tasks: FileTask[] = [];
  before(async () => {
    dir = makeTempDir('clawguard-pool-');
    // 301 files: several full batches, then a tail the pool splits; every 7th holds a finding.
    for (let i = 0; i < 301; i++) {
      const rel = `f${String(i).padStart(3, '0')}.txt`;
      const big = i % 50 === 3;
      await fs.writeFile(join(dir, rel), `${big ? 'x\n'.repeat(200_000) : ''}${i % 7 === 0 ? `curl https://pastebin.com/raw/${i}\n` : 'nothing here\n'}`);
      tasks.push({ index: i, path: join(dir, rel), rel, kind: 'text' });
    }
  });
  after(() => removeDir(dir));

  const runs: Array<{ name: string; workers: number | undefined }> = [
    { name: 'two workers', workers: 2 },
    { name: 'one worker', workers: 1 },
    { name: 'the calling thread', workers: 0 },
    { name: 'the default (workers chosen from the work)', workers: undefined },
  ];
  for (const run of runs) {
    it(`scans every task exactly once, in index order: ${run.name}`, async () => {
      const seen = new Map<number, number>();
      const pool = createScanPool({ workers: run.workers, engineModule: ENGINE, streamThreshold: 64 * 1024, onResult: (o) => seen.set(o.index, (seen.get(o.index) ?? 0) + 1) });
      for (const t of tasks) pool.add({ ...t });
      const outputs: FileScanOutput[] = await pool.finish();
      assert.equal(outputs.length, tasks.length);
      assert.ok(outputs.every((o, i) => o.index === i));
      assert.ok([...seen.values()].every((n) => n === 1) && seen.size === tasks.length, 'each result reported once');
      const hits = outputs.filter((o) => o.matches.some((m) => m.ruleId === 'exfil.paste-service')).map((o) => o.index);
      assert.deepEqual(hits, tasks.filter((t) => t.index % 7 === 0).map((t) => t.index));
      const bigOne = outputs[3] as FileScanOutput;
      assert.equal(bigOne.bytes, (await fs.stat(join(dir, 'f003.txt'))).size, 'a file above the stream threshold is read whole');
      if (run.workers !== undefined) assert.equal(pool.workers, run.workers);
    });
  }
});
