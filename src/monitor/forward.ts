// The proxy's hot path: an HTTP/1.1 forwarder on raw sockets. One ClientConn per client connection
// reads request heads with the strict parser in h1-parse.ts, scans them, and relays head and body
// bytes to a pooled upstream connection and the response back, unchanged. Bodies are scanned (a copy,
// up to max_scan_bytes) as they pass; past that they are only relayed, with backpressure both ways.
// CONNECT, Upgrade (WebSocket) and origin-form requests to the proxy itself are handed to Node's
// http.Server (the `fallback`), which keeps serving that connection.
import type * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { describeError } from '../core/errors.js';
import type { ThreatProtocol } from '../core/threat-log.js';
import { buildHead, ChunkedScanner, findHeadEnd, HeadError, parseRequestHead, parseResponseHead, pathOf, type ParsedHead } from './h1-parse.js';
import { isBlocking, type BodyTap, type FlowMeta, type Inspector, type Threat } from './inspect.js';
import type { OpLog } from './oplog.js';

/** A client went away mid-message: a normal event on a proxy, never a 500. */
export class ConnectionAborted extends Error {
  constructor(what: string) {
    super(`connection aborted: ${what}`);
    this.name = 'ConnectionAborted';
  }
}

/** Where a request goes. */
export interface Target {
  host: string;
  port: number;
  tls: boolean;
  /** Client IP (without port). */
  source: string;
}

/** What the forwarder needs from the proxy that owns it. */
export interface ForwardHost {
  readonly inspector: Inspector;
  readonly oplog: OpLog;
  readonly enforce: boolean;
  readonly maxHeaderBytes: number;
  readonly headersTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly pool: UpstreamPool;
  readonly stats: { requests: number; refused: number; upstreamErrors: number };
  isSelf(t: Target): boolean;
  hostAllowed(t: Target, meta: FlowMeta, what: string): boolean;
  /** Records blocking threats and returns the JSON body of the 403. */
  refusal(meta: FlowMeta, threats: readonly Threat[], host: string): object;
  /** Hands a connection to Node's HTTP server (CONNECT, upgrades, requests to the proxy itself). */
  handOff(socket: net.Socket, server: http.Server, target: Target | null): void;
}

export const TLS_TRUST_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
  'CERT_REVOKED', 'CERT_SIGNATURE_FAILURE', 'HOSTNAME_MISMATCH',
]);

const STATUS_TEXT: Record<number, string> = {
  100: 'Continue', 400: 'Bad Request', 403: 'Forbidden', 408: 'Request Timeout', 431: 'Request Header Fields Too Large',
  501: 'Not Implemented', 502: 'Bad Gateway', 504: 'Gateway Timeout', 508: 'Loop Detected',
};

const READ_SIZE = 256 * 1024;
const FIRST_READ_SIZE = 16 * 1024;

/**
 * The read buffer of one plain upstream socket (see UpstreamPool.acquire): what is read into it is used
 * synchronously (relayed; scanned on a copy) before the socket's next read, so it is reused without an
 * allocation or a copy per read. It starts at 16 KB and grows to 256 KB once a read fills it (big
 * bodies: a quarter of the read calls of Node's 64 KB default). When a relayed slice stays queued in a
 * client socket (a write that did not complete at once), the buffer goes with that write and the
 * upstream socket gets a new one.
 */
export class ReadSlot {
  buf = Buffer.allocUnsafeSlow(FIRST_READ_SIZE);

  /** `chunk` (a view on this slot's buffer) is still referenced: read into a new buffer from now on. */
  release(chunk: Buffer): void {
    if (chunk.buffer === this.buf.buffer) this.buf = Buffer.allocUnsafeSlow(this.buf.length);
  }
}

const CONTINUE = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/** Request body bytes discarded after a refusal before the connection is closed instead. */
const MAX_DISCARD = 16 * 1024 * 1024;

export function hostPort(t: { host: string; port: number }): string {
  return net.isIPv6(t.host) ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

export function clientIp(socket: net.Socket): string {
  const a = socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a || 'unknown';
}

/** A complete JSON response (keep-alive unless `close`). */
export function jsonResponse(status: number, body: object, close: boolean): string {
  const text = `${JSON.stringify(body)}\n`;
  return `HTTP/1.1 ${status} ${STATUS_TEXT[status] ?? 'Error'}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\ncache-control: no-store\r\n${close ? 'connection: close\r\n' : ''}\r\n${text}`;
}

/** Images, audio, video and fonts arriving are not scanned: no command or secret rule applies to their bytes. */
function isMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*(image|audio|video|font)\//i.test(contentType);
}

const absoluteUrl = /^(https?|wss?):\/\/(\[[^\]]+\]|[^/:?#@]+)(?::(\d{1,5}))?(?=[/?#]|$)/i;

const enum S {
  /** Waiting for (the rest of) a request head. */
  Head,
  /** Relaying a request body. */
  Body,
  /** Request sent; waiting for the response to finish before the next request. */
  Wait,
  /** Discarding the body of a refused request. */
  Discard,
  Closed,
}

const enum R {
  Head,
  Body,
  Done,
}

/** One client connection served by the raw forwarder. */
export class ClientConn {
  private state = S.Head;
  /** Unconsumed bytes: a partial head, or pipelined requests waiting their turn. */
  private buf: Buffer | null = null;
  /** Bytes of `buf` already searched for the end of the head. */
  private searched = 0;
  headStartedAt = 0;
  idleSince = Date.now();
  private ex: Exchange | null = null;
  private readonly source: string;
  private readonly onData = (chunk: Buffer): void => this.data(chunk);
  private readonly onEnd = (): void => this.clientEnded();
  private readonly onClose = (): void => this.closed();
  private readonly onDrain = (): void => this.ex?.clientDrained();
  private readonly onTimeout = (): void => {
    this.socket.destroy();
  };
  private clientEof = false;
  private pumping = false;
  /** Paused because a pipelined request waits for the current response. */
  private waitPaused = false;
  /** Paused because the upstream is not draining the request body. */
  private bpPaused = false;

  constructor(
    private readonly host: ForwardHost,
    readonly socket: net.Socket,
    /** The fixed upstream (MITM'd host, gateway), or null for a forward proxy (absolute-form). */
    private readonly fixed: Target | null,
    private readonly fallback: http.Server,
    private readonly registry: Set<ClientConn>,
  ) {
    this.source = fixed?.source ?? clientIp(socket);
    this.tls = socket instanceof tls.TLSSocket;
    registry.add(this);
    socket.setNoDelay(true);
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('close', this.onClose);
    socket.on('drain', this.onDrain);
    socket.on('error', noop);
    socket.setTimeout(host.idleTimeoutMs, this.onTimeout);
  }

  /** TLS towards the client (MITM): its writes may keep a reference to plaintext, so shared bytes are copied. */
  readonly tls: boolean;

  /** The client shut down its sending side. */
  get ended(): boolean {
    return this.clientEof;
  }

  get waitingForHead(): boolean {
    return this.state === S.Head;
  }

  get hasPartialHead(): boolean {
    return this.state === S.Head && this.buf !== null && this.buf.length > 0;
  }

  /** Answers with `status` and closes (timeouts, malformed requests). */
  fail(status: number, body: object): void {
    if (this.state === S.Closed) return;
    this.state = S.Closed;
    this.socket.removeListener('data', this.onData);
    this.registry.delete(this);
    if (this.socket.writable && !(this.ex?.headSent ?? false)) endSoon(this.socket, jsonResponse(status, body, true));
    else this.socket.destroy();
    this.ex?.abort();
    this.ex = null;
  }

  /** Closes an idle keep-alive connection. */
  closeIdle(): void {
    this.state = S.Closed;
    this.registry.delete(this);
    endSoon(this.socket);
  }

  destroy(): void {
    this.state = S.Closed;
    this.registry.delete(this);
    this.ex?.abort();
    this.socket.destroy();
  }

  private data(chunk: Buffer): void {
    if (this.state === S.Closed) return;
    if (this.buf === null) this.buf = chunk;
    else this.buf = Buffer.concat([this.buf, chunk]);
    this.pump();
  }

  /** Processes buffered bytes for as long as the current state allows. */
  private pump(): void {
    this.pumping = true;
    try {
      this.pumpLoop();
    } finally {
      this.pumping = false;
    }
  }

  private pumpLoop(): void {
    while (this.buf !== null && this.state !== S.Closed) {
      const buf: Buffer = this.buf;
      if (this.state === S.Head) {
        const end = findHeadEnd(buf, this.searched - 3);
        if (end < 0) {
          if (buf.length > this.host.maxHeaderBytes) return this.fail(431, { error: 'headers_too_large', reason: 'request head too large' });
          this.searched = buf.length;
          if (this.headStartedAt === 0) this.headStartedAt = Date.now();
          return;
        }
        if (end > this.host.maxHeaderBytes) return this.fail(431, { error: 'headers_too_large', reason: 'request head too large' });
        this.searched = 0;
        this.headStartedAt = 0;
        let head: ParsedHead;
        try {
          head = parseRequestHead(buf.toString('latin1', 0, end - 4));
        } catch (err) {
          if (err instanceof HeadError) {
            this.host.oplog.debug(`client error ${err.status} from ${this.source}: ${err.message}`);
            return this.fail(err.status, { error: 'bad_request', reason: `malformed HTTP request: ${err.message}` });
          }
          throw err;
        }
        if (head.method === 'CONNECT' || head.upgrade || (this.fixed === null && !absoluteUrl.test(head.target))) {
          // Node's server takes this connection from here on (tunnels, WebSocket, health endpoint).
          this.handOff();
          return;
        }
        this.buf = end === buf.length ? null : buf.subarray(end);
        this.startExchange(head);
        continue;
      }
      if (this.state === S.Body || this.state === S.Discard) {
        const ex = this.ex;
        if (!ex) return;
        this.buf = null;
        const rest = ex.requestBytes(buf);
        if (rest !== null && rest.length > 0) this.buf = this.buf === null ? rest : Buffer.concat([rest, this.buf]);
        continue;
      }
      // Wait: a pipelined request waits until the current response is done.
      this.waitPaused = true;
      this.socket.pause();
      return;
    }
  }

  private handOff(): void {
    this.state = S.Closed;
    this.registry.delete(this);
    const s = this.socket;
    s.pause();
    s.removeListener('data', this.onData);
    s.removeListener('end', this.onEnd);
    s.removeListener('close', this.onClose);
    s.removeListener('drain', this.onDrain);
    s.removeListener('timeout', this.onTimeout);
    if (this.buf !== null) s.unshift(this.buf);
    this.buf = null;
    this.host.handOff(s, this.fallback, this.fixed);
    s.resume();
  }

  private startExchange(head: ParsedHead): void {
    const h = this.host;
    h.stats.requests++;
    let target: Target;
    if (this.fixed) target = this.fixed;
    else {
      const m = absoluteUrl.exec(head.target) as RegExpExecArray;
      const scheme = (m[1] as string).toLowerCase();
      const secure = scheme === 'https' || scheme === 'wss';
      const port = m[3] ? Number(m[3]) : secure ? 443 : 80;
      if (port < 1 || port > 65535) return this.localAnswer(head, 400, { error: 'bad_request', reason: 'invalid port in the request URL' });
      target = { host: (m[2] as string).replace(/^\[|\]$/g, ''), port, tls: secure, source: this.source };
    }
    const ex = new Exchange(h, this, head, target);
    this.ex = ex;
    const out = ex.out;
    if (h.isSelf(target)) return this.localAnswer(head, 508, { error: 'loop', reason: 'the request targets the monitor itself' });
    if (h.enforce && !h.hostAllowed(target, out, 'request')) {
      return this.localAnswer(head, 403, { error: 'host_not_allowed', host: target.host, reason: `${target.host} is not in the egress allowlist (enforce mode)` });
    }
    const headThreats = h.inspector.scanHead(ex.path, head.rawHeaders, 'outbound');
    if (headThreats.length > 0) {
      if (h.enforce && headThreats.some((t) => isBlocking(t, target.host))) return this.localAnswer(head, 403, h.refusal(out, headThreats, target.host));
      h.inspector.record(out, headThreats);
    }
    if (head.expectContinue && ex.hasBody) this.socket.write(CONTINUE);
    this.state = ex.hasBody ? S.Body : S.Wait;
    ex.begin();
  }

  /** Answers a request without contacting an upstream; the body (if any) is read and dropped. */
  private localAnswer(head: ParsedHead, status: number, body: object): void {
    const ex = this.ex ?? new Exchange(this.host, this, head, { host: '', port: 0, tls: false, source: this.source });
    this.ex = ex;
    const close = head.close || this.clientEof;
    this.socket.write(jsonResponse(status, body, close));
    ex.headSent = true;
    if (ex.hasBody) {
      ex.discarding = true;
      ex.closeAfter = close;
      this.state = S.Discard;
      return;
    }
    this.exchangeDone(close);
  }

  /** Request body fully read (relayed or discarded). */
  requestDone(): void {
    if (this.state === S.Discard) {
      this.exchangeDone(this.ex?.closeAfter ?? true);
      return;
    }
    if (this.state === S.Body) this.state = S.Wait;
  }

  /** The response went out in full: next request, or close. */
  exchangeDone(close: boolean): void {
    const ex = this.ex;
    this.ex = null;
    if (ex && !ex.requestComplete) close = true;
    if (close || this.clientEof) {
      this.state = S.Closed;
      this.registry.delete(this);
      endSoon(this.socket);
      return;
    }
    this.state = S.Head;
    this.idleSince = Date.now();
    this.bpPaused = false;
    // Inside pump() (a request answered locally), its loop goes on with the next request itself.
    if (this.pumping) return;
    const wasPaused = this.waitPaused;
    this.waitPaused = false;
    if (this.buf !== null) this.pump();
    if (wasPaused && !this.waitPaused && !this.bpPaused && (this.state as S) !== S.Closed) this.socket.resume();
  }

  /** Reads and drops the rest of a refused request's body, then closes. */
  enterDiscard(): void {
    if (this.state === S.Closed) return;
    this.state = S.Discard;
    this.bpPaused = false;
    this.waitPaused = false;
    this.socket.resume();
    if (this.buf !== null && !this.pumping) this.pump();
  }

  /** The upstream cannot take more body bytes now: stop reading the client. */
  pauseClient(): void {
    this.bpPaused = true;
    this.socket.pause();
  }

  resumeClient(): void {
    if (!this.bpPaused) return;
    this.bpPaused = false;
    if (!this.waitPaused) this.socket.resume();
  }

  private clientEnded(): void {
    this.clientEof = true;
    if (this.state === S.Head && (this.buf === null || this.buf.length === 0)) {
      this.state = S.Closed;
      this.registry.delete(this);
      endSoon(this.socket);
    } else if (this.state === S.Body || this.state === S.Discard || this.state === S.Head) {
      // EOF inside a head or a body: the request can never complete.
      this.destroy();
    }
    // Wait: answer the request that was sent, then close.
  }

  private closed(): void {
    this.registry.delete(this);
    if (this.state !== S.Closed && this.ex && !this.ex.finished) {
      this.host.oplog.debug(new ConnectionAborted(`client ${this.source} left ${this.ex.head.method} ${this.ex.out.dest}`).message);
    }
    this.state = S.Closed;
    this.ex?.abort();
    this.ex = null;
  }
}

/** One request/response exchange on a client connection. */
class Exchange {
  readonly path: string;
  readonly out: FlowMeta;
  readonly inMeta: FlowMeta;
  readonly hasBody: boolean;
  headSent = false;
  finished = false;
  discarding = false;
  closeAfter = false;
  requestComplete: boolean;
  private reqLeft: number;
  private reqChunks: ChunkedScanner | null = null;
  private discarded = 0;
  private reqTap: BodyTap | null = null;
  /** Enforce mode: body bytes held until max_scan_bytes (or the end) were scanned. */
  private held: Buffer[] | null = null;
  private heldBytes = 0;
  private heldScan: Buffer[] | null = null;
  private up: UpConn | null = null;
  private attempts = 0;
  /** Whole request so far, for one retry on a stale pooled connection (bodiless requests only). */
  private requestHead = '';
  // response
  private rstate = R.Head;
  private rbuf: Buffer | null = null;
  private rsearched = 0;
  private resHead: ParsedHead | null = null;
  private resLeft = -1;
  private resChunks: ChunkedScanner | null = null;
  private resTap: BodyTap | null = null;
  private resCloseDelimited = false;
  private gotResponseBytes = false;
  /** Response head not written yet (it goes out with the first body bytes). */
  private pendingHead: string | null = null;
  /** The read buffer the chunk being relayed is a view on (null: the chunk is ours to keep). */
  private slot: ReadSlot | null = null;

  constructor(
    private readonly host: ForwardHost,
    private readonly conn: ClientConn,
    readonly head: ParsedHead,
    readonly target: Target,
  ) {
    this.path = pathOf(head.target);
    const protocol: ThreatProtocol = target.tls ? 'https' : 'http';
    const dest = hostPort(target);
    this.out = { direction: 'outbound', protocol, source: target.source, dest };
    this.inMeta = { direction: 'inbound', protocol, source: target.source, dest };
    this.hasBody = head.chunked || head.contentLength > 0;
    this.reqLeft = head.chunked ? -1 : Math.max(0, head.contentLength);
    if (head.chunked) this.reqChunks = new ChunkedScanner(host.maxHeaderBytes);
    this.requestComplete = !this.hasBody;
  }

  /** Starts forwarding (or, in enforce mode with a body, holding). */
  begin(): void {
    const h = this.host;
    if (this.hasBody && h.inspector.enabled) {
      if (h.enforce) {
        this.held = [];
        this.heldScan = [];
        return;
      }
      const length = this.head.chunked ? -1 : this.head.contentLength;
      this.reqTap = h.inspector.bodyScanner('outbound', this.head.contentEncoding, 'body', (t) => h.inspector.record(this.out, t), this.head.contentType, length);
    }
    this.connectUpstream();
  }

  private connectUpstream(): void {
    const h = this.host;
    this.attempts++;
    const up = h.pool.acquire(this.target, this.attempts > 1);
    up.attach(this);
    this.up = up;
    if (this.requestHead === '') {
      // Requests go out as HTTP/1.1, which needs a Host (an HTTP/1.0 client may have sent none).
      const raw = this.head.rawHeaders;
      let hasHost = false;
      for (let i = 0; i < raw.length && !hasHost; i += 2) hasHost = (raw[i] as string).length === 4 && (raw[i] as string).toLowerCase() === 'host';
      this.requestHead = buildHead(`${this.head.method} ${this.path} HTTP/1.1`, this.head, hasHost ? '' : `Host: ${hostPort(this.target)}\r\n`);
    }
    if (this.held !== null) {
      // Enforce mode, decided clean: head and held bytes in one write.
      const held = this.held;
      this.held = null;
      up.write(Buffer.concat([Buffer.from(this.requestHead, 'latin1'), ...held]));
    } else if (this.hasBody && !this.requestComplete) {
      // Headers leave with the first body bytes (usually in the same client packet): one write, not two.
      up.socket.cork();
      up.write(this.requestHead);
      queueMicrotask(() => up.socket.uncork());
    } else up.write(this.requestHead);
  }

  /** Body bytes from the client; returns bytes past the end of this body (pipelined), or null. */
  requestBytes(buf: Buffer): Buffer | null {
    let end = -1;
    let rest: Buffer | null = null;
    if (this.reqChunks !== null) {
      try {
        end = this.reqChunks.feed(buf, 0, this.onReqData);
      } catch (err) {
        this.conn.fail(400, { error: 'bad_request', reason: `malformed chunked body: ${describeError(err)}` });
        return null;
      }
    } else if (buf.length >= this.reqLeft) {
      end = this.reqLeft;
      this.reqLeft = 0;
      if (!this.discarding) this.onReqData(end === buf.length ? buf : buf.subarray(0, end));
    } else {
      this.reqLeft -= buf.length;
      if (!this.discarding) this.onReqData(buf);
    }
    const body = end < 0 ? buf : end === buf.length ? buf : buf.subarray(0, end);
    if (end >= 0 && end < buf.length) rest = buf.subarray(end);
    if (this.discarding) {
      this.discarded += body.length;
      if (this.discarded > MAX_DISCARD) {
        this.conn.destroy();
        return null;
      }
    } else this.relayRequest(body, end >= 0);
    if (end >= 0) {
      this.requestComplete = true;
      this.reqTap?.end();
      this.reqTap = null;
      if (this.held !== null) this.decideHeld();
      this.conn.requestDone();
    }
    return rest;
  }

  /** Decoded request body data (chunk payloads), for scanning. */
  private readonly onReqData = (data: Buffer): void => {
    if (this.discarding) return;
    if (this.heldScan !== null) {
      if (this.heldBytes < this.host.inspector.maxScanBytes) this.heldScan.push(Buffer.from(data));
      return;
    }
    const tap = this.reqTap;
    if (tap === null) return;
    tap.push(data);
    if (tap.finished) this.reqTap = null;
  };

  private relayRequest(body: Buffer, last: boolean): void {
    if (body.length === 0) return;
    if (this.held !== null) {
      // Copy: the socket's buffer is not ours to keep.
      this.held.push(Buffer.from(body));
      this.heldBytes += body.length;
      if (this.heldBytes >= this.host.inspector.maxScanBytes && !last) this.decideHeld();
      return;
    }
    const up = this.up;
    if (up === null) return;
    if (!up.write(body)) this.conn.pauseClient();
  }

  /** Enforce mode: scan what was held; refuse, or open the upstream and send it all. */
  private decideHeld(): void {
    const scan = this.heldScan ?? [];
    this.heldScan = null;
    const h = this.host;
    const threats = h.inspector.scanHeldBody(Buffer.concat(scan), this.head.contentEncoding, 'outbound');
    if (threats.some((t) => isBlocking(t, this.target.host))) {
      this.held = null;
      const body = h.refusal(this.out, threats, this.target.host);
      this.conn.socket.write(jsonResponse(403, body, true));
      this.headSent = true;
      this.discarding = true;
      this.closeAfter = true;
      if (this.requestComplete) this.conn.exchangeDone(true);
      else this.conn.enterDiscard();
      return;
    }
    if (threats.length > 0) h.inspector.record(this.out, threats);
    this.connectUpstream();
  }

  clientDrained(): void {
    this.up?.resume();
  }

  upDrained(): void {
    this.conn.resumeClient();
  }

  // ---- response ----

  /** Bytes from the upstream (with `slot`: a view on a reused read buffer, not to be kept). */
  onUpData(chunk: Buffer, slot: ReadSlot | null): void {
    this.gotResponseBytes = true;
    this.slot = slot;
    const shared = slot !== null;
    if (this.rstate === R.Head) {
      const buf = this.rbuf === null ? chunk : Buffer.concat([this.rbuf, chunk]);
      const end = findHeadEnd(buf, this.rsearched - 3);
      if (end < 0) {
        if (buf.length > this.host.maxHeaderBytes) return this.upstreamFailed('bad_upstream_response', 'the upstream response head is too large');
        this.rbuf = buf === chunk && shared ? Buffer.from(buf) : buf;
        this.rsearched = buf.length;
        return;
      }
      this.rbuf = null;
      this.rsearched = 0;
      let head: ParsedHead;
      try {
        head = parseResponseHead(buf.toString('latin1', 0, end - 4));
      } catch (err) {
        return this.upstreamFailed('bad_upstream_response', `the upstream response head cannot be relayed: ${describeError(err)}`);
      }
      if (head.status < 200) {
        // Interim responses: 100 was answered by us already; others (103) are dropped.
        if (head.status === 101) return this.upstreamFailed('bad_upstream_response', 'the upstream switched protocols on a request that did not ask to');
        if (end < buf.length) this.onUpData(buf.subarray(end), buf === chunk ? slot : null);
        return;
      }
      this.startResponse(head, end < buf.length ? buf.subarray(end) : null);
      return;
    }
    if (this.rstate === R.Body) this.responseBytes(chunk);
    else this.up?.destroy(); // bytes after a complete response: that connection is not reusable
  }

  private startResponse(head: ParsedHead, first: Buffer | null): void {
    const h = this.host;
    this.resHead = head;
    const t = h.inspector.scanHeaders(head.rawHeaders, 'inbound');
    if (t.length > 0) h.inspector.record(this.inMeta, t);
    const method = this.head.method;
    const bodiless = method === 'HEAD' || head.status === 204 || head.status === 304;
    if (bodiless) this.resLeft = 0;
    else if (head.chunked) this.resChunks = new ChunkedScanner(h.maxHeaderBytes);
    else if (head.contentLength >= 0) this.resLeft = head.contentLength;
    else this.resCloseDelimited = true;
    // The client connection closes after this response when the response is framed by close, the
    // client asked for it, or its request body did not reach its end (we cannot find the next head).
    this.closeAfter = this.resCloseDelimited || this.head.close || !this.requestComplete || this.conn.ended;
    const headText = buildHead(`HTTP/1.1 ${head.status} ${head.reason}`, head, this.closeAfter ? 'Connection: close\r\n' : '');
    if (!bodiless && h.inspector.enabled && !isMediaType(head.contentType)) {
      const length = this.resChunks === null && !this.resCloseDelimited ? this.resLeft : -1;
      this.resTap = h.inspector.bodyScanner('inbound', head.contentEncoding, 'body', (x) => h.inspector.record(this.inMeta, x), head.contentType, length);
    }
    this.rstate = R.Body;
    this.headSent = true;
    if (first === null || bodiless) {
      this.conn.socket.write(headText, 'latin1');
      if (bodiless || this.resLeft === 0) return this.responseDone();
      return;
    }
    // The head leaves with the first body bytes: one write.
    this.pendingHead = headText;
    this.responseBytes(first);
  }

  /** Writes response bytes to the client, with the response head in front the first time. */
  private toClient(part: Buffer): boolean {
    const sock = this.conn.socket;
    const head = this.pendingHead;
    let ok: boolean;
    const slot = this.slot;
    if (head === null) {
      if (slot !== null && this.conn.tls) return sock.write(Buffer.from(part));
      ok = sock.write(part);
    } else {
      this.pendingHead = null;
      if (part.length <= 32 * 1024) return sock.write(Buffer.concat([Buffer.from(head, 'latin1'), part]));
      sock.cork();
      sock.write(head, 'latin1');
      ok = sock.write(slot !== null && this.conn.tls ? Buffer.from(part) : part);
      sock.uncork();
    }
    // Not written at once: the slice stays queued, so its read buffer now belongs to that write.
    if (slot !== null && !this.conn.tls && sock.writableLength > 0) slot.release(part);
    return ok;
  }

  private responseBytes(chunk: Buffer): void {
    let end = -1;
    if (this.resChunks !== null) {
      try {
        end = this.resChunks.feed(chunk, 0, this.onResData);
      } catch (err) {
        this.host.oplog.debug(`bad chunked framing from ${this.inMeta.dest}: ${describeError(err)}`);
        this.conn.destroy();
        return;
      }
    } else if (!this.resCloseDelimited) {
      if (chunk.length >= this.resLeft) end = this.resLeft;
      else this.resLeft -= chunk.length;
      if (this.resTap !== null) this.tapResponse(end < 0 || end === chunk.length ? chunk : chunk.subarray(0, end));
      if (end >= 0) this.resLeft = 0;
    } else if (this.resTap !== null) this.tapResponse(chunk);
    const part = end < 0 || end === chunk.length ? chunk : chunk.subarray(0, end);
    if ((part.length > 0 || this.pendingHead !== null) && !this.toClient(part)) this.up?.pause();
    if (end >= 0) {
      if (end < chunk.length) this.up?.destroy(); // extra bytes after the response: not reusable
      this.responseDone();
    }
  }

  private readonly onResData = (data: Buffer): void => {
    if (this.resTap !== null) this.tapResponse(data);
  };

  /** A copy of response body bytes for the scanner; once its budget is spent, the rest is only relayed. */
  private tapResponse(data: Buffer): void {
    const tap = this.resTap as BodyTap;
    tap.push(data);
    if (tap.finished) this.resTap = null;
  }

  private responseDone(): void {
    this.rstate = R.Done;
    this.finished = true;
    this.resTap?.end();
    this.resTap = null;
    const up = this.up;
    this.up = null;
    if (up) {
      const reusable = !this.resCloseDelimited && !(this.resHead?.close ?? true) && this.requestComplete && !this.discarding;
      up.detach(reusable);
    }
    this.conn.exchangeDone(this.closeAfter);
  }

  /** The upstream closed its side. */
  upEnded(): void {
    if (this.rstate === R.Body && this.resCloseDelimited) {
      this.up?.detach(false);
      this.up = null;
      this.finished = true;
      this.resTap?.end();
      this.resTap = null;
      this.conn.exchangeDone(true);
      return;
    }
    this.upFailed(Object.assign(new Error('the upstream closed the connection before a complete response'), { code: 'ECONNRESET' }));
  }

  /** The upstream connection failed (connect error, TLS error, reset, timeout). */
  upFailed(err: NodeJS.ErrnoException): void {
    if (this.finished) return;
    const up = this.up;
    this.up = null;
    up?.detach(false);
    this.host.stats.upstreamErrors++;
    if (this.headSent) {
      this.conn.destroy();
      return;
    }
    // A pooled connection the server had closed: retry once on a fresh one, when nothing of the
    // request's body is lost (bodiless requests) and nothing came back.
    if (up?.reused && !this.gotResponseBytes && !this.hasBody && this.attempts < 2) {
      this.connectUpstream();
      return;
    }
    const trust = TLS_TRUST_ERRORS.has(err.code ?? '');
    const dest = this.inMeta.dest;
    const reason = trust
      ? `upstream TLS certificate of ${dest} is not trusted (${err.code}): add its CA with upstream_ca_file or NODE_EXTRA_CA_CERTS`
      : `cannot reach ${dest}: ${err.code ?? describeError(err)}`;
    this.host.oplog.warn(`502 for ${this.head.method} ${dest}${this.path.split('?')[0]}: ${reason}`);
    this.respondError(502, { error: trust ? 'upstream_tls_untrusted' : 'upstream_unreachable', reason, dest, code: err.code ?? null });
  }

  private upstreamFailed(error: string, reason: string): void {
    const up = this.up;
    this.up = null;
    up?.detach(false);
    this.host.stats.upstreamErrors++;
    this.host.oplog.warn(`502 for ${this.head.method} ${this.inMeta.dest}: ${reason}`);
    if (this.headSent) return this.conn.destroy();
    this.respondError(502, { error, reason, dest: this.inMeta.dest });
  }

  private respondError(status: number, body: object): void {
    this.finished = true;
    this.headSent = true;
    const sock = this.conn.socket;
    if (!sock.writable) return this.conn.destroy();
    if (this.requestComplete) {
      sock.write(jsonResponse(status, body, this.head.close));
      this.conn.exchangeDone(this.head.close);
    } else {
      // Part of the body is still coming: answer, then read and drop the rest before closing.
      sock.write(jsonResponse(status, body, true));
      this.discarding = true;
      this.closeAfter = true;
      this.conn.enterDiscard();
    }
  }

  /** The client went away or the connection is being torn down. */
  abort(): void {
    if (!this.finished) {
      this.finished = true;
      this.up?.detach(false);
      this.up = null;
    }
    this.reqTap?.end();
    this.resTap?.end();
    this.reqTap = null;
    this.resTap = null;
  }
}

/** An upstream connection, idle in the pool or serving one exchange. */
export class UpConn {
  private ex: Exchange | null = null;
  connected = false;
  reused = false;
  /** When it went back to the pool. */
  idleSince = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly socket: net.Socket, readonly key: string, private readonly pool: UpstreamPool, secure: boolean) {
    if (secure) socket.on('data', (d: Buffer) => this.bytes(d, null));
    socket.on('end', () => {
      const ex = this.ex;
      if (ex) ex.upEnded();
      else socket.destroy();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      const ex = this.ex;
      this.ex = null;
      ex?.upFailed(err);
    });
    socket.on('close', () => {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      pool.forget(this);
      const ex = this.ex;
      this.ex = null;
      ex?.upFailed(Object.assign(new Error('upstream connection closed'), { code: 'ECONNRESET' }));
    });
    socket.on('drain', () => this.ex?.upDrained());
    socket.once(secure ? 'secureConnect' : 'connect', () => {
      this.connected = true;
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      socket.setNoDelay(true);
      socket.setTimeout(pool.idleTimeoutMs);
    });
    socket.on('timeout', () => {
      socket.destroy(Object.assign(new Error(this.ex ? 'no response from the upstream in time' : 'idle'), { code: 'ETIMEDOUT' }));
    });
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.connected) socket.destroy(Object.assign(new Error('connect timed out'), { code: 'ETIMEDOUT' }));
    }, pool.connectTimeoutMs);
    this.timer.unref();
  }

  attach(ex: Exchange): void {
    this.ex = ex;
  }

  /** Bytes read from the upstream; with `slot`, a view on that reused read buffer, valid until the next read. */
  bytes(d: Buffer, slot: ReadSlot | null): void {
    if (this.ex) this.ex.onUpData(d, slot);
    else this.socket.destroy();
  }

  /** Writes body bytes, or a head (a string of latin1 bytes: header values may hold obs-text). */
  write(data: string | Buffer): boolean {
    return typeof data === 'string' ? this.socket.write(data, 'latin1') : this.socket.write(data);
  }

  pause(): void {
    this.socket.pause();
  }

  resume(): void {
    this.socket.resume();
  }

  destroy(): void {
    this.ex = null;
    this.socket.destroy();
  }

  /** The exchange is over: back to the pool when `reusable`, else closed. */
  detach(reusable: boolean): void {
    this.ex = null;
    if (!reusable || this.socket.destroyed || !this.socket.writable) {
      this.socket.destroy();
      return;
    }
    this.socket.resume();
    this.pool.release(this);
  }
}

/** Keep-alive upstream connections per (scheme, host, port), most recently used first. */
export class UpstreamPool {
  private readonly idle = new Map<string, UpConn[]>();
  private readonly all = new Set<UpConn>();
  private closed = false;

  constructor(
    private readonly secureContext: tls.SecureContext,
    readonly connectTimeoutMs: number,
    readonly idleTimeoutMs: number,
    /** How long an upstream connection waits in the pool for its next request. */
    private readonly poolIdleMs = 30_000,
    private readonly maxIdlePerHost = 256,
  ) {}

  acquire(t: Target, fresh: boolean): UpConn {
    const key = `${t.tls ? 's' : 'p'}${t.host}\u0000${t.port}`;
    if (!fresh) {
      const list = this.idle.get(key);
      while (list && list.length > 0) {
        const up = list.pop() as UpConn;
        if (!up.socket.destroyed && up.socket.writable) {
          up.reused = true;
          return up;
        }
      }
    }
    let up: UpConn | null = null;
    const slot = new ReadSlot();
    // Plain upstreams are read into a buffer of their own, reused from read to read (see ReadSlot).
    const socket = t.tls
      ? tls.connect({ host: t.host, port: t.port, secureContext: this.secureContext, servername: net.isIP(t.host) === 0 ? t.host : undefined, ALPNProtocols: ['http/1.1'] })
      : net.connect({
          host: t.host,
          port: t.port,
          onread: {
            buffer: () => slot.buf,
            callback: (n: number, buf: Uint8Array): boolean => {
              if (n === buf.length && buf.length < READ_SIZE) slot.buf = Buffer.allocUnsafeSlow(READ_SIZE);
              up?.bytes((buf as Buffer).subarray(0, n), slot);
              return true;
            },
          },
        });
    up = new UpConn(socket, key, this, t.tls);
    this.all.add(up);
    if (this.closed) socket.destroy();
    return up;
  }

  release(up: UpConn): void {
    let list = this.idle.get(up.key);
    if (!list) {
      list = [];
      this.idle.set(up.key, list);
    }
    if (list.length >= this.maxIdlePerHost || this.closed) return void up.socket.destroy();
    // Idle in the pool: closed by sweep() after poolIdleMs (30 s by default), before most servers' own
    // keep-alive ends (no timer per request: the proxy's sweeper calls sweep() every second or so).
    up.idleSince = Date.now();
    list.push(up);
  }

  /** Closes pooled connections idle for longer than poolIdleMs. */
  sweep(now: number): void {
    for (const list of this.idle.values()) {
      // Most recently used last: the stale ones are at the front.
      while (list.length > 0 && now - (list[0] as UpConn).idleSince > this.poolIdleMs) (list.shift() as UpConn).socket.destroy();
    }
  }

  forget(up: UpConn): void {
    this.all.delete(up);
    const list = this.idle.get(up.key);
    if (!list) return;
    const i = list.indexOf(up);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.idle.delete(up.key);
  }

  destroy(): void {
    this.closed = true;
    for (const up of this.all) up.socket.destroy();
    this.all.clear();
    this.idle.clear();
  }
}

function noop(): void {}

/** Time a client gets to close its side after the monitor closed its own, before the socket is destroyed. */
const LINGER_MS = 5_000;

/** Ends a client connection (after `last`), and destroys it if the client keeps its side open. */
function endSoon(socket: net.Socket, last?: string): void {
  if (last === undefined) socket.end();
  else socket.end(last);
  if (socket.destroyed) return;
  const t = setTimeout(() => socket.destroy(), LINGER_MS);
  t.unref();
  socket.once('close', () => clearTimeout(t));
}
