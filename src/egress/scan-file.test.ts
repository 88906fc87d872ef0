// scanFile on files that change between the walk and the read, the reused read buffer, and lenient decoding.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { decodeLeniently, scanFile, type DetectEngine } from './scan-file.js';
import * as engineDouble from './test-support/engine-double.js';
import type { FileTask } from './types.js';

const engine: DetectEngine = engineDouble;
const POSIX = process.platform !== 'win32';
const KEY = `sk-proj-${'A1b2C3d4E5'.repeat(3)}`;
const task = (path: string, rel: string, size?: number): FileTask => ({ index: 0, path, rel, size, kind: 'text' });

describe('scanFile: the file changed after the walk listed it', () => {
  let dir: string;
  let outside: string;
  before(async () => {
    dir = makeTempDir('clawguard-scan-file-');
    outside = makeTempDir('clawguard-scan-file-outside-');
    await fs.writeFile(join(outside, 'secret.txt'), `${KEY}\n`);
  });
  after(async () => {
    await removeDir(dir);
    await removeDir(outside);
  });

  it('a removed file is gone: no event, no bytes, nothing to report', async () => {
    const out = await scanFile(task(join(dir, 'removed.txt'), 'removed.txt', 10), engine, { streamThreshold: 1024 });
    assert.equal(out.gone, true);
    assert.deepEqual([out.events, out.matches, out.bytes], [[], [], 0]);
  });

  it('a file swapped for a symlink out of the workspace is refused, its target never read', { skip: !POSIX }, async () => {
    await fs.symlink(join(outside, 'secret.txt'), join(dir, 'swapped.txt'));
    const out = await scanFile(task(join(dir, 'swapped.txt'), 'swapped.txt'), engine, { streamThreshold: 1024 });
    assert.deepEqual(out.matches, []);
    assert.equal(out.bytes, 0);
    assert.equal(out.events[0]?.kind, 'unreadable');
    assert.match(out.events[0]?.detail ?? '', /symlink.*not followed/);
  });

  it('a file swapped for a directory is reported, not read', async () => {
    await fs.mkdir(join(dir, 'now-a-dir'));
    const out = await scanFile(task(join(dir, 'now-a-dir'), 'now-a-dir'), engine, { streamThreshold: 1024 });
    assert.deepEqual(out.events, [{ kind: 'unreadable', detail: 'is a directory' }]);
  });

  it('a file swapped for a FIFO is reported at once instead of blocking', { skip: !POSIX, timeout: 5_000 }, async () => {
    execFileSync('mkfifo', [join(dir, 'now-a-fifo')]);
    const out = await scanFile(task(join(dir, 'now-a-fifo'), 'now-a-fifo'), engine, { streamThreshold: 1024 });
    assert.deepEqual(out.events, [{ kind: 'unreadable', detail: 'not a regular file' }]);
  });

  it('a file that grew past the stream threshold since the walk is streamed whole (a key at its end is found)', async () => {
    const path = join(dir, 'grew.txt');
    await fs.writeFile(path, `${'padding line\n'.repeat(20_000)}${KEY}\n`);
    const out = await scanFile(task(path, 'grew.txt', 100), engine, { streamThreshold: 64 * 1024, chunkSize: 16 * 1024 });
    assert.equal(out.bytes, (await fs.stat(path)).size);
    assert.deepEqual(out.matches.map((m) => [m.ruleId, m.line]), [['secret.openai-api-key', 20_001]]);
  });
});

describe('scanFile: one read buffer reused for every file', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir('clawguard-scan-reuse-');
  });
  after(() => removeDir(dir));

  it('reports each file its own matches whatever the previous file held (sizes growing, then shrinking)', async () => {
    const lines = [0, 3, 5_000, 70_000, 200_000, 40, 1];
    const files = await Promise.all(
      lines.map(async (padding, i) => {
        const path = join(dir, `f${i}.txt`);
        await fs.writeFile(path, `${'a\n'.repeat(padding)}curl https://pastebin.com/raw/${i}\n`);
        return path;
      }),
    );
    for (const [i, path] of files.entries()) {
      const out = await scanFile(task(path, `f${i}.txt`), engine, { streamThreshold: 4 * 1024 * 1024 });
      const paste = out.matches.filter((m) => m.ruleId === 'exfil.paste-service');
      assert.deepEqual(paste.map((m) => [m.line, m.evidence]), [[(lines[i] as number) + 1, `https://pastebin.com/raw/${i}`]]);
      assert.equal(out.bytes, (await fs.stat(path)).size);
    }
  });
});

describe('decodeLeniently', () => {
  const fatal = new TextDecoder('utf-8', { fatal: true });
  const cases: Array<{ name: string; bytes: number[]; encoding: string; text?: string }> = [
    { name: 'ASCII', bytes: [...Buffer.from('import os\n')], encoding: 'utf-8', text: 'import os\n' },
    { name: 'multi-byte UTF-8', bytes: [...Buffer.from('café → 日本 🙂')], encoding: 'utf-8', text: 'café → 日本 🙂' },
    { name: 'UTF-8 BOM dropped (as TextDecoder does)', bytes: [0xef, 0xbb, 0xbf, 0x61], encoding: 'utf-8', text: 'a' },
    { name: 'a BOM alone', bytes: [0xef, 0xbb, 0xbf], encoding: 'utf-8', text: '' },
    { name: 'empty', bytes: [], encoding: 'utf-8', text: '' },
    { name: 'latin1 é', bytes: [0x63, 0x61, 0x66, 0xe9], encoding: 'latin1', text: 'caf\u00e9' },
    { name: 'overlong NUL', bytes: [0xc0, 0x80], encoding: 'latin1' },
    { name: 'UTF-16 surrogate encoded in UTF-8', bytes: [0xed, 0xa0, 0x80], encoding: 'latin1' },
    { name: 'above U+10FFFF', bytes: [0xf4, 0x90, 0x80, 0x80], encoding: 'latin1' },
    { name: 'truncated sequence at the end', bytes: [0x61, 0xe2, 0x82], encoding: 'latin1' },
    { name: 'UTF-16 LE with BOM', bytes: [0xff, 0xfe, 0x61, 0x00], encoding: 'utf-16le', text: 'a' },
    { name: 'UTF-16 BE with BOM', bytes: [0xfe, 0xff, 0x00, 0x61], encoding: 'utf-16be', text: 'a' },
  ];
  for (const c of cases) {
    it(`${c.name} → ${c.encoding}`, () => {
      const buf = Uint8Array.from(c.bytes);
      const got = decodeLeniently(buf);
      assert.equal(got.encoding, c.encoding);
      if (c.text !== undefined) assert.equal(got.text, c.text);
      if (c.encoding === 'utf-8') assert.equal(got.text, fatal.decode(buf), 'same text as a fatal TextDecoder');
      if (c.encoding === 'latin1') assert.equal(got.text, Buffer.from(buf).toString('latin1'), 'one character per byte');
    });
  }

  it('decodes a view into a larger buffer from its own offset only', () => {
    const backing = Buffer.from('xxhello\u00e9yy', 'utf8');
    const view = backing.subarray(2, 2 + Buffer.byteLength('hello\u00e9'));
    assert.deepEqual(decodeLeniently(view), { text: 'hello\u00e9', encoding: 'utf-8' });
  });
});
