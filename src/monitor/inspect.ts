// Traffic inspection: runs the detect engine on URLs, headers and (decoded) bodies, dedups and logs threats.
import * as zlib from 'node:zlib';
import { appendThreat, type ThreatAction, type ThreatDirection, type ThreatProtocol, type ThreatRecord } from '../core/threat-log.js';
import { clipSnippet } from '../core/redact.js';
import { createStreamScanner, scanText } from '../detect/index.js';
import type { Match, ScanContext } from '../detect/types.js';
import { isSecretHome, patternForRule, threatTypeFor } from './patterns.js';
import { ScanOffload, type RemoteScan, type SlotLease } from './scan-offload.js';

/** The slice of the detect engine the monitor uses (injected, so plumbing works and tests run without it). */
export interface Detector {
  scanText(text: string, ctx: ScanContext): Match[];
  createStreamScanner(ctx: ScanContext, opts?: { overlap?: number; minScanChars?: number }): StreamScanner;
}

export interface StreamScanner {
  push(chunk: string | Uint8Array): Match[];
  end(): Match[];
}

/** Who is talking to whom, for a threat record. */
export interface FlowMeta {
  direction: ThreatDirection;
  protocol: ThreatProtocol;
  /** Client IP. */
  source: string;
  /** Upstream `host:port`. */
  dest: string;
}

/** A match turned into a monitor threat (pattern name, type), before logging. */
export interface Threat {
  match: Match;
  pattern: string;
  threatType: 'EXFIL' | 'INJECTION';
  /** Where in the message: `url`, `header authorization`, `body`, `ws message`. */
  where: string;
}

export interface InspectorOptions {
  detector: Detector | null;
  logDir: string;
  maxScanBytes: number;
  dedupWindowSecs: number;
  /** Called for every logged or blocked threat (operational log, tests). */
  onThreat?: (rec: ThreatRecord) => void;
  /** Called when the threat log cannot be written. */
  onError?: (err: unknown) => void;
  /**
   * Scan big response bodies on a worker thread (default true; only with the built-in engine, which the
   * worker loads itself). Requests are scanned on the proxy's thread: enforce mode decides on them there,
   * and a proxy that only relays uploads does not start the worker (~15-20 MB of memory; measured: peak
   * RSS during the bench's 1 GB upload 133 -> 147-151 MB with request bodies offloaded).
   */
  offload?: boolean;
  /** Called when the scan worker fails (scans then stay on the proxy's thread). */
  onOffloadError?: (err: unknown) => void;
  now?: () => number;
}

/** Overlap kept between stream chunks: longer than the longest secret the rules match (PEM headers, keys). */
export const SCAN_OVERLAP = 512;
/** New characters coalesced before a streaming scan: small enough that SSE events are seen promptly. */
export const STREAM_SCAN_CHARS = 4096;
/**
 * New characters coalesced before a streaming scan of a plain body (not SSE): each engine call has a
 * fixed cost (~80 µs here), so 64 KB scanned in 4 KB steps cost ~1.7x one whole scan; 16 KB steps ~1.1x.
 */
export const BODY_SCAN_CHARS = 16384;
/** Bodies whose scanned part reaches this size are scanned on the worker thread (see scan-offload.ts). */
const OFFLOAD_MIN_BYTES = 16 * 1024;
/** Bound on decoded output per compressed message (zip-bomb guard): never more than this is inflated. */
const DECODE_LIMIT_FACTOR = 1;

/** Clean head lines remembered per direction (the set is emptied when it grows past this). */
const CLEAN_LINE_CACHE = 4096;
/** Longest head line remembered as clean. */
const CLEAN_LINE_MAX = 256;

/** Categories the monitor reports: data leaving and commands arriving. Network/domain rules are for file scans. */
const REPORTED = new Set(['secret', 'exfil', 'injection']);

export class Inspector {
  readonly enabled: boolean;
  private readonly detector: Detector | null;
  private readonly opts: InspectorOptions;
  private readonly lastLogged = new Map<string, number>();
  /** Head lines (request targets, `Name: value`) a scan found clean, per direction. */
  private readonly cleanOut = new Set<string>();
  private readonly cleanIn = new Set<string>();
  private writeChain: Promise<void> = Promise.resolve();
  /** Counters for status: threats logged, blocked, suppressed by dedup. */
  readonly stats = { logged: 0, blocked: 0, deduped: 0 };

  private readonly offload: ScanOffload | null;

  constructor(opts: InspectorOptions) {
    this.opts = opts;
    this.detector = opts.detector;
    this.enabled = opts.detector !== null;
    this.offload = opts.detector === BUILTIN_DETECTOR && opts.offload !== false
      ? new ScanOffload({ overlap: SCAN_OVERLAP, minScanChars: BODY_SCAN_CHARS, slotBytes: opts.maxScanBytes, categories: [...REPORTED] }, opts.onOffloadError)
      : null;
  }

  /** Stops the scan worker (if one started). */
  async close(): Promise<void> {
    await this.offload?.close();
  }

  get maxScanBytes(): number {
    return this.opts.maxScanBytes;
  }

  /**
   * Scans a message head in one engine call: the request target (outbound) as a first line, then the
   * header lines as `Name: value`. Threats say where: `url` or `header <name>`. Lines already seen
   * clean (`Host: api.example.com`, `Accept: *\/*`: most of every head) are left out of the scan.
   */
  scanHead(url: string | null, rawHeaders: readonly string[], direction: ThreatDirection): Threat[] {
    if (!this.detector) return [];
    const clean = direction === 'outbound' ? this.cleanOut : this.cleanIn;
    let text = '';
    let urlEnd = 0;
    if (url !== null && !clean.has(url)) {
      text = `${url}\n`;
      urlEnd = text.length;
    }
    // Start offset in `text` of each header scanned, and its index in rawHeaders.
    const starts: number[] = [];
    const which: number[] = [];
    for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
      const line = `${rawHeaders[i]}: ${rawHeaders[i + 1]}`;
      if (clean.has(line)) continue;
      starts.push(text.length);
      which.push(i);
      text += `${line}\n`;
      if (text.length > this.opts.maxScanBytes) break;
    }
    if (text.length === 0) return [];
    const matches = this.detector.scanText(text, { kind: 'http-header', direction });
    const hit = new Set<number>();
    const threats = matches.flatMap((m) => {
      if (m.start < urlEnd) {
        hit.add(-1);
        return this.toThreats([m], 'url');
      }
      let idx = 0;
      while (idx + 1 < starts.length && (starts[idx + 1] ?? Infinity) <= m.start) idx++;
      hit.add(idx);
      return this.toThreats([m], `header ${(rawHeaders[which[idx] ?? 0] ?? '').toLowerCase()}`);
    });
    // Remember clean lines (short ones only: long values are rarely repeated).
    if (clean.size > CLEAN_LINE_CACHE) clean.clear();
    if (urlEnd > 0 && !hit.has(-1) && urlEnd <= CLEAN_LINE_MAX) clean.add(url as string);
    for (let k = 0; k < starts.length; k++) {
      if (hit.has(k)) continue;
      const end = k + 1 < starts.length ? (starts[k + 1] as number) : text.length;
      const len = end - (starts[k] as number) - 1;
      if (len <= CLEAN_LINE_MAX && len >= 0) {
        const i = which[k] as number;
        clean.add(`${rawHeaders[i]}: ${rawHeaders[i + 1]}`);
      }
    }
    return threats;
  }

  /** Scans header lines (`rawHeaders` pairs) as `Name: value` text. */
  scanHeaders(rawHeaders: readonly string[], direction: ThreatDirection): Threat[] {
    return this.scanHead(null, rawHeaders, direction);
  }

  /** Scans a whole (held) body synchronously, decoding gzip/deflate/br up to max_scan_bytes. */
  scanHeldBody(body: Buffer, encoding: string | undefined, direction: ThreatDirection, where = 'body'): Threat[] {
    if (!this.detector || body.length === 0) return [];
    const decoded = decodeSync(body, encoding, this.opts.maxScanBytes);
    const text = decoded.subarray(0, this.opts.maxScanBytes);
    return this.toThreats(this.detector.scanText(text.toString('latin1'), { kind: 'http-body', direction }), where);
  }

  /**
   * A per-message streaming scanner: feed it the original chunks (they are not modified), it decodes
   * on a side tap when `encoding` says so and reports threats through `onThreats` as they are found.
   * Stops scanning after max_scan_bytes of decoded data. `length` is the body's Content-Length (-1 when
   * the framing does not say): a body of known length is scanned whole, in one engine call (see BodyTap).
   */
  bodyScanner(direction: ThreatDirection, encoding: string | undefined, where: string, onThreats: (t: Threat[]) => void, contentType?: string, length = -1): BodyTap {
    if (!this.detector) return NOOP_TAP;
    const sse = contentType !== undefined && /^\s*text\/event-stream\b/i.test(contentType);
    return new BodyTap(this.detector, { kind: 'http-body', direction }, encoding, this.opts.maxScanBytes, (ms) => {
      const threats = this.toThreats(ms, where);
      if (threats.length > 0) onThreats(threats);
    }, sse, direction === 'inbound' && !sse ? this.offload : null, length);
  }

  /** Logs threats (dedup on pattern, dest, direction unless `blocked`). Returns the records written. */
  record(meta: FlowMeta, threats: readonly Threat[], action: ThreatAction = 'logged'): ThreatRecord[] {
    const out: ThreatRecord[] = [];
    const now = (this.opts.now ?? Date.now)();
    const windowMs = this.opts.dedupWindowSecs * 1000;
    for (const t of threats) {
      const key = `${t.pattern}\u0000${meta.dest}\u0000${meta.direction}`;
      const last = this.lastLogged.get(key);
      if (action === 'logged' && last !== undefined && now - last < windowMs) {
        this.stats.deduped++;
        continue;
      }
      this.lastLogged.set(key, now);
      if (this.lastLogged.size > 10_000) this.pruneDedup(now, windowMs);
      const rec: ThreatRecord = {
        direction: meta.direction,
        protocol: meta.protocol,
        threat_type: t.threatType,
        pattern: t.pattern,
        snippet: clipSnippet(`${t.where}: ${t.match.evidence}`, 200),
        source: meta.source,
        dest: meta.dest,
        timestamp: new Date(now).toISOString(),
        ruleId: t.match.ruleId,
        severity: t.match.severity,
        action,
      };
      if (action === 'blocked') this.stats.blocked++;
      else this.stats.logged++;
      out.push(rec);
      this.opts.onThreat?.(rec);
      this.writeChain = this.writeChain
        .then(() => appendThreat(this.opts.logDir, rec))
        .catch((err: unknown) => this.opts.onError?.(err));
    }
    return out;
  }

  /** Resolves when every record so far is on disk. */
  flush(): Promise<void> {
    return this.writeChain;
  }

  private pruneDedup(now: number, windowMs: number): void {
    for (const [k, t] of this.lastLogged) if (now - t >= windowMs) this.lastLogged.delete(k);
  }

  private toThreats(matches: readonly Match[], where: string): Threat[] {
    const out: Threat[] = [];
    for (const m of matches) {
      if (!REPORTED.has(m.category)) continue;
      out.push({ match: m, pattern: patternForRule(m.ruleId), threatType: threatTypeFor(m.category), where });
    }
    return out;
  }
}

/**
 * Whether a threat stops a request in enforce mode: a secret (API key, private key, token) at high or
 * critical severity going anywhere but its issuer (`SECRET_HOMES`: an Anthropic key to anthropic.com
 * is the agent working, the same key to a paste site is exfiltration), plus destination refusals.
 * Sensitive-path mentions (`/etc/passwd` in a URL) are logged, not blocked: they are common in
 * documentation fetches and would make enforce mode unusable.
 */
export function isBlocking(t: Threat, destHost?: string): boolean {
  if (t.match.ruleId === 'monitor.egress.host-not-allowed') return true;
  const serious = t.match.severity === 'critical' || t.match.severity === 'high';
  if (!serious || t.match.category !== 'secret') return false;
  return destHost === undefined || !isSecretHome(t.match.ruleId, destHost);
}

/** Normalised content-encoding when the monitor can decode it for scanning, else undefined. */
export function decodableEncoding(header: string | undefined): 'gzip' | 'deflate' | 'br' | undefined {
  const v = header?.trim().toLowerCase();
  if (v === 'gzip' || v === 'x-gzip') return 'gzip';
  if (v === 'deflate') return 'deflate';
  if (v === 'br') return 'br';
  return undefined;
}

/** Decodes a possibly truncated compressed prefix, never producing more than `limit` bytes. */
export function decodeSync(body: Buffer, encoding: string | undefined, limit: number): Buffer {
  const enc = decodableEncoding(encoding);
  if (!enc) return body;
  const maxOutputLength = Math.max(limit * DECODE_LIMIT_FACTOR, 1024);
  try {
    if (enc === 'br') {
      return zlib.brotliDecompressSync(body, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, maxOutputLength });
    }
    if (enc === 'gzip') return zlib.gunzipSync(body, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength });
    // "deflate" is zlib-wrapped per RFC 9110, but some servers send raw deflate.
    try {
      return zlib.inflateSync(body, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength });
    } catch {
      return zlib.inflateRawSync(body, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength });
    }
  } catch (err) {
    // Output larger than the limit: decode again is pointless; scan the raw bytes instead of nothing.
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return partialDecode(body, enc, maxOutputLength);
    return body;
  }
}

function partialDecode(body: Buffer, enc: 'gzip' | 'deflate' | 'br', limit: number): Buffer {
  // Decode a shrinking prefix until the output fits; compressed prefixes decode with SYNC_FLUSH.
  let len = Math.min(body.length, limit);
  while (len > 64) {
    try {
      const part = body.subarray(0, len);
      const out = enc === 'br'
        ? zlib.brotliDecompressSync(part, { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH, maxOutputLength: limit })
        : enc === 'gzip'
          ? zlib.gunzipSync(part, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: limit })
          : zlib.inflateSync(part, { finishFlush: zlib.constants.Z_SYNC_FLUSH, maxOutputLength: limit });
      return out;
    } catch {
      len = Math.floor(len / 4);
    }
  }
  return Buffer.alloc(0);
}

/**
 * A scanning tap on one message body: the original chunks go to the peer untouched by the caller;
 * copies go here, through a zlib decoder when compressed, into the detect engine, for at most `limit`
 * decoded bytes.
 *
 * A body whose length is known (Content-Length) is scanned whole: its first `limit` decoded bytes are
 * copied once into one buffer of that size and scanned with one engine call when the buffer is full or
 * the body ends: no overlap window to rescan, no per-chunk engine call. A big one is built in a shared
 * slot the scan worker reads (or, with no slot free, in a buffer of its own that is moved there), so
 * handing it over copies nothing (see scan-offload.ts). After that the tap is done and the caller's
 * chunks are only relayed. A body of unknown length (chunked, close-delimited, WebSocket messages) may
 * be a stream that trickles for minutes: it is scanned as it flows, the first chunk held until a second
 * arrives, then a stream scanner with an overlap window takes over (SSE bodies are reassembled first).
 */
export class BodyTap {
  private scanned = 0;
  private done = false;
  /** Decoded bytes scanned at most: `limit`, or less when the identity body is shorter. */
  private readonly budget: number;
  /** Whole mode (known length): the scan input, built once. Stream mode: the first chunk, held. */
  private acc: Buffer | null = null;
  private accLen = 0;
  /** When `acc` is a shared slot of the scan worker (see ScanOffload.acquireSlot). */
  private lease: SlotLease | null = null;
  private readonly whole: boolean;
  private scanner: StreamScanner | null = null;
  private readonly decoder: zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | null = null;
  /** Server-sent events: data fields are reassembled before scanning (see SseReassembler). */
  private sse: SseReassembler | null = null;
  /** A big streamed body sent to the scan worker instead of `scanner`. */
  private remote: RemoteScan | null = null;

  constructor(
    private readonly detector: Detector | null,
    private readonly ctx: ScanContext,
    encoding: string | undefined,
    limit: number,
    private readonly onMatches: (m: Match[]) => void,
    sse = false,
    private readonly offload: ScanOffload | null = null,
    /** The body's length when its framing says it (Content-Length), else -1. */
    length = -1,
  ) {
    const enc = decodableEncoding(encoding);
    this.whole = !sse && length >= 0;
    this.budget = this.whole && !enc ? Math.min(limit, length) : limit;
    if (!detector) {
      this.done = true;
      return;
    }
    if (sse) this.sse = new SseReassembler(detector, ctx, onMatches);
    if (enc) {
      const d = enc === 'br' ? zlib.createBrotliDecompress() : enc === 'gzip' ? zlib.createGunzip() : zlib.createInflate();
      d.on('data', (chunk: Buffer) => {
        try {
          this.scan(chunk);
        } catch {
          this.abandon();
        }
      });
      // A corrupt or raw-deflate body: stop decoding, the bytes still flow to the peer.
      d.on('error', () => this.finish());
      d.on('end', () => {
        try {
          this.finish();
        } catch {
          this.abandon();
        }
      });
      this.decoder = d;
    }
  }

  /** Nothing more will be scanned: the caller may drop the tap and relay the rest as is. */
  get finished(): boolean {
    return this.done;
  }

  /** Feeds a copy of a chunk; never throws (a failing scan stops scanning, the bytes still flow). */
  push(chunk: Buffer): void {
    if (this.done || chunk.length === 0) return;
    try {
      if (this.decoder) {
        // A copy: zlib works on it later, and the caller's bytes may be a reused read buffer.
        if (!this.decoder.destroyed) this.decoder.write(Buffer.from(chunk));
        return;
      }
      this.scan(chunk);
    } catch {
      this.abandon();
    }
  }

  end(): void {
    if (this.done) return;
    try {
      if (this.decoder && !this.decoder.destroyed) {
        this.decoder.end();
        return;
      }
      this.finish();
    } catch {
      this.abandon();
    }
  }

  private abandon(): void {
    this.done = true;
    this.acc = null;
    if (this.lease !== null) this.offload?.releaseSlot(this.lease);
    this.lease = null;
    if (this.decoder && !this.decoder.destroyed) this.decoder.destroy();
  }

  private scan(chunk: Buffer): void {
    if (this.done || !this.detector) return;
    const room = this.budget - this.scanned;
    const part = chunk.length > room ? chunk.subarray(0, room) : chunk;
    this.scanned += part.length;
    if (this.whole) this.append(part);
    else if (this.sse !== null) this.sse.push(part);
    else if (this.remote !== null) this.remote.push(part);
    else if (this.scanner === null && this.acc === null) {
      // Copy: the caller's buffer may be reused once written to the peer.
      this.acc = Buffer.from(part);
      this.accLen = part.length;
    } else if (this.scanner === null && this.offload?.available && this.accLen + part.length >= OFFLOAD_MIN_BYTES && this.goRemote()) {
      (this.remote as RemoteScan | null)?.push(part);
    } else {
      if (this.scanner === null) {
        this.scanner = this.detector.createStreamScanner(this.ctx, { overlap: SCAN_OVERLAP, minScanChars: BODY_SCAN_CHARS });
        const held = this.acc;
        this.acc = null;
        if (held) this.report(this.scanner.push(held));
      }
      this.report(this.scanner.push(part));
    }
    if (this.scanned >= this.budget) this.finish();
  }

  /** Whole mode: copies decoded bytes into the scan buffer (sized to the budget, or grown for decoded bodies). */
  private append(part: Buffer): void {
    const need = this.accLen + part.length;
    let acc = this.acc;
    if (acc === null && this.budget >= OFFLOAD_MIN_BYTES && this.offload?.available) {
      // A big body is built where the scan worker reads it: a shared slot sized for the whole budget.
      this.lease = this.offload.acquireSlot(this.budget);
      if (this.lease !== null) {
        acc = this.lease.buf;
        this.acc = acc;
      }
    }
    if (acc === null || need > acc.length) {
      // Identity bodies know their budget up front; decoded ones double up to it. A big buffer is its
      // own ArrayBuffer (allocUnsafeSlow), so it can be moved to the scan worker without a copy.
      const size = this.decoder === null ? this.budget : Math.min(this.budget, Math.max(need, 2 * (acc?.length ?? 0), 16 * 1024));
      const grown = size >= OFFLOAD_MIN_BYTES ? Buffer.allocUnsafeSlow(size) : Buffer.allocUnsafe(size);
      if (acc !== null) acc.copy(grown, 0, 0, this.accLen);
      acc = grown;
      this.acc = grown;
    }
    if (part.length === 0) return;
    // Into shared memory, Buffer#copy (TypedArray#set) takes V8's atomic-safe byte copy: ~36 µs for
    // 48 KB here, against ~3 µs for Buffer#fill with a buffer value, which is one memcpy in Node.
    if (this.lease !== null) acc.fill(part, this.accLen, need);
    else part.copy(acc, this.accLen);
    this.accLen = need;
  }

  private report(ms: Match[]): void {
    if (ms.length > 0) this.onMatches(ms);
  }

  /** Moves this streamed body's scan to the worker, starting with the held first chunk; false if it cannot. */
  private goRemote(): boolean {
    const remote = this.offload?.open(this.ctx, (ms) => this.report(ms)) ?? null;
    if (!remote) return false;
    this.remote = remote;
    const held = this.acc;
    this.acc = null;
    if (held) remote.push(held);
    return true;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    if (this.decoder && !this.decoder.destroyed) this.decoder.destroy();
    const held = this.acc;
    const n = this.accLen;
    const lease = this.lease;
    this.acc = null;
    this.lease = null;
    if (this.sse) this.sse.end();
    else if (this.remote) this.remote.end();
    else if (this.scanner) this.report(this.scanner.end());
    else if (held !== null && this.detector) {
      // One engine call over what was held: on the worker when big (its slot, or its buffer moved
      // there), else here.
      const report = (ms: Match[]): void => this.report(ms);
      const offload = n >= OFFLOAD_MIN_BYTES && this.offload?.available === true ? this.offload : null;
      const sent = offload !== null && (lease !== null ? offload.scanSlot(this.ctx, lease, n, report) : offload.scanWhole(this.ctx, held, n, report));
      if (!sent) {
        const text = held.toString('utf8', 0, n);
        if (lease !== null) this.offload?.releaseSlot(lease);
        this.report(this.detector.scanText(text, this.ctx));
      }
    } else if (lease !== null) this.offload?.releaseSlot(lease);
  }
}

/** Distinct JSON string paths reassembled per event stream; more share one stream. */
const SSE_MAX_PATHS = 16;

/**
 * Server-sent events as an LLM streams them: `data:` fields carry a token or two each, often as JSON
 * (`{"delta":{"text":"sk-ant-"}}` then `{"delta":{"text":"api03-…"}}`), so a secret or a command is
 * split across events and chunks and no single event holds it. This reassembles what the events say
 * before scanning: the string values of JSON data, one stream per JSON path (`delta.text`,
 * `choices.0.delta.content`) concatenated event after event, and non-JSON data concatenated as is
 * (data lines of one event too). Each stream goes through a stream scanner; a finding is reported
 * once per message (rule and hash), whichever stream it came from.
 */
export class SseReassembler {
  private readonly text = new TextDecoder('utf-8');
  private line = '';
  private data: string[] = [];
  private dataChars = 0;
  private readonly streams = new Map<string, StreamScanner>();
  private readonly seen = new Set<string>();

  constructor(
    private readonly detector: Detector,
    private readonly ctx: ScanContext,
    private readonly onMatches: (m: Match[]) => void,
    private readonly maxEventChars = 1 << 20,
  ) {}

  push(bytes: Uint8Array): void {
    const chunk = this.line + this.text.decode(bytes, { stream: true });
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf('\n', start);
      if (nl < 0) break;
      const end = nl > start && chunk.charCodeAt(nl - 1) === 0x0d ? nl - 1 : nl;
      this.field(chunk.slice(start, end));
      start = nl + 1;
    }
    this.line = chunk.slice(start);
    // A line that never ends is still data: bound it and scan what came.
    if (this.line.length > this.maxEventChars) {
      this.field(this.line);
      this.line = '';
    }
  }

  end(): void {
    const tail = this.line + this.text.decode();
    this.line = '';
    if (tail.length > 0) this.field(tail);
    this.dispatch();
    for (const scanner of this.streams.values()) this.report(scanner.end());
    this.streams.clear();
  }

  private field(line: string): void {
    if (line.length === 0) return this.dispatch();
    if (line.charCodeAt(0) === 0x3a) return; // comment
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    if (name !== 'data') return;
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 0x20) value = value.slice(1);
    if (this.dataChars + value.length > this.maxEventChars) value = value.slice(0, Math.max(0, this.maxEventChars - this.dataChars));
    this.data.push(value);
    this.dataChars += value.length;
  }

  private dispatch(): void {
    if (this.data.length === 0) return;
    const lines = this.data;
    this.data = [];
    this.dataChars = 0;
    const joined = lines.join('\n');
    const c = joined.charCodeAt(0);
    if (c === 0x7b || c === 0x5b) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(joined);
      } catch {
        parsed = undefined;
      }
      if (parsed !== undefined) {
        this.walk(parsed, '');
        return;
      }
    }
    this.feed('', lines.join(''));
  }

  private walk(v: unknown, path: string): void {
    if (typeof v === 'string') {
      if (v.length > 0) this.feed(path, v);
    } else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) this.walk(v[i], `${path}.${i}`);
    } else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) this.walk(x, `${path}.${k}`);
    }
  }

  private feed(path: string, text: string): void {
    let scanner = this.streams.get(path);
    if (!scanner) {
      const key = this.streams.size >= SSE_MAX_PATHS ? '*' : path;
      scanner = this.streams.get(key);
      if (!scanner) {
        scanner = this.detector.createStreamScanner(this.ctx, { overlap: SCAN_OVERLAP, minScanChars: STREAM_SCAN_CHARS });
        this.streams.set(key, scanner);
      }
    }
    this.report(scanner.push(text));
  }

  private report(ms: Match[]): void {
    if (ms.length === 0) return;
    const fresh = ms.filter((m) => {
      const k = `${m.ruleId}\u0000${m.hash}`;
      if (this.seen.has(k)) return false;
      this.seen.add(k);
      return true;
    });
    if (fresh.length > 0) this.onMatches(fresh);
  }
}

const NOOP_TAP = new BodyTap(null, { kind: 'http-body' }, undefined, 0, () => undefined);

/** The shared detect engine. */
export const BUILTIN_DETECTOR: Detector = { scanText, createStreamScanner };

/** The detector the monitor uses by default (async for callers that may load it lazily). */
export function loadDetector(): Promise<Detector | null> {
  return Promise.resolve(BUILTIN_DETECTOR);
}
