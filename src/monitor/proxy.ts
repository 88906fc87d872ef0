// The inspecting proxy: HTTP forward proxy + CONNECT (MITM or blind tunnel) + the gateway port forward.
import { once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { isAllowed, type Allowlist } from '../core/allowlist.js';
import { ClawguardError, describeError } from '../core/errors.js';
import type { ThreatProtocol, ThreatRecord } from '../core/threat-log.js';
import type { MonitorConfig } from './config.js';
import type { LeafCertCache } from './ca.js';
import { isBlocking, type FlowMeta, type Inspector, type Threat } from './inspect.js';
import type { OpLog } from './oplog.js';
import { WsFrameTap } from './ws-tap.js';

/** A client went away mid-message: a normal event on a proxy, never a 500. */
export class ConnectionAborted extends Error {
  constructor(what: string) {
    super(`connection aborted: ${what}`);
    this.name = 'ConnectionAborted';
  }
}

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
}

export const DEFAULT_LIMITS: Readonly<ProxyLimits> = Object.freeze({
  maxHeaderBytes: 32 * 1024,
  headersTimeoutMs: 15_000,
  idleTimeoutMs: 300_000,
  maxConnections: 4096,
  upstreamConnectTimeoutMs: 15_000,
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

/** Where a request goes. */
interface Target {
  host: string;
  port: number;
  tls: boolean;
  /** Client IP (without port). */
  source: string;
}

/** Headers that belong to one connection, never forwarded (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'trailer', 'transfer-encoding', 'upgrade',
]);

const TLS_TRUST_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_UNTRUSTED',
  'CERT_REVOKED', 'CERT_SIGNATURE_FAILURE', 'HOSTNAME_MISMATCH',
]);

const targets = new WeakMap<net.Socket, Target>();

export class MonitorProxy {
  private readonly front: http.Server;
  private readonly mitm: http.Server;
  private readonly gateway: http.Server | null;
  private readonly limits: ProxyLimits;
  private readonly httpAgent: http.Agent;
  private readonly httpsAgent: https.Agent;
  private readonly upstreamContext: tls.SecureContext;
  private readonly sockets = new Set<net.Socket>();
  private readonly enforce: boolean;
  /** Counters for status and tests. */
  readonly stats = { requests: 0, tunnels: 0, upgrades: 0, refused: 0, upstreamErrors: 0 };

  constructor(private readonly opts: ProxyOptions) {
    this.limits = { ...DEFAULT_LIMITS, ...opts.limits };
    this.enforce = opts.config.mode === 'enforce';
    this.upstreamContext = tls.createSecureContext({ ca: opts.upstreamCa });
    const agentOpts = { keepAlive: true, maxFreeSockets: 256, scheduling: 'lifo' as const, timeout: this.limits.idleTimeoutMs };
    this.httpAgent = new http.Agent(agentOpts);
    this.httpsAgent = new https.Agent({ ...agentOpts, secureContext: this.upstreamContext } as https.AgentOptions);
    const serverOpts: http.ServerOptions = {
      maxHeaderSize: this.limits.maxHeaderBytes,
      requestTimeout: 0,
      headersTimeout: this.limits.headersTimeoutMs,
      keepAliveTimeout: 5_000,
      // How often Node checks the head/request timeouts (default 30 s would let slow heads linger).
      connectionsCheckingInterval: Math.max(100, Math.min(1_000, Math.floor(this.limits.headersTimeoutMs / 2))),
      noDelay: true,
    };
    this.front = this.makeServer(serverOpts, (req) => this.frontTarget(req));
    this.mitm = this.makeServer(serverOpts, (req) => targets.get(req.socket) ?? null);
    this.front.on('connect', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => this.safe(socket, () => this.onConnect(req, socket, head)));
    if (opts.gateway !== false) {
      const gatewayTarget = opts.config.gateway_target_port;
      this.gateway = this.makeServer(serverOpts, (req) => ({ host: '127.0.0.1', port: gatewayTarget, tls: false, source: clientIp(req.socket) }));
    } else {
      this.gateway = null;
    }
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
    return { proxy: this.front.address() as net.AddressInfo, gateway: gw };
  }

  /** Stops accepting, closes idle and active connections, frees agents. */
  async close(): Promise<void> {
    const closing = [this.front, this.gateway].filter((s): s is http.Server => s !== null && s.listening).map((s) => new Promise<void>((r) => s.close(() => r())));
    for (const s of this.sockets) s.destroy();
    this.front.closeAllConnections();
    this.gateway?.closeAllConnections();
    this.mitm.closeAllConnections();
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
    await Promise.all(closing);
  }

  // ---- servers ---------------------------------------------------------------------------------

  private makeServer(options: http.ServerOptions, targetOf: (req: http.IncomingMessage) => Target | null): http.Server {
    const server = http.createServer(options);
    server.maxConnections = this.limits.maxConnections;
    server.timeout = this.limits.idleTimeoutMs;
    server.on('connection', (socket: net.Socket) => {
      socket.on('error', () => undefined);
    });
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      try {
        const target = targetOf(req);
        if (!target) return this.notAProxyRequest(req, res);
        this.forward(req, res, target);
      } catch (err) {
        this.oplog.error(`request handler failed: ${describeError(err)}`);
        if (!res.headersSent) sendJson(res, 500, { error: 'internal', reason: 'the monitor failed on this request; see clawsec.log' });
        else res.destroy();
      }
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

  private get oplog(): OpLog {
    return this.opts.oplog;
  }

  private get inspector(): Inspector {
    return this.opts.inspector;
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

  private notAProxyRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url === '/health')) {
      sendJson(res, 200, { ok: true, service: 'clawguard-monitor', mitm: this.opts.leafCache !== null, mode: this.opts.config.mode });
      return;
    }
    sendJson(res, 400, { error: 'bad_request', reason: 'this is a forward proxy: send absolute-form requests (GET http://host/path) or CONNECT host:port' });
  }

  // ---- HTTP forwarding -------------------------------------------------------------------------

  private forward(req: http.IncomingMessage, res: http.ServerResponse, target: Target): void {
    this.stats.requests++;
    const protocol: ThreatProtocol = target.tls ? 'https' : 'http';
    const dest = hostPort(target);
    const out: FlowMeta = { direction: 'outbound', protocol, source: target.source, dest };
    const path = pathOf(req.url ?? '/');
    if (this.isSelf(target)) return sendJson(res, 508, { error: 'loop', reason: 'the request targets the monitor itself' });
    if (this.enforce && !this.hostAllowed(target, out, 'request')) {
      drain(req);
      return sendJson(res, 403, { error: 'host_not_allowed', host: target.host, reason: `${target.host} is not in the egress allowlist (enforce mode)` });
    }
    const headThreats = this.inspector.scanHead(path, req.rawHeaders, 'outbound');
    if (this.enforce && headThreats.some((t) => isBlocking(t, target.host))) {
      drain(req);
      return this.refuse(res, out, headThreats, target.host);
    }
    if (headThreats.length > 0) this.inspector.record(out, headThreats);

    const hasBody = req.headers['content-length'] !== undefined ? req.headers['content-length'] !== '0' : req.headers['transfer-encoding'] !== undefined;
    const encoding = req.headers['content-encoding'];
    if (this.enforce && hasBody) {
      this.holdThenForward(req, res, target, out, path, encoding);
      return;
    }
    const upstream = this.openUpstream(req, res, target, path);
    if (!hasBody) {
      upstream.end();
      return;
    }
    const tap = this.inspector.bodyScanner('outbound', encoding, 'body', (t) => this.inspector.record(out, t));
    req.on('data', (chunk: Buffer) => tap.push(chunk));
    req.on('end', () => tap.end());
    req.pipe(upstream);
  }

  /** Enforce mode: hold up to max_scan_bytes of body, scan it, then refuse (403) or forward it and stream the rest. */
  private holdThenForward(req: http.IncomingMessage, res: http.ServerResponse, target: Target, out: FlowMeta, path: string, encoding: string | undefined): void {
    const held: Buffer[] = [];
    let size = 0;
    const limit = this.inspector.maxScanBytes;
    let decided = false;
    const decide = (ended: boolean): void => {
      if (decided) return;
      decided = true;
      req.removeListener('data', onData);
      req.removeListener('end', onEnd);
      req.pause();
      const body = Buffer.concat(held);
      const threats = this.inspector.scanHeldBody(body, encoding, 'outbound');
      if (threats.some((t) => isBlocking(t, target.host))) {
        drain(req);
        this.refuse(res, out, threats, target.host);
        return;
      }
      if (threats.length > 0) this.inspector.record(out, threats);
      const upstream = this.openUpstream(req, res, target, path);
      if (ended) {
        upstream.end(body);
        return;
      }
      upstream.write(body);
      req.pipe(upstream);
      req.resume();
    };
    const onData = (chunk: Buffer): void => {
      held.push(chunk);
      size += chunk.length;
      if (size >= limit) decide(false);
    };
    const onEnd = (): void => decide(true);
    req.on('data', onData);
    req.on('end', onEnd);
  }

  private refuse(res: http.ServerResponse, meta: FlowMeta, threats: readonly Threat[], host: string): void {
    this.stats.refused++;
    const blocking = threats.filter((t) => isBlocking(t, host));
    const recs = this.inspector.record(meta, blocking, 'blocked');
    this.oplog.warn(`blocked ${meta.direction} ${meta.protocol} request to ${meta.dest} from ${meta.source}: ${blocking.map((t) => t.pattern).join(', ')}`);
    sendJson(res, 403, {
      error: 'secret_in_request',
      reason: 'clawguard monitor (enforce mode) refused a request carrying a secret',
      dest: meta.dest,
      threats: recs.map((r) => ({ pattern: r.pattern, ruleId: r.ruleId, snippet: r.snippet })),
    });
  }

  private openUpstream(req: http.IncomingMessage, res: http.ServerResponse, target: Target, path: string): http.ClientRequest {
    const headers = forwardHeaders(req.rawHeaders);
    const options: https.RequestOptions & { secureContext?: tls.SecureContext } = {
      host: target.host,
      port: target.port,
      method: req.method,
      path,
      headers: headers as unknown as http.OutgoingHttpHeaders,
      agent: target.tls ? this.httpsAgent : this.httpAgent,
      setHost: false,
    };
    if (target.tls) {
      options.secureContext = this.upstreamContext;
      if (net.isIP(target.host) === 0) options.servername = target.host;
    }
    // Headers leave with the first body chunk (or at end() for bodiless requests): one write, not two.
    const upstream = (target.tls ? https : http).request(options);
    const meta: FlowMeta = { direction: 'inbound', protocol: target.tls ? 'https' : 'http', source: target.source, dest: hostPort(target) };
    let responded = false;
    // Connecting is bounded tightly; waiting for the answer is not (a model call can think for minutes):
    // only the idle timeout of the agent's sockets applies then.
    upstream.on('socket', (socket: net.Socket) => {
      if (!socket.connecting) return;
      const timer = setTimeout(() => upstream.destroy(Object.assign(new Error(`connect to ${meta.dest} timed out`), { code: 'ETIMEDOUT' })), this.limits.upstreamConnectTimeoutMs);
      socket.once(target.tls ? 'secureConnect' : 'connect', () => clearTimeout(timer));
      socket.once('close', () => clearTimeout(timer));
    });
    upstream.on('timeout', () => {
      if (!responded) upstream.destroy(Object.assign(new Error(`no response from ${meta.dest} within ${this.limits.idleTimeoutMs / 1000} s`), { code: 'ETIMEDOUT' }));
    });
    upstream.on('response', (ures: http.IncomingMessage) => {
      responded = true;
      upstream.setTimeout(0);
      const headThreats = this.inspector.scanHeaders(ures.rawHeaders, 'inbound');
      if (headThreats.length > 0) this.inspector.record(meta, headThreats);
      const outHeaders = forwardHeaders(ures.rawHeaders);
      // A response framed by connection close: close the client connection too when it ends,
      // so clients reading to EOF finish (the seed proxy hung them).
      const unframed = ures.headers['content-length'] === undefined && ures.headers['transfer-encoding'] === undefined && !noBody(req.method, ures.statusCode);
      if (unframed) outHeaders.push('Connection', 'close');
      try {
        res.writeHead(ures.statusCode ?? 502, ures.statusMessage, outHeaders as unknown as http.OutgoingHttpHeaders);
      } catch (err) {
        // A head Node's parser accepted but its writer refuses (odd characters): fail this exchange only.
        this.oplog.warn(`unforwardable response head from ${meta.dest}: ${describeError(err)}`);
        upstream.destroy();
        sendJson(res, 502, { error: 'bad_upstream_response', reason: `the response head from ${meta.dest} cannot be relayed`, dest: meta.dest });
        return;
      }
      if (unframed) res.shouldKeepAlive = false;
      if (!isMediaType(ures.headers['content-type'])) {
        const tap = this.inspector.bodyScanner('inbound', ures.headers['content-encoding'], 'body', (t) => this.inspector.record(meta, t));
        ures.on('data', (chunk: Buffer) => tap.push(chunk));
        ures.on('end', () => tap.end());
      }
      ures.on('aborted', () => res.destroy());
      ures.on('error', () => res.destroy());
      ures.pipe(res);
    });
    upstream.on('error', (err: NodeJS.ErrnoException) => {
      this.stats.upstreamErrors++;
      if (responded || res.headersSent) {
        res.destroy();
        return;
      }
      const trust = TLS_TRUST_ERRORS.has(err.code ?? '');
      const reason = trust
        ? `upstream TLS certificate of ${meta.dest} is not trusted (${err.code}): add its CA with upstream_ca_file or NODE_EXTRA_CA_CERTS`
        : `cannot reach ${meta.dest}: ${err.code ?? describeError(err)}`;
      this.oplog.warn(`502 for ${req.method} ${meta.dest}${path.split('?')[0]}: ${reason}`);
      drain(req);
      sendJson(res, 502, { error: trust ? 'upstream_tls_untrusted' : 'upstream_unreachable', reason, dest: meta.dest, code: err.code ?? null });
    });
    res.on('close', () => {
      if (!res.writableFinished) {
        this.oplog.debug(new ConnectionAborted(`client ${target.source} left ${req.method} ${meta.dest}`).message);
        upstream.destroy();
      }
    });
    req.on('aborted', () => upstream.destroy());
    return upstream;
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
      this.mitm.emit('connection', tagged(socket, { ...target, tls: false }));
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
        this.mitm.emit('connection', tagged(tlsSocket, target));
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
      if (head.length > 0) up.write(head);
      const outTap = isWs ? this.wsTap(out) : null;
      if (outTap && head.length > 0) outTap.push(head);
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
      if (outTap) socket.on('data', (chunk: Buffer) => outTap.push(chunk));
      socket.pipe(up);
      up.pipe(socket);
      const closeTaps = (): void => {
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

  private hostAllowed(target: Target, meta: FlowMeta, what: string): boolean {
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

  private isSelf(target: Target): boolean {
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

function clientIp(socket: net.Socket): string {
  const a = socket.remoteAddress ?? '';
  return a.startsWith('::ffff:') ? a.slice(7) : a || 'unknown';
}

function hostPort(t: { host: string; port: number }): string {
  return net.isIPv6(t.host) ? `[${t.host}]:${t.port}` : `${t.host}:${t.port}`;
}

/** Origin-form path of an absolute-form or origin-form request target. */
function pathOf(url: string): string {
  if (url.startsWith('/')) return url;
  const m = /^[a-z]+:\/\/[^/?#]*/i.exec(url);
  const rest = m ? url.slice(m[0].length) : url;
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Raw header pairs minus hop-by-hop headers and those named in Connection. */
function forwardHeaders(raw: readonly string[]): string[] {
  let named: Set<string> | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i] ?? '').toLowerCase() === 'connection') {
      named ??= new Set();
      for (const t of (raw[i + 1] ?? '').split(',')) named.add(t.trim().toLowerCase());
    }
  }
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? '';
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || named?.has(lower)) continue;
    out.push(name, raw[i + 1] ?? '');
  }
  return out;
}

/**
 * Images, audio, video and fonts arriving are not scanned: no command or secret rule applies to their
 * bytes, and scanning them costs CPU on the hot path. Everything else (text, JSON, octet-stream, which
 * is how install scripts are often served) is.
 */
function isMediaType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^\s*(image|audio|video|font)\//i.test(contentType);
}

function noBody(method: string | undefined, status: number | undefined): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status !== undefined && status < 200);
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

/** Reads and discards the rest of a request body so the connection can answer and close cleanly. */
function drain(req: http.IncomingMessage): void {
  req.resume();
}

function listenError(err: unknown, host: string, port: number, key: string): ClawguardError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  const hint = code === 'EADDRINUSE' ? `another process listens there (set ${key} or stop it)` : code === 'EACCES' ? 'permission denied' : describeError(err);
  return new ClawguardError('CG_NETWORK', `Cannot listen on ${host}:${port}: ${hint}.`, { cause: err });
}
