// File typing for the scanner: content kind by extension or shebang, and non-text formats by magic bytes.
import { basename, extname } from 'node:path';
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

/** The engine's content kind for a text file: extension first, then the shebang, then `text`. */
export function contentKindFor(path: string, head?: string): ContentKind {
  const name = basename(path).toLowerCase();
  if (name === '.env' || name.startsWith('.env.')) return 'config';
  const byExt = KIND_BY_EXTENSION[extname(name)];
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

/**
 * Classifies a file from its name and first bytes. Returns undefined for text. Text means: no NUL
 * byte in the head and few control characters; a UTF-16 BOM is text too (decoded by the caller).
 */
export function classifyBinary(path: string, head: Uint8Array): BinaryVerdict | undefined {
  const ext = extname(path).toLowerCase();
  if (COMPILED_PYTHON_EXTENSIONS.has(ext)) return { kind: 'compiled-python', format: ext === '.pyd' ? 'Python extension module' : 'compiled Python bytecode' };
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
  if (OFFICE_EXTENSIONS.has(ext)) return { kind: 'office-document', format: `Office document (${ext.slice(1)})` };
  if (ARCHIVE_EXTENSIONS.has(ext) && !isMostlyText(head)) return { kind: 'archive', format: `${ext.slice(1)} archive` };
  if (startsWith(head, [0xff, 0xfe]) || startsWith(head, [0xfe, 0xff])) return undefined;
  if (isMostlyText(head)) return undefined;
  return { kind: 'binary', format: describeBinary(head, ext) };
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

/** No NUL in the sample and at most 5% control characters (other than tab, CR, LF, FF, ESC, BS) in its first 8 KiB. */
export function isMostlyText(sample: Uint8Array): boolean {
  if (sample.length === 0) return true;
  if (sample.indexOf(0) !== -1) return false;
  const n = Math.min(sample.length, CONTROL_SAMPLE);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = sample[i] as number;
    if (b < 0x20 && b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 27 && b !== 8) control++;
  }
  return control / n <= 0.05;
}
