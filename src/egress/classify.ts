// File typing for the scanner: content kind by extension or shebang, and non-text formats by magic bytes.
import { sep } from 'node:path';
import type { ContentKind } from '../detect/types.js';
import type { FileEventKind } from './types.js';

const KIND_BY_EXTENSION: Record<string, ContentKind> = {
  '.js': 'code-js', '.mjs': 'code-js', '.cjs': 'code-js', '.jsx': 'code-js',
  '.ts': 'code-js', '.mts': 'code-js', '.cts': 'code-js', '.tsx': 'code-js',
  '.py': 'code-py', '.pyw': 'code-py', '.pyi': 'code-py',
  '.sh': 'shell', '.bash': 'shell', '.zsh': 'shell', '.ksh': 'shell', '.fish': 'shell', '.command': 'shell',
  '.ps1': 'shell', '.psm1': 'shell', '.bat': 'shell', '.cmd': 'shell',
  '.md': 'markdown', '.markdown': 'markdown', '.mdx': 'markdown',
  '.json': 'config', '.json5': 'config', '.jsonc': 'config', '.yaml': 'config', '.yml': 'config',
  '.toml': 'config', '.ini': 'config', '.cfg': 'config', '.conf': 'config', '.env': 'config',
};

/** Start of the last path segment (`/`, and `\\` where it is the separator, as `path.basename`). */
function nameStart(path: string): number {
  const cut = sep === '\\' ? Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) : path.lastIndexOf('/');
  return cut + 1;
}

/**
 * `path.extname` of the last segment, without its generic parsing (it ran per file, twice): from the
 * last dot, unless that dot starts the name (`.env`) or the name is `..`. Same result for every path
 * without a trailing separator (compared exhaustively in the tests).
 */
export function extensionOf(path: string): string {
  const start = nameStart(path);
  const dot = path.lastIndexOf('.');
  if (dot <= start) return '';
  if (dot === start + 1 && dot === path.length - 1 && path.charCodeAt(start) === 0x2e) return '';
  return path.slice(dot);
}

/** The engine's content kind for a text file: extension first, then the shebang, then `text`. */
export function contentKindFor(path: string, head?: string): ContentKind {
  const name = path.slice(nameStart(path)).toLowerCase();
  if (name === '.env' || name.startsWith('.env.')) return 'config';
  const byExt = KIND_BY_EXTENSION[extensionOf(name)];
  if (byExt) return byExt;
  if (head?.startsWith('#!')) {
    const first = head.slice(0, head.indexOf('\n') >>> 0).toLowerCase();
    if (/\bpython[0-9.]*\b/.test(first)) return 'code-py';
    if (/\b(node|deno|bun|tsx|ts-node)\b/.test(first)) return 'code-js';
    if (/\b(ba|z|k|da)?sh\b|\bpwsh\b/.test(first)) return 'shell';
  }
  return 'text';
}

export interface BinaryVerdict {
  kind: FileEventKind;
  /** Human description of the format, e.g. `ELF executable`. */
  format: string;
}

const OFFICE_EXTENSIONS = new Set(['.docx', '.xlsx', '.pptx', '.docm', '.xlsm', '.pptm', '.odt', '.ods', '.odp']);
const ARCHIVE_EXTENSIONS = new Set(['.zip', '.tar', '.gz', '.tgz', '.bz2', '.xz', '.zst', '.7z', '.rar', '.jar', '.whl', '.egg', '.crx', '.xpi', '.apk']);
const COMPILED_PYTHON_EXTENSIONS = new Set(['.pyc', '.pyo', '.pyd']);

function startsWith(buf: Uint8Array, bytes: readonly number[], offset = 0): boolean {
  if (buf.length < offset + bytes.length) return false;
  for (let i = 0; i < bytes.length; i++) if (buf[offset + i] !== bytes[i]) return false;
  return true;
}

const MACH_O_MAGICS: readonly (readonly number[])[] = [[0xfe, 0xed, 0xfa, 0xce], [0xfe, 0xed, 0xfa, 0xcf], [0xce, 0xfa, 0xed, 0xfe], [0xcf, 0xfa, 0xed, 0xfe], [0xca, 0xfe, 0xba, 0xbe]];

/** First bytes of every magic number below (ELF, PE, Mach-O, wasm, zip, gzip, bzip2, xz, zstd, 7z, rar). */
const MAGIC_FIRST_BYTES = new Uint8Array(256);
for (const b of [0x7f, 0x4d, 0xfe, 0xce, 0xcf, 0xca, 0x00, 0x50, 0x1f, 0x42, 0xfd, 0x28, 0x37, 0x52]) MAGIC_FIRST_BYTES[b] = 1;

/**
 * Classifies a file from its name and first bytes. Returns undefined for text. Text means: no NUL
 * byte in the head and few control characters; a UTF-16 BOM is text too (decoded by the caller).
 */
export function classifyBinary(path: string, head: Uint8Array): BinaryVerdict | undefined {
  const ext = extensionOf(path).toLowerCase();
  if (COMPILED_PYTHON_EXTENSIONS.has(ext)) return { kind: 'compiled-python', format: ext === '.pyd' ? 'Python extension module' : 'compiled Python bytecode' };
  // Most files start with none of the magic numbers (nor the bytecode or tar shapes): one table load
  // skips the fifteen comparisons below, in the same order as before for the rest.
  const mayHaveMagic = head.length > 0 && (MAGIC_FIRST_BYTES[head[0] as number] === 1 || (head[2] === 0x0d && head[3] === 0x0a) || head[257] === 0x75);
  if (mayHaveMagic) {
    const verdict = magicVerdict(head, ext);
    if (verdict) return verdict;
  }
  if (OFFICE_EXTENSIONS.has(ext)) return { kind: 'office-document', format: `Office document (${ext.slice(1)})` };
  if (ARCHIVE_EXTENSIONS.has(ext) && !isMostlyText(head)) return { kind: 'archive', format: `${ext.slice(1)} archive` };
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return undefined;
  if (isMostlyText(head)) return undefined;
  return { kind: 'binary', format: describeBinary(head, ext) };
}

function magicVerdict(head: Uint8Array, ext: string): BinaryVerdict | undefined {
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return { kind: 'native-executable', format: 'ELF executable' };
  if (startsWith(head, [0x4d, 0x5a])) return { kind: 'native-executable', format: 'Windows PE executable' };
  if (MACH_O_MAGICS.some((m) => startsWith(head, m))) {
    return { kind: 'native-executable', format: 'Mach-O executable' };
  }
  if (startsWith(head, [0x00, 0x61, 0x73, 0x6d])) return { kind: 'native-executable', format: 'WebAssembly module' };
  // CPython bytecode: a 2-byte magic followed by \r\n (every version since 1.x).
  if (head.length >= 4 && head[2] === 0x0d && head[3] === 0x0a && head[1] !== undefined && head[1] < 0x10 && ext !== '.txt') {
    const magicOk = (head[0] ?? 0) > 0 && !isMostlyText(head);
    if (magicOk) return { kind: 'compiled-python', format: 'compiled Python bytecode (by magic)' };
  }
  const isZip = startsWith(head, [0x50, 0x4b, 0x03, 0x04]) || startsWith(head, [0x50, 0x4b, 0x05, 0x06]);
  if (isZip && OFFICE_EXTENSIONS.has(ext)) return { kind: 'office-document', format: `Office document (${ext.slice(1)}, a zip archive)` };
  if (isZip) return { kind: 'archive', format: 'zip archive' };
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'archive', format: 'gzip archive' };
  if (startsWith(head, [0x42, 0x5a, 0x68])) return { kind: 'archive', format: 'bzip2 archive' };
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { kind: 'archive', format: 'xz archive' };
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) return { kind: 'archive', format: 'zstd archive' };
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return { kind: 'archive', format: '7z archive' };
  if (startsWith(head, [0x52, 0x61, 0x72, 0x21])) return { kind: 'archive', format: 'rar archive' };
  if (startsWith(head, [0x75, 0x73, 0x74, 0x61, 0x72], 257)) return { kind: 'archive', format: 'tar archive' };
  return undefined;
}

function describeBinary(head: Uint8Array, ext: string): string {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47])) return 'PNG image';
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'JPEG image';
  if (startsWith(head, [0x47, 0x49, 0x46, 0x38])) return 'GIF image';
  if (startsWith(head, [0x25, 0x50, 0x44, 0x46])) return 'PDF document';
  if (startsWith(head, [0x52, 0x49, 0x46, 0x46])) return 'RIFF media (WebP/WAV/AVI)';
  if (startsWith(head, [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65])) return 'SQLite database';
  return ext ? `binary data (${ext.slice(1)})` : 'binary data';
}

/** Images and similar media: binary, but not executable content. */
export function isMediaFormat(format: string): boolean {
  return /image|RIFF media/.test(format);
}

/** Control characters are counted in this much of the sample (a NUL is looked for in all of it). */
const CONTROL_SAMPLE = 8192;

/** 1 for the control bytes that count against text: below 0x20, except BS, TAB, LF, FF, CR and ESC. */
const COUNTED_CONTROL = new Uint8Array(256);
for (let b = 0; b < 0x20; b++) if (![8, 9, 10, 12, 13, 27].includes(b)) COUNTED_CONTROL[b] = 1;

/**
 * Whether a 32-bit word may hold a counted control byte (never false when it does). Bit tricks on four
 * bytes at once: line feeds (the one control byte in almost every text word) are first turned into
 * 0x2a, each marked exactly (no borrow between bytes); then any byte below 0x20 left flags the word.
 * Text words pass with no byte looked at; flagged words are counted byte by byte from the table.
 */
function mayHoldControl(x: number): boolean {
  const lf = x ^ 0x0a0a0a0a;
  const lineFeeds = ~(((lf & 0x7f7f7f7f) + 0x7f7f7f7f) | lf) & 0x80808080;
  const y = x | (lineFeeds >>> 2);
  return ((y - 0x20202020) & ~y & 0x80808080) !== 0;
}

/** No NUL in the sample and at most 5% control characters (other than tab, CR, LF, FF, ESC, BS) in its first 8 KiB. */
export function isMostlyText(sample: Uint8Array): boolean {
  if (sample.length === 0) return true;
  if (sample.indexOf(0) !== -1) return false;
  const n = Math.min(sample.length, CONTROL_SAMPLE);
  let control = 0;
  let i = 0;
  // Byte by byte up to a 4-byte boundary, then a word at a time (bytes looked at only in words that
  // may hold a counted control), then the tail.
  const lead = Math.min(n, (4 - (sample.byteOffset & 3)) & 3);
  for (; i < lead; i++) control += COUNTED_CONTROL[sample[i] as number] as number;
  const words = (n - i) >>> 2;
  if (words > 0) {
    const view = new Int32Array(sample.buffer, sample.byteOffset + i, words);
    for (let w = 0; w < words; w++) {
      if (!mayHoldControl(view[w] as number)) continue;
      const j = i + w * 4;
      control += (COUNTED_CONTROL[sample[j] as number] as number) + (COUNTED_CONTROL[sample[j + 1] as number] as number) + (COUNTED_CONTROL[sample[j + 2] as number] as number) + (COUNTED_CONTROL[sample[j + 3] as number] as number);
    }
    i += words * 4;
  }
  for (; i < n; i++) control += COUNTED_CONTROL[sample[i] as number] as number;
  return control / n <= 0.05;
}
