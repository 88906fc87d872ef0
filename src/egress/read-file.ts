// Opens and reads one file for the scanner: the regular-file check and the size come from the open
// descriptor itself (no stat-then-open race), and the bytes land in a buffer the thread reuses.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { hasErrnoCode } from '../core/errors.js';

/**
 * O_NOFOLLOW: a file swapped for a symlink after the walk listed it is refused, not followed out of the
 * workspace (the walk hands over symlink-free paths; see walk.ts). O_NONBLOCK: a file swapped for a
 * FIFO does not block the open waiting for a writer. Both are 0 where the platform lacks them.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

export type OpenedFile =
  | { kind: 'file'; fd: number; size: number }
  /** Removed after the walk listed it. */
  | { kind: 'gone' }
  /** Not a regular file any more (a directory, FIFO, socket, device or symlink): never read. */
  | { kind: 'not-regular'; detail: string };

/** Opens `path` for reading if, on the opened descriptor, it is a regular file. Other errors throw. */
export function openRegularFile(path: string): OpenedFile {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) return { kind: 'gone' };
    if (hasErrnoCode(err, 'ELOOP', 'EMLINK')) return { kind: 'not-regular', detail: 'became a symlink after the walk listed it; not followed' };
    if (hasErrnoCode(err, 'ENXIO')) return { kind: 'not-regular', detail: 'not a regular file' };
    throw err;
  }
  try {
    const stat = fstatSync(fd);
    if (stat.isFile()) return { kind: 'file', fd, size: stat.size };
    closeSync(fd);
    return { kind: 'not-regular', detail: stat.isDirectory() ? 'is a directory' : 'not a regular file' };
  } catch (err) {
    closeSync(fd);
    throw err;
  }
}

/** Capacity kept between files; a larger buffer (a big stream threshold) is dropped after its file. */
const KEEP_BYTES = 16 * 1024 * 1024;
const MIN_BYTES = 64 * 1024;

export interface ReusedBufferReader {
  /**
   * Reads `fd` from offset 0: the `size` bytes its stat reported (fewer if it shrank since), the file
   * as it was when stat'ed; a size of 0 (pseudo-files report it) reads to end of file. Returns
   * undefined as soon as more than `limit` bytes are there (the caller streams it instead).
   * The result is a view of the reader's own buffer: valid until the next `read` on this reader, so
   * nothing that outlives the scan of this file may keep it (decoded strings are copies: fine).
   */
  read(fd: number, size: number, limit: number): Buffer | undefined;
  /** Drops an oversized buffer once the caller is done with the last view. */
  trim(): void;
  /** Current capacity in bytes (for tests). */
  readonly capacity: number;
}

export function createReusedBufferReader(): ReusedBufferReader {
  let buf = Buffer.allocUnsafeSlow(MIN_BYTES);
  const grow = (needed: number, keep: number) => {
    let capacity = buf.length;
    while (capacity < needed) capacity *= 2;
    const next = Buffer.allocUnsafeSlow(capacity);
    buf.copy(next, 0, 0, keep);
    buf = next;
  };
  /** Size unknown: read until end of file, growing the buffer, up to `limit` bytes. */
  const readToEnd = (fd: number, limit: number): Buffer | undefined => {
    let got = 0;
    for (;;) {
      if (got === buf.length) {
        if (got > limit) return undefined;
        grow(got + 1, got);
      }
      const n = readSync(fd, buf, got, buf.length - got, got);
      if (n === 0) break;
      got += n;
    }
    return got > limit ? undefined : buf.subarray(0, got);
  };
  return {
    get capacity() {
      return buf.length;
    },
    read(fd, size, limit) {
      if (size === 0) return readToEnd(fd, limit);
      if (size > limit) return undefined;
      if (buf.length < size) grow(size, 0);
      // One read call for almost every file (no extra call just to see end of file, as readFileSync).
      let got = 0;
      while (got < size) {
        const n = readSync(fd, buf, got, size - got, got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    },
    trim() {
      if (buf.length > KEEP_BYTES) buf = Buffer.allocUnsafeSlow(MIN_BYTES);
    },
  };
}
