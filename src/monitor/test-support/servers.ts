// Test helpers for the monitor: loopback upstreams (HTTP/HTTPS with a test CA), byte generators and hashing.
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import * as zlib from 'node:zlib';
import { ensureCa, LeafCertCache } from '../ca.js';

/** A CA minted for the test (the upstream's, distinct from the monitor's) and a leaf for 127.0.0.1/localhost. */
export async function mintTestCa(dir: string): Promise<{ caPem: string; caPath: string; leaf: (host: string) => Promise<{ certPem: string; keyPem: string }> }> {
  const ca = await ensureCa(dir);
  const cache = new LeafCertCache(ca);
  return { caPem: ca.certPem, caPath: ca.certPath, leaf: (host) => cache.mintPem(host) };
}

/** Deterministic pseudo-random block repeated to any length. */
export const BLOCK = (() => {
  const b = Buffer.alloc(1024 * 1024);
  let x = 0x9e3779b9;
  for (let i = 0; i < b.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
})();

export function sha256Of(total: number): string {
  const h = createHash('sha256');
  let left = total;
  while (left > 0) {
    const n = Math.min(left, BLOCK.length);
    h.update(BLOCK.subarray(0, n));
    left -= n;
  }
  return h.digest('hex');
}

/** Writes `total` bytes of BLOCK to a writable with backpressure. */
export async function writeBytes(w: NodeJS.WritableStream, total: number, chunk = 64 * 1024): Promise<void> {
  let sent = 0;
  let off = 0;
  while (sent < total) {
    const n = Math.min(chunk, total - sent, BLOCK.length - off);
    const ok = w.write(BLOCK.subarray(off, off + n));
    sent += n;
    off = (off + n) % BLOCK.length;
    if (!ok) await once(w as unknown as NodeJS.EventEmitter, 'drain');
  }
}

export async function* generateBytes(total: number, chunk = 64 * 1024): AsyncGenerator<Buffer> {
  let sent = 0;
  let off = 0;
  while (sent < total) {
    const n = Math.min(chunk, total - sent, BLOCK.length - off);
    yield BLOCK.subarray(off, off + n);
    sent += n;
    off = (off + n) % BLOCK.length;
  }
}

export interface Upstream {
  server: http.Server;
  port: number;
  url: string;
  /** Every request seen: method, url, headers. */
  seen: Array<{ method: string; url: string; headers: http.IncomingHttpHeaders }>;
  /** Canned response bodies for `/t/<key>` (so a response's text never appears in the request). */
  texts: Map<string, string>;
  close(): Promise<void>;
}

/**
 * Routes: `/t/<key>` answers `texts.get(key)` (query as for /say); `/sha` hashes the request body and answers its sha256 and length; `/bytes/<n>` streams n bytes;
 * `/say?text=…` answers the text (`&gzip=1` gzip-encoded, `&sse=1` one server-sent event per line, `&drip=1` in 7-byte writes);
 * `/hdr?name=…&value=…` answers with that response header; anything else answers "ok".
 */
export async function startUpstream(tlsOpts?: { cert: string; key: string }): Promise<Upstream> {
  const seen: Upstream['seen'] = [];
  const texts = new Map<string, string>();
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/sha') {
      const h = createHash('sha256');
      let n = 0;
      req.on('data', (c: Buffer) => {
        h.update(c);
        n += c.length;
      });
      req.on('end', () => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ sha256: h.digest('hex'), length: n }));
      });
      return;
    }
    req.resume();
    if (url.pathname.startsWith('/bytes/')) {
      const total = Number(url.pathname.slice('/bytes/'.length));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': total });
      void writeBytes(res, total).then(() => res.end());
      return;
    }
    if (url.pathname === '/say' || url.pathname.startsWith('/t/')) {
      const text = url.pathname.startsWith('/t/') ? (texts.get(url.pathname.slice(3)) ?? '') : (url.searchParams.get('text') ?? '');
      if (url.searchParams.get('gzip')) {
        res.writeHead(200, { 'content-type': 'text/plain', 'content-encoding': 'gzip' });
        res.end(zlib.gzipSync(text));
      } else if (url.searchParams.get('sse') || url.searchParams.get('drip')) {
        // sse: one event per line of text; drip: the raw text in 7-byte writes (chunk boundaries mid-word).
        const sse = url.searchParams.get('sse') !== null;
        res.writeHead(200, { 'content-type': sse ? 'text/event-stream' : 'text/plain' });
        const parts = sse ? text.split('\n').map((l) => `data: ${l}\n\n`) : (text.match(/.{1,7}/gs) ?? []);
        let i = 0;
        const tick = (): void => {
          if (i < parts.length) {
            res.write(parts[i++]);
            setTimeout(tick, 2);
          } else res.end();
        };
        tick();
      } else {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end(text);
      }
      return;
    }
    if (url.pathname === '/hdr') {
      res.setHeader(url.searchParams.get('name') ?? 'x-test', url.searchParams.get('value') ?? '');
      res.end('ok');
      return;
    }
    res.end('ok');
  };
  const server = tlsOpts ? https.createServer({ cert: tlsOpts.cert, key: tlsOpts.key }, handler) : http.createServer(handler);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    url: `${tlsOpts ? 'https' : 'http'}://127.0.0.1:${port}`,
    seen,
    texts,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Waits until `check` is true, polling every 20 ms, up to `ms`. */
export async function waitFor(check: () => boolean | Promise<boolean>, ms = 3000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`condition not met within ${ms} ms`);
}
