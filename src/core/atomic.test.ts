import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { BackupSet, restoreLatestBackup, writeFileAtomic } from './atomic.js';

describe('atomic writes and backups', () => {
  const dir = makeTempDir();
  after(() => removeDir(dir));

  it('keeps the existing mode and leaves no temp file', async () => {
    const file = join(dir, 'a.json');
    await fs.writeFile(file, 'old', { mode: 0o640 });
    await fs.chmod(file, 0o640);
    await writeFileAtomic(file, 'new');
    assert.equal(await fs.readFile(file, 'utf8'), 'new');
    assert.equal((await fs.stat(file)).mode & 0o777, 0o640);
    assert.deepEqual((await fs.readdir(dir)).filter((n) => n.endsWith('.tmp')), []);
  });

  it('creates new files 0600 by default', async () => {
    const file = join(dir, 'fresh');
    await writeFileAtomic(file, 'x');
    assert.equal((await fs.stat(file)).mode & 0o777, 0o600);
  });

  it('restores content, mode and deletes files that did not exist', async () => {
    const a = join(dir, 'cfg.json');
    const b = join(dir, 'created.txt');
    await fs.writeFile(a, 'original');
    await fs.chmod(a, 0o644);
    const set = await BackupSet.create(dir, 'test fix');
    await set.save(a);
    await set.save(b);
    await set.commit();
    await writeFileAtomic(a, 'changed', { mode: 0o600 });
    await fs.writeFile(b, 'new file');
    const result = await restoreLatestBackup(dir, 'test fix');
    assert.ok(result);
    assert.equal(await fs.readFile(a, 'utf8'), 'original');
    assert.equal((await fs.stat(a)).mode & 0o777, 0o644);
    await assert.rejects(fs.stat(b));
    assert.equal(await restoreLatestBackup(dir, 'test fix'), undefined, 'a backup is restored once');
  });
});
