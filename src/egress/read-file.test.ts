// The scanner's file reader: regular-file checks on the open descriptor, and the reused read buffer.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { closeSync, promises as fs, openSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { createReusedBufferReader, openRegularFile } from './read-file.js';

const POSIX = process.platform !== 'win32';

/** Deterministic bytes of a given length (every length gets different content). */
const content = (length: number, salt = 0) => {
  const b = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i++) b[i] = (i * 31 + length + salt) & 0xff;
  return b;
};

describe('openRegularFile', () => {
  let dir: string;
  let server: Server | undefined;
  before(async () => {
    dir = makeTempDir('clawguard-read-file-');
    await fs.writeFile(join(dir, 'file.txt'), 'hello\n');
    await fs.writeFile(join(dir, 'empty'), '');
    await fs.mkdir(join(dir, 'sub'));
    if (POSIX) {
      await fs.symlink(join(dir, 'file.txt'), join(dir, 'link.txt'));
      execFileSync('mkfifo', [join(dir, 'pipe')]);
      const s = createServer();
      await new Promise<void>((resolve) => s.listen(join(dir, 'sock'), resolve));
      server = s;
    }
  });
  after(async () => {
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await removeDir(dir);
  });

  const cases: Array<{ name: string; file: string; expect: string; size?: number; detail?: RegExp; posixOnly?: boolean }> = [
    { name: 'a regular file opens with its size', file: 'file.txt', expect: 'file', size: 6 },
    { name: 'an empty file opens with size 0', file: 'empty', expect: 'file', size: 0 },
    { name: 'a missing file is gone (removed after the walk)', file: 'missing', expect: 'gone' },
    { name: 'a directory is not read', file: 'sub', expect: 'not-regular', detail: /is a directory/ },
    { name: 'a symlink in the last component is refused, not followed', file: 'link.txt', expect: 'not-regular', detail: /symlink/, posixOnly: true },
    { name: 'a FIFO is refused without blocking for a writer', file: 'pipe', expect: 'not-regular', detail: /not a regular file/, posixOnly: true },
    { name: 'a socket is refused', file: 'sock', expect: 'not-regular', detail: /not a regular file/, posixOnly: true },
  ];
  for (const c of cases) {
    it(c.name, { skip: c.posixOnly && !POSIX, timeout: 5_000 }, () => {
      const opened = openRegularFile(join(dir, c.file));
      try {
        assert.equal(opened.kind, c.expect);
        if (opened.kind === 'file') assert.equal(opened.size, c.size);
        if (opened.kind === 'not-regular') assert.match(opened.detail, c.detail ?? /./);
      } finally {
        if (opened.kind === 'file') closeSync(opened.fd);
      }
    });
  }

  it('throws other errors (a file it may not read) for the caller to report', { skip: !POSIX || process.getuid?.() === 0 }, async () => {
    await fs.writeFile(join(dir, 'locked'), 'x');
    await fs.chmod(join(dir, 'locked'), 0o000);
    assert.throws(() => openRegularFile(join(dir, 'locked')), { code: 'EACCES' });
  });
});

describe('createReusedBufferReader', () => {
  let dir: string;
  before(() => {
    dir = makeTempDir('clawguard-read-buffer-');
  });
  after(() => removeDir(dir));

  const readWith = async (reader: ReturnType<typeof createReusedBufferReader>, length: number, sizeHint: number, limit: number, salt = 0) => {
    const path = join(dir, `f-${length}-${salt}`);
    await fs.writeFile(path, content(length, salt));
    const fd = openSync(path, 'r');
    try {
      const view = reader.read(fd, sizeHint, limit);
      return view === undefined ? undefined : Buffer.from(view);
    } finally {
      closeSync(fd);
    }
  };

  it('reads files of growing, then shrinking, sizes whole (buffer grows as needed, never shrinks below use)', async () => {
    const reader = createReusedBufferReader();
    const sizes = [0, 1, 100, 65_535, 65_536, 65_537, 200_000, 1_048_579, 70_000, 3, 0];
    for (const [i, size] of sizes.entries()) {
      const got = await readWith(reader, size, size, 8 * 1024 * 1024, i);
      assert.ok(got, `size ${size}`);
      assert.ok(got.equals(content(size, i)), `content of the ${size}-byte file`);
      assert.ok(reader.capacity >= size);
    }
  });

  it('hands out a view of its own buffer: the next read overwrites it (callers keep copies only)', async () => {
    const reader = createReusedBufferReader();
    const pathA = join(dir, 'alias-a');
    const pathB = join(dir, 'alias-b');
    await fs.writeFile(pathA, 'AAAA');
    await fs.writeFile(pathB, 'BBBB');
    const fdA = openSync(pathA, 'r');
    const fdB = openSync(pathB, 'r');
    try {
      const a = reader.read(fdA, 4, 1024) as Buffer;
      const copy = a.toString('latin1');
      reader.read(fdB, 4, 1024);
      assert.equal(a.toString('latin1'), 'BBBB');
      assert.equal(copy, 'AAAA');
    } finally {
      closeSync(fdA);
      closeSync(fdB);
    }
  });

  const changed: Array<{ name: string; length: number; hint: number; limit: number; expect: 'whole' | 'prefix' | 'streamed' }> = [
    { name: 'a file that grew after its stat is read as it was at the stat (its first `size` bytes)', length: 300_000, hint: 1000, limit: 1_000_000, expect: 'prefix' },
    { name: 'a file that shrank after its stat is read to its end', length: 10, hint: 300_000, limit: 1_000_000, expect: 'whole' },
    { name: 'a file whose stat says 0 bytes (pseudo-files) is read to its end', length: 300_000, hint: 0, limit: 1_000_000, expect: 'whole' },
    { name: 'a 0-byte stat with more than the limit behind it is handed back for streaming', length: 300_000, hint: 0, limit: 100_000, expect: 'streamed' },
    { name: 'a file exactly at the limit is read', length: 100_000, hint: 100_000, limit: 100_000, expect: 'whole' },
    { name: 'a file over the limit is handed back for streaming', length: 100_001, hint: 100_001, limit: 100_000, expect: 'streamed' },
  ];
  for (const c of changed) {
    it(c.name, async () => {
      const got = await readWith(createReusedBufferReader(), c.length, c.hint, c.limit, 7);
      if (c.expect === 'streamed') return assert.equal(got, undefined);
      const expected = content(c.length, 7);
      assert.ok(got?.equals(c.expect === 'whole' ? expected : expected.subarray(0, c.hint)));
    });
  }

  it('drops an oversized buffer after use (trim) and keeps a normal one', async () => {
    const reader = createReusedBufferReader();
    await readWith(reader, 17 * 1024 * 1024, 17 * 1024 * 1024, 32 * 1024 * 1024, 1);
    assert.ok(reader.capacity > 17 * 1024 * 1024);
    reader.trim();
    assert.ok(reader.capacity <= 1024 * 1024);
    await readWith(reader, 200_000, 200_000, 32 * 1024 * 1024, 2);
    const kept = reader.capacity;
    reader.trim();
    assert.equal(reader.capacity, kept);
  });
});
