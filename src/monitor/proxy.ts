// The inspecting proxy: HTTP forward proxy + CONNECT (MITM or blind tunnel) + the gateway port forward.
import { once } from 'node:events';
import * as http from 'node:http';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { isAllowed, type Allowlist } from '../core/allowlist.js';
import { ClawguardError, describeError } from '../core/errors.js';
import type { ThreatProtocol, ThreatRecord } from '../core/threat-log.js';
import type { MonitorConfig } from './config.js';
import type { LeafCertCache } from './ca.js';
import { ClientConn, clientIp, hostPort, TLS_TRUST_ERRORS, UpstreamPool, type ForwardHost, type Target } from './forward.js';
import { pathOf } from './h1-parse.js';
import { isBlocking, type FlowMeta, type Inspector, type Threat } from './inspect.js';
import type { OpLog } from './oplog.js';
import { closeFrame, WsGate } from './ws-gate.js';
import { WsFrameTap } from './ws-tap.js';

export { ConnectionAborted } from './forward.js';

/** Limits that bound malformed, slow and flooding clients. */
export interface ProxyLimits {
  /** Largest request or response head, bytes (larger: 431). */
  maxHeaderBytes: number;
  /** Time a client has to send a complete request head, ms (slowloris guard). */
  headersTimeoutMs: number;
  /** Idle time after which a client or tunnel socket is closed, ms. */
  idleTimeoutMs: number;
  /** Open client connections per listener; more are refused at accept. */
  maxConnections: number;
  /** Time to connect to an upstream (TCP + TLS), ms. */
  upstreamConnectTimeoutMs: number;
  /** Time an idle upstream connection is kept for reuse, ms. */
  poolIdleTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<ProxyLimits> = Object.freeze({
  maxHeaderBytes: 32 * 1024,
  headersTimeoutMs: 15_000,
  idleTimeoutMs: 300_000,
  maxConnections: 4096,
  upstreamConnectTimeoutMs: 15_000,
  poolIdleTimeoutMs: 30_000,
});

export interface ProxyOptions {
  config: MonitorConfig;
  inspector: Inspector;
  oplog: OpLog;
  /** Present when MITM is on. */
  leafCache: LeafCertCache | null;
  /** Trust anchors for upstream TLS (PEM strings). */
  upstreamCa: string[];
  /** Enforce-mode allowlist (built-ins + configured file); null in observe mode. */
  allowlist: Allowlist | null;
  limits?: Partial<ProxyLimits>;
  /** Start the gateway forward (default true). */
  gateway?: boolean;
}

export interface ListenInfo {
  proxy: net.AddressInfo;
  gateway: net.AddressInfo | null;
}

const targets = new WeakMap<net.Socket, Target>();

/** Idle keep-alive client connections are closed after this long (Node's http.Server default). */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

export class MonitorProxy implements ForwardHost {
  /** Raw listeners: the forward proxy and the gateway port forward (HTTP/1.1 served by ClientConn). */
  private readonly front: net.Server;
  private readonly gateway: net.Server | null;
  /** Node HTTP servers that take over connections for CONNECT, upgrades and requests to the proxy itself. */
  private readonly frontHttp: http.Server;
  private readonly mitm: http.Server;
  private readonly gatewayHttp: http.Server | null;
  private readonly limits: ProxyLimits;
  private readonly upstreamContext: tls.SecureContext;
  private readonly sockets = new Set<net.Socket>();
  private readonly conns = new Set<ClientConn>();
  private sweeper: NodeJS.Timeout | null = null;
  readonly pool: UpstreamPool;
  readonly enforce: boolean;
  readonly keepAliveTimeoutMs = KEEP_ALIVE_TIMEOUT_MS;
  /** Counters for status and tests. */
  readonly stats = { requests: 0, tunnels: 0, upgrades: 0, refused: 0, upstreamErrors: 0 };

  constructor(private readonly opts: ProxyOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.enforce = opts.config.mode === 'enforce';
    this.upstreamContext = tls.createSecureContext({ ca: opts.upstreamCa });
    this.pool = new UpstreamPool(this.upstreamContext, this.limits.upstreamConnectTimeoutMs, this.limits.idleTimeoutMs, this.limits.poolIdleTimeoutMs);
    const serverOpts: http.ServerOptions = {
      maxHeaderSize: this.limits.maxHeaderBytes,
      requestTimeout: 0,
      headersTimeout: this.limits.headersTimeoutMs,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      // How often Node checks the head/request timeouts (default 30 s would let slow heads linger).
      connectionsCheckingInterval: this.sweepInterval,
      noDelay: true,
    };
    this.frontHttp = this.makeServer(serverOpts, (req) => this.frontTarget(req));
    this.mitm = this.makeServer(serverOpts, (req) => targets.get(req.socket) ?? null);
    this.frontHttp.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => this.safe(socket, () => this.onConnect(req, socket, head)));
    this.front = this.makeListener((socket) => new ClientConn(this, socket, null, this.frontHttp, this.conns));
    if (opts.gateway !== false) {
      const gatewayTarget = opts.config.gateway_target_port;
      const fixed = (socket: net.Socket): Target => ({ host: '127.0.0.1', port: gatewayTarget, tls: false, source: clientIp(socket) });
      this.gatewayHttp = this.makeServer(serverOpts, (req) => fixed(req.socket));
      const gwHttp = this.gatewayHttp;
      this.gateway = this.makeListener((socket) => new ClientConn(this, socket, fixed(socket), gwHttp, this.conns));
    } else {
      this.gateway = null;
      this.gatewayHttp = null;
    }
  }

  get inspector(): Inspector {
    return this.opts.inspector;
  }

  get oplog(): OpLog {
    return this.opts.oplog;
  }

  get maxHeaderBytes(): number {
    return this.limits.maxHeaderBytes;
  }

  get headersTimeoutMs(): number {
    return this.limits.headersTimeoutMs;
  }

  get idleTimeoutMs(): number {
    return this.limits.idleTimeoutMs;
  }

  private get sweepInterval(): number {
    return Math.max(100, Math.min(1_000, Math.floor(this.limits.headersTimeoutMs / 2)));
  }

  async listen(): Promise<ListenInfo> {
    const { proxy_host, proxy_port, gateway_local_port } = this.opts.config;
    this.front.listen({ host: proxy_host, port: proxy_port });
    await Promise.race([once(this.front, 'listening'), once(this.front, 'error').then(([e]) => Promise.reject(listenError(e, proxy_host, proxy_port, 'proxy_port')))]);
    let gw: net.AddressInfo | null = null;
    if (this.gateway) {
      this.gateway.listen({ host: '127.0.0.1', port: gateway_local_port });
      try {
        await Promise.race([once(this.gateway, 'listening'), once(this.gateway, 'error').then(([e]) => Promise.reject(listenError(e, '127.0.0.1', gateway_local_port, 'gateway_local_port')))]);
      } catch (err) {
        this.front.close();
        throw err;
      }
      gw = this.gateway.address() as net.AddressInfo;
    }
    this.sweeper = setInterval(() => this.sweep(), this.sweepInterval);
    this.sweeper.unref();
    return { proxy: this.front.address() as net.AddressInfo, gateway: gw };
  }

  /** Stops accepting, closes idle and active connections, frees the upstream pool. */
  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    const closing = [this.front, this.gateway].filter((s): s is net.Server => s !== null && s.listening).map((s) => new Promise<void>((r) => s.close(() => r())));
    for (const c of [...this.conns]) c.destroy();
    for (const s of this.sockets) s.destroy();
    this.frontHttp.closeAllConnections();
    this.gatewayHttp?.closeAllConnections();
    this.mitm.closeAllConnections();
    this.pool.destroy();
    await Promise.all(closing);
  }

  /** Slow heads get 408; idle keep-alive connections are closed. */
  private sweep(): void {
    const now = Date.now();
    this.pool.sweep(now);
    for (const c of this.conns) {
      if (c.hasPartialHead) {
        if (c.headStartedAt > 0 && now - c.headStartedAt > this.limits.headersTimeoutMs) {
          this.oplog.debug(`client error 408 from ${clientIp(c.socket)}: request head not received in time`);
          c.fail(408, { error: 'timeout', reason: 'request head not received in time' });
        }
      } else if (c.waitingForHead && now - c.idleSince > KEEP_ALIVE_TIMEOUT_MS) c.closeIdle();
    }
  }

  /** ForwardHost: Node's HTTP server takes a connection over (CONNECT, upgrade, origin-form to the proxy). */
  handOff(socket: net.Socket, server: http.Server, target: Target | null): void {
    if (target) tagged(socket, target);
    server.emit('connection', socket);
  }

  /** ForwardHost: records blocking threats, logs the refusal, returns the 403 body. */
  refusal(meta: FlowMeta, threats: readonly Threat[], host: string): object {
    this.stats.refused++;
    const blocking = threats.filter((t) => isBlocking(t, host));
    const recs = this.inspector.record(meta, blocking, 'blocked');
    this.oplog.warn(`blocked ${meta.direction} ${meta.protocol} request to ${meta.dest} from ${meta.source}: ${blocking.map((t) => t.pattern).join(', ')}`);
    return {
      error: 'secret_in_request',
      reason: 'clawguard monitor (enforce mode) refused a request carrying a secret',
      dest: meta.dest,
      threats: recs.map((r) => ({ pattern: r.pattern, ruleId: r.ruleId, snippet: r.snippet })),
    };
  }

  // ---- servers ---------------------------------------------------------------------------------

  private makeListener(serve: (socket: net.Socket) => void): net.Server {
    // Half-open: a client that shuts down its side after the request still gets the answer.
    const server = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
      socket.on('error', () => undefined);
      try {
        serve(socket);
      } catch (err) {
        this.oplog.error(`connection handler failed: ${describeError(err)}`);
        socket.destroy();
      }
    });
    server.maxConnections = this.limits.maxConnections;
    return server;
  }

  private makeServer(options: http.ServerOptions, targetOf: (req: http.IncomingMessage) => Target | null): http.Server {
    const server = http.createServer(options);
    server.timeout = this.limits.idleTimeoutMs;
    server.on('connection', (socket: net.Socket) => {
      socket.on('error', () => undefined);
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      // Only requests to the proxy itself reach Node's server: everything else is relayed by ClientConn.
      res.shouldKeepAlive = false;
      req.resume();
      if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/health')) {
        sendJson(res, 200, { ok: true, service: 'clawguard-monitor', mitm: this.opts.leafCache !== null, mode: this.opts.config.mode });
        return;
      }
      sendJson(res, 400, { error: 'bad_request', reason: 'this is a forward proxy: send absolute-form requests (GET http://host/path) or CONNECT host:port' });
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) =>
      this.safe(socket, () => {
        const target = targetOf(req);
        if (!target) return rawRespond(socket, 400, { error: 'bad_request', reason: 'upgrade needs an absolute URL (ws://host/…) on a forward proxy' });
        this.onUpgrade(req, socket, head, target);
      }),
    );
    server.on('clientError', (err: NodeJS.ErrnoException, socket: net.Socket) => {
      if (!socket.writable || (socket as { _httpMessage?: unknown })._httpMessage) return void socket.destroy();
      const code = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
      const reason = code === 431 ? 'request head too large' : code === 408 ? 'request head not received in time' : 'malformed HTTP request';
      this.oplog.debug(`client error ${code} from ${clientIp(socket)}: ${err.code ?? err.message}`);
      rawRespond(socket, code, { error: code === 431 ? 'headers_too_large' : code === 408 ? 'timeout' : 'bad_request', reason });
    });
    return server;
  }

  /** Runs a per-connection step; any throw destroys that connection only. */
  private safe(socket: net.Socket, step: () => void): void {
    socket.on('error', () => undefined);
    try {
      step();
    } catch (err) {
      this.oplog.error(`connection handler failed: ${describeError(err)}`);
      socket.destroy();
    }
  }

  private frontTarget(req: http.IncomingMessage): Target | null {
    const url = req.url ?? '';
    if (url.startsWith('/')) return null;
    const m = /^(https?|wss?):\/\/(\[[^\]]+\]|[^/:?#]+)(?::(\d+))?/i.exec(url);
    if (!m) return null;
    const scheme = (m[1] ?? '').toLowerCase();
    const secure = scheme === 'https' || scheme === 'wss';
    const host = (m[2] ?? '').replace(/^\[|\]$/g, '');
    const port = m[3] ? Number(m[3]) : secure ? 443 : 80;
    return { host, port, tls: secure, source: clientIp(req.socket) };
  }

  // ---- CONNECT -------------------------------------------------------------------------------

  private onConnect(req: http.IncomingMessage, socket: net.Socket, head: Buffer): void {
    const m = /^(\[[^\]]+\]|[^:\s]+):(\d{1,5})$/.exec(req.url ?? '');
    const port = m ? Number(m[2]) : 0;
    if (!m || port < 1 || port > 65535) return rawRespond(socket, 400, { error: 'bad_request', reason: 'CONNECT needs host:port' });
    const target: Target = { host: (m[1] ?? '').replace(/^\[|\]$/g, ''), port, tls: true, source: clientIp(socket) };
    const dest = hostPort(target);
    this.stats.tunnels++;
    if (this.isSelf(target)) return rawRespond(socket, 508, { error: 'loop', reason: 'the CONNECT targets the monitor itself' });
    if (this.enforce && !this.hostAllowed(target, { direction: 'outbound', protocol: 'https', source: target.source, dest }, 'CONNECT')) {
      return rawRespond(socket, 403, { error: 'host_not_allowed', host: target.host, reason: `${target.host} is not in the egress allowlist (enforce mode)` });
    }
    this.track(socket);
    socket.setTimeout(this.limits.idleTimeoutMs, () => socket.destroy());
    if (!this.opts.leafCache) return this.blindTunnel(socket, head, target);
    this.oplog.debug(`CONNECT ${dest} from ${target.source} (mitm)`);
    socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
    // Peek at the first byte: a TLS ClientHello (0x16) is intercepted, anything else (plain HTTP or
    // WebSocket through CONNECT, as undici's ProxyAgent does for http:// URLs) is parsed as HTTP.
    // The peeked bytes go back into the socket's buffer; TLSSocket and the HTTP parser read them first.
    const start = (first: Buffer): void => {
      socket.pause();
      socket.unshift(first);
      if (first[0] === 0x16) {
        this.startMitmTls(socket, target);
        return;
      }
      new ClientConn(this, socket, { ...target, tls: false }, this.mitm, this.conns);
      socket.resume();
    };
    if (head.length > 0) start(head);
    else socket.once('data', start);
  }

  private blindTunnel(socket: net.Socket, head: Buffer, target: Target): void {
    const dest = hostPort(target);
    this.oplog.info(`tunnel ${dest} from ${target.source} (no-mitm)`);
    const up = net.connect({ host: target.host, port: target.port });
    up.setTimeout(this.limits.upstreamConnectTimeoutMs, () => up.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
    this.track(up);
    let connected = false;
    up.on('connect', () => {
      connected = true;
      up.setTimeout(this.limits.idleTimeoutMs);
      up.setNoDelay(true);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) up.write(head);
      socket.pipe(up);
      up.pipe(socket);
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      if (!connected) {
        this.oplog.warn(`tunnel to ${dest} failed: ${err.code ?? err.message}`);
        rawRespond(socket, 502, { error: 'upstream_unreachable', reason: `cannot reach ${dest}: ${err.code ?? err.message}`, dest });
      } else socket.destroy();
    });
    up.on('close', () => socket.end());
    socket.on('close', () => up.destroy());
  }

  private startMitmTls(socket: net.Socket, target: Target): void {
    const cache = this.opts.leafCache;
    if (!cache) return void socket.destroy();
    cache.getContext(target.host).then(
      (context) => {
        if (socket.destroyed) return;
        const tlsSocket = new tls.TLSSocket(socket, {
          isServer: true,
          secureContext: context,
          ALPNProtocols: ['http/1.1'],
          SNICallback: (servername, cb) => {
            if (!servername || servername.toLowerCase() === target.host.toLowerCase()) return cb(null, context);
            cache.getContext(servername).then((c) => cb(null, c), (e: Error) => cb(e));
          },
        });
        tlsSocket.on('error', (err) => {
          this.oplog.debug(`client TLS to ${hostPort(target)} failed: ${describeError(err)}`);
          tlsSocket.destroy();
          socket.destroy();
        });
        new ClientConn(this, tlsSocket, target, this.mitm, this.conns);
      },
      (err: unknown) => {
        this.oplog.error(`cannot mint a certificate for ${target.host}: ${describeError(err)}`);
        socket.destroy();
      },
    );
  }

  // ---- WebSocket (and other upgrades) ----------------------------------------------------------

  private onUpgrade(req: http.IncomingMessage, socket: net.Socket, head: Buffer, target: Target): void {
    this.stats.upgrades++;
    this.track(socket);
    const isWs = (req.headers.upgrade ?? '').toLowerCase() === 'websocket';
    const protocol: ThreatProtocol = target.tls ? 'wss' : 'ws';
    const dest = hostPort(target);
    const out: FlowMeta = { direction: 'outbound', protocol, source: target.source, dest };
    const inbound: FlowMeta = { ...out, direction: 'inbound' };
    if (this.isSelf(target)) return rawRespond(socket, 508, { error: 'loop', reason: 'the request targets the monitor itself' });
    if (this.enforce && !this.hostAllowed(target, out, 'upgrade')) {
      return rawRespond(socket, 403, { error: 'host_not_allowed', host: target.host, reason: `${target.host} is not in the egress allowlist (enforce mode)` });
    }
    const path = pathOf(req.url ?? '/');
    const headThreats = this.inspector.scanHead(path, req.rawHeaders, 'outbound');
    if (this.enforce && headThreats.some((t) => isBlocking(t, target.host))) {
      this.stats.refused++;
      const recs = this.inspector.record(out, headThreats.filter((t) => isBlocking(t, target.host)), 'blocked');
      return rawRespond(socket, 403, { error: 'secret_in_request', reason: 'clawguard monitor (enforce mode) refused a request carrying a secret', threats: recs.map((r) => ({ pattern: r.pattern, ruleId: r.ruleId })) });
    }
    if (headThreats.length > 0) this.inspector.record(out, headThreats);

    let headText = `${req.method} ${path} HTTP/1.1\r\n`;
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i] ?? '';
      const lower = name.toLowerCase();
      if (lower === 'proxy-connection' || lower === 'proxy-authorization') continue;
      headText += `${name}: ${req.rawHeaders[i + 1] ?? ''}\r\n`;
    }
    headText += '\r\n';

    const up: net.Socket = target.tls
      ? tls.connect({ host: target.host, port: target.port, secureContext: this.upstreamContext, servername: net.isIP(target.host) === 0 ? target.host : undefined, ALPNProtocols: ['http/1.1'] })
      : net.connect({ host: target.host, port: target.port });
    this.track(up);
    up.setTimeout(this.limits.upstreamConnectTimeoutMs, () => up.destroy(Object.assign(new Error('connect timeout'), { code: 'ETIMEDOUT' })));
    let connected = false;
    up.once(target.tls ? 'secureConnect' : 'connect', () => {
      connected = true;
      up.setTimeout(this.limits.idleTimeoutMs);
      up.setNoDelay(true);
      up.write(headText);
      // Enforce mode: client messages are held until scanned (WsGate); otherwise they pass with a tap.
      const gate = this.enforce && isWs ? this.wsGate(socket, up, out, target.host) : null;
      if (gate === null && head.length > 0) up.write(head);
      const outTap = isWs && gate === null ? this.wsTap(out) : null;
      if (outTap && head.length > 0) outTap.push(head);
      if (gate && head.length > 0) gate.push(head);
      // Response head: parsed on the side for header scanning and the 101 check; bytes pass unchanged.
      let respHead: Buffer | null = Buffer.alloc(0);
      let inTap: WsFrameTap | null = null;
      up.on('data', (chunk: Buffer) => {
        if (respHead !== null) {
          respHead = Buffer.concat([respHead, chunk]);
          const end = respHead.indexOf('\r\n\r\n');
          if (end >= 0) {
            const headPart = respHead.subarray(0, end).toString('latin1');
            const rest = respHead.subarray(end + 4);
            respHead = null;
            const lines = headPart.split('\r\n');
            const raw: string[] = [];
            for (const l of lines.slice(1)) {
              const i = l.indexOf(':');
              if (i > 0) raw.push(l.slice(0, i).trim(), l.slice(i + 1).trim());
            }
            const t = this.inspector.scanHeaders(raw, 'inbound');
            if (t.length > 0) this.inspector.record(inbound, t);
            if (isWs && / 101 /.test(`${lines[0] ?? ''} `)) {
              inTap = this.wsTap(inbound);
              if (rest.length > 0) inTap.push(rest);
            }
          } else if (respHead.length > this.limits.maxHeaderBytes) {
            respHead = null;
          }
        } else inTap?.push(chunk);
      });
      if (gate) {
        socket.on('data', (chunk: Buffer) => gate.push(chunk));
        socket.on('end', () => up.end());
        up.on('drain', () => socket.resume());
      } else {
        if (outTap) socket.on('data', (chunk: Buffer) => outTap.push(chunk));
        socket.pipe(up);
      }
      up.pipe(socket);
      const closeTaps = (): void => {
        gate?.close();
        outTap?.close();
        (inTap as WsFrameTap | null)?.close();
      };
      up.on('close', closeTaps);
    });
    up.on('error', (err: NodeJS.ErrnoException) => {
      if (connected) return void socket.destroy();
      const trust = TLS_TRUST_ERRORS.has(err.code ?? '');
      this.oplog.warn(`upgrade to ${dest} failed: ${err.code ?? err.message}`);
      rawRespond(socket, 502, {
        error: trust ? 'upstream_tls_untrusted' : 'upstream_unreachable',
        reason: trust ? `upstream TLS certificate of ${dest} is not trusted (${err.code})` : `cannot reach ${dest}: ${err.code ?? err.message}`,
        dest,
      });
    });
    up.on('close', () => socket.end());
    socket.on('close', () => up.destroy());
  }

  /** Enforce mode, client → server: each message is scanned before its frames are forwarded. */
  private wsGate(socket: net.Socket, up: net.Socket, meta: FlowMeta, host: string): WsGate {
    let refused = false;
    return new WsGate(
      {
        verdict: (payload) => {
          const threats = this.inspector.scanHeldBody(payload, undefined, 'outbound', 'ws message');
          const blocking = threats.filter((t) => isBlocking(t, host));
          if (blocking.length > 0) {
            this.stats.refused++;
            this.inspector.record(meta, blocking, 'blocked');
            this.oplog.warn(`blocked ${meta.protocol} message to ${meta.dest} from ${meta.source}: ${blocking.map((t) => t.pattern).join(', ')}`);
            refused = true;
            return true;
          }
          if (threats.length > 0) this.inspector.record(meta, threats);
          return false;
        },
        forward: (bytes) => up.write(bytes),
        refuse: () => {
          if (!refused) this.oplog.warn(`closed ${meta.protocol} connection to ${meta.dest} from ${meta.source}: a message could not be inspected`);
          // 1008 policy violation to the client; the upstream never sees the message.
          if (socket.writable) socket.end(closeFrame(1008, refused ? 'clawguard: message refused (secret)' : 'clawguard: message could not be inspected'));
          up.destroy();
        },
        pause: () => socket.pause(),
        resume: () => socket.resume(),
      },
      this.inspector.maxScanBytes,
    );
  }

  private wsTap(meta: FlowMeta): WsFrameTap {
    let tap: ReturnType<Inspector['bodyScanner']> | null = null;
    return new WsFrameTap(
      {
        start: () => {
          tap = this.inspector.bodyScanner(meta.direction, undefined, 'ws message', (t) => this.inspector.record(meta, t));
        },
        data: (chunk) => tap?.push(chunk),
        end: () => {
          tap?.end();
          tap = null;
        },
      },
      this.inspector.maxScanBytes,
    );
  }

  // ---- helpers -------------------------------------------------------------------------------

  hostAllowed(target: Target, meta: FlowMeta, what: string): boolean {
    const list = this.opts.allowlist;
    if (!list || isAllowed(target.host, list)) return true;
    this.stats.refused++;
    const rec: ThreatRecord[] = this.inspector.record(meta, [
      {
        match: {
          ruleId: 'monitor.egress.host-not-allowed',
          severity: 'high',
          category: 'exfil',
          title: 'Connection to a host outside the egress allowlist',
          start: 0,
          end: 0,
          line: 1,
          column: 1,
          evidence: `${what} ${meta.dest}`,
          hash: '',
          decodedBy: [],
        },
        pattern: 'host_not_allowed',
        threatType: 'EXFIL',
        where: 'destination',
      },
    ], 'blocked');
    this.oplog.warn(`blocked ${what} to ${meta.dest} from ${meta.source}: not in the allowlist (${rec.length} logged)`);
    return false;
  }

  private selfAddress: net.AddressInfo | null = null;

  isSelf(target: Target): boolean {
    if (!this.selfAddress) {
      const a = this.front.address();
      if (!a || typeof a === 'string') return false;
      this.selfAddress = a;
    }
    const addr = this.selfAddress;
    if (target.port !== addr.port) return false;
    const h = target.host.toLowerCase();
    return h === addr.address || h === 'localhost' || (addr.address === '0.0.0.0' && (h === '127.0.0.1' || h === '::1')) || h === this.opts.config.proxy_host;
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }
}

function tagged<T extends net.Socket>(socket: T, target: Target): T {
  targets.set(socket, target);
  return socket;
}

function sendJson(res: http.ServerResponse, status: number, body: object): void {
  if (res.headersSent) return void res.destroy();
  const text = `${JSON.stringify(body)}\n`;
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

/** Writes a complete HTTP response on a raw socket (CONNECT/upgrade paths) and closes it. */
function rawRespond(socket: net.Socket, status: number, body: object): void {
  if (!socket.writable) return void socket.destroy();
  const text = `${JSON.stringify(body)}\n`;
  const reason = http.STATUS_CODES[status] ?? 'Error';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\nconnection: close\r\n\r\n${text}`);
}

function listenError(err: unknown, host: string, port: number, key: string): ClawguardError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  const hint = code === 'EADDRINUSE' ? `another process listens there (set ${key} or stop it)` : code === 'EACCES' ? 'permission denied' : describeError(err);
  return new ClawguardError('CG_NETWORK', `Cannot listen on ${host}:${port}: ${hint}.`, { cause: err });
}
