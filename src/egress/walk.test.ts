// The workspace walk: every file listed once with a symlink-free path to read, links out of the workspace never followed.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs, realpathSync } from 'node:fs';
import { join, sep } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, removeDir, writeTree } from '../test-support/cli.js';
import { walkFiles, type WalkResult } from './walk.js';

const POSIX = process.platform !== 'win32';

describe('walkFiles', { skip: !POSIX && 'symlinks and FIFOs need a POSIX file system' }, () => {
  let root: string;
  let ws: string;
  let outside: string;
  let whole: WalkResult;
  const fileOf = (r: WalkResult, rel: string) => r.files.find((f) => f.rel === rel);

  before(async () => {
    root = realpathSync(makeTempDir('clawguard-walk-'));
    ws = join(root, 'ws');
    outside = join(root, 'outside');
    await writeTree(outside, { 'secret.txt': 'outside\n', 'dir/x.txt': 'outside dir\n' });
    await writeTree(ws, {
      'top.md': 'top\n',
      'skills/a/SKILL.md': 'a\n',
      'skills/a/scripts/run.py': 'print(1)\n',
      'skills/b/SKILL.md': 'b\n',
      'notes/deep/er/file.txt': 'deep\n',
      '.git/config': 'excluded\n',
    });
    await fs.symlink(join(ws, 'top.md'), join(ws, 'skills/a/link-file.md'));
    await fs.symlink(join(ws, 'notes'), join(ws, 'skills/b/notes-link'));
    await fs.symlink(join(outside, 'secret.txt'), join(ws, 'skills/a/out-file'));
    await fs.symlink(join(outside, 'dir'), join(ws, 'skills/a/out-dir'));
    await fs.symlink(join(ws, 'missing'), join(ws, 'skills/a/dangling'));
    await fs.symlink(join(ws, 'skills'), join(ws, 'skills/a/loop'));
    execFileSync('mkfifo', [join(ws, 'skills/a/pipe')]);
    whole = await walkFiles(ws, ['.'], { exclude: new Set(['.git']) });
  });
  after(() => removeDir(root));

  it('lists every regular file once, sorted, with workspace-relative `/` paths', () => {
    assert.deepEqual(
      whole.files.map((f) => f.rel),
      ['notes/deep/er/file.txt', 'skills/a/SKILL.md', 'skills/a/link-file.md', 'skills/a/scripts/run.py', 'skills/b/SKILL.md', 'top.md'],
    );
  });

  it('builds each path from its folder and name (the file it names is the one listed)', async () => {
    for (const f of whole.files) {
      assert.equal(f.path.includes(`${sep}${sep}`), false, f.path);
      assert.equal(await fs.readFile(f.path, 'utf8'), await fs.readFile(join(ws, f.rel), 'utf8'), f.rel);
    }
  });

  it('does not stat plain files (the reader takes their size from the open descriptor)', () => {
    assert.equal(fileOf(whole, 'top.md')?.size, undefined);
    assert.equal(fileOf(whole, 'skills/a/scripts/run.py')?.size, undefined);
  });

  it('reads a linked file through its real target, under the link name, with the size it stat-ed', () => {
    const link = fileOf(whole, 'skills/a/link-file.md');
    assert.equal(link?.path, join(ws, 'top.md'));
    assert.equal(link?.size, 4);
  });

  it('reports links out of the workspace (file and folder) and never lists their targets', () => {
    assert.deepEqual(whole.escapes.map((e) => e.rel), ['skills/a/out-dir', 'skills/a/out-file']);
    assert.ok(whole.files.every((f) => !f.path.startsWith(outside) && !f.rel.includes('out-')));
  });

  it('reports dangling links, FIFOs, and leaves excluded folders unlisted', () => {
    assert.deepEqual(whole.dangling, ['skills/a/dangling']);
    assert.deepEqual(whole.special, [{ rel: 'skills/a/pipe', what: 'named pipe (FIFO)' }]);
    assert.ok(!whole.files.some((f) => f.rel.startsWith('.git/')));
  });

  it('does not walk a linked folder already covered by the walk (no loops, no duplicates)', () => {
    assert.ok(!whole.files.some((f) => f.rel.includes('loop/') || f.rel.includes('notes-link/')));
  });

  const starts: Array<{ name: string; starts: string[]; files: string[]; realPaths?: Record<string, string> }> = [
    { name: 'one skill', starts: ['skills/a'], files: ['skills/a/SKILL.md', 'skills/a/link-file.md', 'skills/a/loop/b/SKILL.md', 'skills/a/loop/b/notes-link/deep/er/file.txt', 'skills/a/scripts/run.py'], realPaths: { 'skills/a/loop/b/notes-link/deep/er/file.txt': 'notes/deep/er/file.txt' } },
    { name: 'a linked folder outside the walk roots is followed, read through its real folder', starts: ['skills/b'], files: ['skills/b/SKILL.md', 'skills/b/notes-link/deep/er/file.txt'], realPaths: { 'skills/b/notes-link/deep/er/file.txt': 'notes/deep/er/file.txt' } },
    { name: 'two skills', starts: ['skills/a', 'skills/b'], files: ['skills/a/SKILL.md', 'skills/a/link-file.md', 'skills/a/scripts/run.py', 'skills/b/SKILL.md', 'skills/b/notes-link/deep/er/file.txt'] },
    { name: 'a start that is a file', starts: ['top.md'], files: ['top.md'] },
    { name: 'a start that does not exist', starts: ['nope'], files: [] },
  ];
  for (const c of starts) {
    it(`walk roots: ${c.name}`, async () => {
      const r = await walkFiles(ws, c.starts, { exclude: new Set(['.git']) });
      assert.deepEqual(r.files.map((f) => f.rel), c.files);
      for (const [rel, real] of Object.entries(c.realPaths ?? {})) assert.equal(fileOf(r, rel)?.path, join(ws, real));
    });
  }

  it('hands each file to onFile as it is found (and then keeps no list of its own)', async () => {
    const seen: string[] = [];
    const r = await walkFiles(ws, ['skills/a'], { onFile: (f) => seen.push(f.rel) });
    const listed = await walkFiles(ws, ['skills/a']);
    assert.deepEqual(seen.sort(), listed.files.map((f) => f.rel));
    assert.deepEqual(r.files, []);
  });

  it('stops listing when its signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await walkFiles(ws, ['.'], { signal: controller.signal });
    assert.deepEqual(r.files, []);
  });
});
