// Scans one file with the detect engine: whole file, lenient decoding, stream mode for big files, binaries typed and string-scanned.
import { isUtf8 } from 'node:buffer';
import { closeSync, createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
import { TextDecoder } from 'node:util';
import type { ContentKind, Match, ScanContext } from '../detect/types.js';
import { classifyBinary, contentKindFor, isMostlyText } from './classify.js';
import { createReusedBufferReader, openRegularFile } from './read-file.js';
import type { FileEvent, FileMatch, FileScanOutput, FileTask } from './types.js';

/** The part of the detect engine the scanner uses (`src/detect/index.ts`). */
export interface DetectEngine {
  scanText(text: string, ctx: ScanContext): Match[];
  createStreamScanner(ctx: ScanContext, options?: { overlap?: number }): { push(chunk: string | Uint8Array): Match[]; end(): Match[] };
}

export interface ScanFileOptions {
  /** Files larger than this (bytes) are read in chunks through the stream scanner. */
  streamThreshold: number;
  /** Chunk size for the stream path (bytes). */
  chunkSize?: number;
}

const HEAD_BYTES = 64 * 1024;
/** Inflated bytes read from one archive, in total (zip bombs stop here, and the stop is reported). */
const MAX_ARCHIVE_INFLATE = 64 * 1024 * 1024;
const MAX_ARCHIVE_ENTRIES = 10_000;
const URL_HOST = /\b[a-z][a-z0-9+.-]{1,15}:\/\/(?:[^\s/@"'`<>]*@)?(\[[0-9a-f:.]+\]|[^\s/:?#"'`<>\\)\]]+)/gi;
const BARE_HOST = /\b((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62})\b/gi;

/** Hosts named in a matched span: URL authorities, else (domain rules) bare host names. */
export function hostsIn(text: string, category: string): string[] {
  const hosts = new Set<string>();
  for (const m of text.matchAll(URL_HOST)) hosts.add((m[1] as string).toLowerCase().replace(/\.$/, ''));
  if (hosts.size === 0 && category === 'domain') for (const m of text.matchAll(BARE_HOST)) hosts.add((m[1] as string).toLowerCase());
  return [...hosts];
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i !== -1 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

const FIRST_ARGUMENT_URL = /^\s*\(?\s*[`'"]([a-z][a-z0-9+.-]{1,15}:\/\/[^\s'"`]+)/i;

/**
 * Hosts a network match talks to. A URL inside the match counts; for a call whose match is only
 * the callee (`requests.post(`), the URL literal passed as its first argument; for a shell command,
 * the URLs on the rest of its line. A call with a computed URL has no known host (never allowlisted).
 */
function networkHosts(m: Match, span: string | undefined, text: string | undefined, base: number, kind: ContentKind): string[] {
  const own = hostsIn(span ?? m.evidence, m.category);
  if (own.length || m.category !== 'network' || text === undefined || span === undefined) return own;
  const from = m.end - base;
  if (kind === 'shell' || kind === 'markdown') {
    const endOfLine = text.indexOf('\n', from);
    return hostsIn(text.slice(from, Math.min(endOfLine === -1 ? text.length : endOfLine, from + 500)), m.category);
  }
  // In code the first argument may sit on the next line (`requests.post(\n    "https://…"`).
  const arg = FIRST_ARGUMENT_URL.exec(text.slice(from, from + 500));
  return arg ? hostsIn(arg[1] as string, m.category) : [];
}

function toFileMatch(m: Match, text: string | undefined, base = 0, kind: ContentKind = 'text'): FileMatch {
  const span = text !== undefined && m.start - base >= 0 && m.end - base <= text.length ? text.slice(m.start - base, m.end - base) : undefined;
  const isNetwork = m.category === 'network' || m.category === 'domain';
  return {
    ruleId: m.ruleId,
    severity: m.severity,
    category: m.category,
    title: m.title,
    line: m.line,
    column: m.column,
    endLine: span !== undefined ? m.line + countNewlines(span, 0, span.length) : m.line,
    evidence: m.evidence,
    hash: m.hash,
    decodedBy: m.decodedBy,
    hosts: isNetwork ? networkHosts(m, span, text, base, kind) : [],
  };
}

/**
 * UTF-8 when valid, UTF-16 with a BOM, else latin1 (every byte maps to one character, nothing dropped).
 * UTF-8 is validated natively (`isUtf8`, the WHATWG rules a fatal TextDecoder applies) and then
 * decoded without the BOM, as a TextDecoder would: the same text, about a fifth less time.
 */
export function decodeLeniently(buf: Uint8Array): { text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1' } {
  if (buf[0] === 0xff && buf[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(buf), encoding: 'utf-16le' };
  if (buf[0] === 0xfe && buf[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(buf), encoding: 'utf-16be' };
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  if (isUtf8(bytes)) {
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return { text: bytes.toString('utf8', bom), encoding: 'utf-8' };
  }
  return { text: bytes.toString('latin1'), encoding: 'latin1' };
}

/** zlib is loaded by the first archive a thread meets, not at every worker's start. */
let zlib: typeof import('node:zlib') | undefined;
const loadZlib = () => (zlib ??= createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib'));

/** One read buffer per thread (every worker loads this module once). */
const reader = createReusedBufferReader();

function describeErrno(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '').split(',')[0]}` : String(err);
}

/** Scans one file; never throws for file-level problems (they become events). */
export async function scanFile(task: FileTask, engine: DetectEngine, options: ScanFileOptions): Promise<FileScanOutput> {
  const out: FileScanOutput = { index: task.index, bytes: 0, matches: [], events: [] };
  let fd: number | undefined;
  try {
    // Sync calls: each worker is its own thread, and small files are most files (no thread-pool hops).
    const opened = openRegularFile(task.path);
    if (opened.kind === 'gone') {
      out.gone = true;
      return out;
    }
    if (opened.kind === 'not-regular') {
      out.events.push({ kind: 'unreadable', detail: opened.detail });
      return out;
    }
    fd = opened.fd;
    const buf = opened.size > options.streamThreshold ? undefined : reader.read(fd, opened.size, options.streamThreshold);
    if (buf === undefined) {
      // Above the threshold (or grown past it since the stat): streamed from the same descriptor.
      await scanStreamed(task, fd, engine, options, out);
      return out;
    }
    out.bytes = buf.length;
    scanBuffer(task, buf, engine, out);
  } catch (err) {
    out.events.push({ kind: 'unreadable', detail: describeErrno(err) });
  } finally {
    if (fd !== undefined) closeSync(fd);
    reader.trim();
  }
  return out;
}

/** `buf` is the thread's reused read buffer: everything kept from it must be a copy (strings are). */
function scanBuffer(task: FileTask, buf: Buffer, engine: DetectEngine, out: FileScanOutput): void {
  const head = buf.subarray(0, HEAD_BYTES);
  const verdict = classifyBinary(task.rel, head);
  if (verdict) {
    out.events.push({ kind: verdict.kind, detail: verdict.format });
    if (verdict.kind === 'archive' || verdict.kind === 'office-document') {
      if (scanArchive(task, buf, engine, out)) return;
    }
    // Strings inside binaries (.pyc constants, embedded URLs and keys) are still text to the engine.
    out.matches.push(...engine.scanText(buf.toString('latin1'), { kind: 'text', path: task.rel }).map((m) => toFileMatch(m, undefined)));
    return;
  }
  const { text, encoding } = decodeLeniently(buf);
  if (encoding === 'latin1') out.events.push({ kind: 'latin1', detail: 'not valid UTF-8; decoded as latin1' });
  else if (encoding !== 'utf-8') out.events.push({ kind: 'utf16', detail: `decoded as ${encoding}` });
  const kind = task.kind === 'text' ? contentKindFor(task.rel, text.slice(0, 256)) : task.kind;
  out.matches.push(...engine.scanText(text, { kind, path: task.rel }).map((m) => toFileMatch(m, text, 0, kind)));
}

/**
 * Reads zip entries (central directory, stored or deflated) and gzip members, scanning each inflated
 * entry as text. Returns false when the archive cannot be opened (the caller string-scans it instead).
 */
function scanArchive(task: FileTask, buf: Buffer, engine: DetectEngine, out: FileScanOutput): boolean {
  let budget = MAX_ARCHIVE_INFLATE;
  const scanEntry = (name: string, data: Buffer) => {
    const entryPath = `${task.rel}!/${name}`;
    const sample = data.subarray(0, HEAD_BYTES);
    const inner = classifyBinary(name, sample);
    const text = inner || !isMostlyText(sample) ? data.toString('latin1') : decodeLeniently(data).text;
    const kind: ContentKind = inner ? 'text' : contentKindFor(name, text.slice(0, 256));
    for (const m of engine.scanText(text, { kind, path: entryPath })) {
      const fm = toFileMatch(m, text, 0, kind);
      fm.file = entryPath;
      out.matches.push(fm);
    }
  };
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try {
      const data = loadZlib().gunzipSync(buf, { maxOutputLength: budget });
      scanEntry(task.rel.replace(/\.t?gz$/i, (s) => (s.toLowerCase() === '.tgz' ? '.tar' : '')).split('/').pop() ?? 'member', data);
      return true;
    } catch (err) {
      out.events.push({ kind: 'archive-note', detail: `gzip member not fully read: ${(err as Error).message}` });
      return false;
    }
  }
  // Zip: find the end-of-central-directory record (last 64 KiB), then walk the central directory.
  const eocd = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]), Math.max(0, buf.length - 22));
  if (eocd < 0 || eocd + 22 > buf.length) return false;
  const count = buf.readUInt16LE(eocd + 10);
  let pos = buf.readUInt32LE(eocd + 16);
  let entries = 0;
  for (let i = 0; i < count && pos + 46 <= buf.length; i++) {
    if (buf.readUInt32LE(pos) !== 0x02014b50) break;
    const method = buf.readUInt16LE(pos + 10);
    const compressed = buf.readUInt32LE(pos + 20);
    const uncompressed = buf.readUInt32LE(pos + 24);
    const nameLen = buf.readUInt16LE(pos + 28);
    const extraLen = buf.readUInt16LE(pos + 30);
    const commentLen = buf.readUInt16LE(pos + 32);
    const localOffset = buf.readUInt32LE(pos + 42);
    const name = buf.toString('utf8', pos + 46, pos + 46 + nameLen);
    pos += 46 + nameLen + extraLen + commentLen;
    if (name.endsWith('/')) continue;
    if (++entries > MAX_ARCHIVE_ENTRIES || budget <= 0) {
      out.events.push({ kind: 'archive-note', detail: `stopped reading after ${entries - 1} entries / ${MAX_ARCHIVE_INFLATE} inflated bytes (possible zip bomb)` });
      break;
    }
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== 0x04034b50) continue;
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const raw = buf.subarray(dataStart, Math.min(buf.length, dataStart + compressed));
    try {
      let data: Buffer;
      if (method === 0) data = raw;
      else if (method === 8) data = loadZlib().inflateRawSync(raw, { maxOutputLength: Math.max(1, Math.min(budget, uncompressed || budget)) });
      else {
        out.events.push({ kind: 'archive-note', detail: `entry ${name} uses compression method ${method}; not inspected` });
        continue;
      }
      budget -= data.length;
      scanEntry(name, data);
    } catch (err) {
      out.events.push({ kind: 'archive-note', detail: `entry ${name} could not be inflated (${(err as Error).message})` });
    }
  }
  return true;
}

/** Big files: chunks through the stream scanner in bounded memory; the whole file is still read. */
async function scanStreamed(task: FileTask, fd: number, engine: DetectEngine, options: ScanFileOptions, out: FileScanOutput): Promise<void> {
  const chunkSize = options.chunkSize ?? 1024 * 1024;
  // Positional reads from byte 0 of the descriptor already checked; the caller closes it.
  const stream = createReadStream(task.path, { fd, start: 0, autoClose: false, highWaterMark: chunkSize });
  let scanner: ReturnType<DetectEngine['createStreamScanner']> | undefined;
  let decoder: TextDecoder | undefined;
  let latin1 = false;
  let binary = false;
  // The last two decoded chunks and the stream offset of the first, to recover matched spans for host extraction.
  let windowText = '';
  let windowBase = 0;
  let consumed = 0;
  let streamKind: ContentKind = task.kind;
  const take = (matches: Match[]) => {
    for (const m of matches) out.matches.push(toFileMatch(m, windowText, windowBase, streamKind));
  };
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    out.bytes += chunk.length;
    if (!scanner) {
      const verdict = classifyBinary(task.rel, chunk.subarray(0, HEAD_BYTES));
      let kind = task.kind;
      if (verdict) {
        out.events.push({ kind: verdict.kind, detail: verdict.format });
        binary = true;
        kind = 'text';
      } else if (chunk[0] === 0xff && chunk[1] === 0xfe) {
        decoder = new TextDecoder('utf-16le');
        out.events.push({ kind: 'utf16', detail: 'decoded as utf-16le' });
      } else if (chunk[0] === 0xfe && chunk[1] === 0xff) {
        decoder = new TextDecoder('utf-16be');
        out.events.push({ kind: 'utf16', detail: 'decoded as utf-16be' });
      } else {
        decoder = new TextDecoder('utf-8', { fatal: true });
        if (kind === 'text') kind = contentKindFor(task.rel, chunk.subarray(0, 256).toString('latin1'));
      }
      streamKind = kind;
      scanner = engine.createStreamScanner({ kind, path: task.rel });
    }
    let text: string;
    if (binary || latin1) text = chunk.toString('latin1');
    else {
      try {
        text = (decoder as TextDecoder).decode(chunk, { stream: true });
      } catch {
        latin1 = true;
        out.events.push({ kind: 'latin1', detail: `not valid UTF-8 after byte ${consumed}; decoded as latin1 from there` });
        text = chunk.toString('latin1');
      }
    }
    if (windowText.length > chunkSize * 2) {
      const drop = windowText.length - chunkSize;
      windowText = windowText.slice(drop);
      windowBase += drop;
    }
    windowText += text;
    consumed += chunk.length;
    take(scanner.push(text));
  }
  if (!scanner) scanner = engine.createStreamScanner({ kind: task.kind, path: task.rel });
  if (decoder && !binary && !latin1) {
    const rest = decoder.decode();
    if (rest) take(scanner.push(rest));
  }
  take(scanner.end());
}

export type { FileEvent };
