// Adapter to the shared detection engine (src/detect): whole-text scans and streamed scans of large files, secrets only.
import { createReadStream, promises as fs } from 'node:fs';
import { Decompress } from 'fzstd';

/** The subset of a detect Match the audit uses. */
export interface SecretMatch {
  ruleId: string;
  title: string;
  line: number;
  column: number;
  /** Redacted by the engine. */
  evidence: string;
  hash: string;
}

interface DetectModule {
  scanText(text: string, ctx: { kind: string; path?: string }): Array<SecretMatch & { category: string }>;
  createStreamScanner?(ctx: { kind: string; path?: string }, opts?: { overlap?: number }): { push(chunk: string | Uint8Array): Array<SecretMatch & { category: string }>; end(): Array<SecretMatch & { category: string }> };
}

// A variable specifier keeps the compiler from requiring the module while the detect engine is being written.
const DETECT_MODULE = '../detect/index.js';
let loaded: Promise<DetectModule | undefined> | undefined;

/** The engine, or undefined when it is not available in this build. */
export function loadDetect(): Promise<DetectModule | undefined> {
  loaded ??= import(DETECT_MODULE).then(
    (m: DetectModule) => (typeof m.scanText === 'function' ? m : undefined),
    () => undefined,
  );
  return loaded;
}

/** Files above this size are streamed through the engine in chunks. */
const STREAM_THRESHOLD = 4 << 20;
/** Files above this size are scanned only up to it (logs can be huge). */
export const MAX_SCAN_BYTES = 64 << 20;

export type ScanKind = 'config' | 'text';

export async function scanSecretsInText(text: string, kind: ScanKind, path?: string): Promise<SecretMatch[] | undefined> {
  const detect = await loadDetect();
  if (!detect) return undefined;
  return detect.scanText(text, { kind, path }).filter((m) => m.category === 'secret');
}

/** Scans a file for secrets; large files stream in 1 MiB chunks (the engine keeps an overlap window); `.zst` files are decompressed as they stream. */
export async function scanSecretsInFile(path: string, kind: ScanKind, signal?: AbortSignal): Promise<{ matches: SecretMatch[]; truncated: boolean } | undefined> {
  const detect = await loadDetect();
  if (!detect) return undefined;
  if (path.endsWith('.zst') && detect.createStreamScanner) return scanZstdFile(detect, path, kind, signal);
  const stat = await fs.stat(path);
  if (stat.size <= STREAM_THRESHOLD || !detect.createStreamScanner) {
    const handle = await fs.open(path, 'r');
    try {
      const size = Math.min(stat.size, MAX_SCAN_BYTES);
      const buf = Buffer.alloc(size);
      await handle.read(buf, 0, size, 0);
      return { matches: detect.scanText(buf.toString('utf8'), { kind, path }).filter((m) => m.category === 'secret'), truncated: stat.size > size };
    } finally {
      await handle.close();
    }
  }
  const scanner = detect.createStreamScanner({ kind, path });
  const matches: SecretMatch[] = [];
  const stream = createReadStream(path, { highWaterMark: 1 << 20, end: MAX_SCAN_BYTES - 1, signal });
  for await (const chunk of stream) matches.push(...scanner.push(chunk as Buffer).filter((m) => m.category === 'secret'));
  matches.push(...scanner.end().filter((m) => m.category === 'secret'));
  return { matches, truncated: stat.size > MAX_SCAN_BYTES };
}

/**
 * Cold transcript archives (`sessions/cold/*.jsonl.zst`): zstd frames decompressed chunk by chunk into the
 * stream scanner, never whole in memory; output past `MAX_SCAN_BYTES` (a zstd bomb) is not scanned.
 */
async function scanZstdFile(detect: DetectModule, path: string, kind: ScanKind, signal?: AbortSignal): Promise<{ matches: SecretMatch[]; truncated: boolean }> {
  const scanner = (detect.createStreamScanner as NonNullable<DetectModule['createStreamScanner']>)({ kind, path });
  const matches: SecretMatch[] = [];
  const keep = (found: Array<SecretMatch & { category: string }>) => {
    for (const m of found) if (m.category === 'secret') matches.push(m);
  };
  const utf8 = new TextDecoder('utf-8');
  let produced = 0;
  let truncated = false;
  const decoder = new Decompress((chunk) => {
    if (truncated) return;
    const room = MAX_SCAN_BYTES - produced;
    const part = chunk.byteLength > room ? chunk.subarray(0, room) : chunk;
    produced += part.byteLength;
    keep(scanner.push(utf8.decode(part, { stream: true })));
    if (part !== chunk) truncated = true;
  });
  const stream = createReadStream(path, { highWaterMark: 1 << 20, signal });
  try {
    for await (const chunk of stream) {
      decoder.push(chunk as Buffer);
      if (truncated) {
        stream.destroy();
        break;
      }
    }
    if (!truncated) decoder.push(new Uint8Array(0), true);
  } catch (err) {
    // A damaged archive is still reported for what was readable before the damage.
    if (signal?.aborted) throw err;
  }
  keep(scanner.push(utf8.decode()));
  keep(scanner.end());
  return { matches, truncated };
}
