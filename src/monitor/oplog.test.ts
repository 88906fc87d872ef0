import assert from 'node:assert/strict';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { OpLog } from './oplog.js';

const dir = makeTempDir('monitor-oplog-');
after(() => removeDir(dir));

describe('operational log', () => {
  it('rotates at the size limit keeping three backups, and filters by level', async () => {
    const log = new OpLog(dir, 'INFO', { maxBytes: 1000 });
    log.debug('hidden');
    for (let i = 0; i < 100; i++) log.info(`line ${i} ${'x'.repeat(60)}`);
    log.close();
    const files = (await readdir(dir)).sort();
    assert.deepEqual(files, ['clawsec.log', 'clawsec.log.1', 'clawsec.log.2', 'clawsec.log.3']);
    for (const f of files) assert.ok((await stat(join(dir, f))).size <= 1000);
    const newest = await readFile(join(dir, 'clawsec.log'), 'utf8');
    assert.match(newest, /line 99/);
    assert.doesNotMatch(newest, /hidden/);
    assert.equal((await stat(join(dir, 'clawsec.log'))).mode & 0o777, 0o600);
  });
});
