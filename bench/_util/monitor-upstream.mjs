// Bench upstream for bench/monitor.mjs: HTTP and HTTPS servers on 127.0.0.1 in their own process.
// Usage: node monitor-upstream.mjs <cert.pem> <key.pem>; prints {"http":port,"https":port} on stdout.
// Routes: /small (13 bytes), /bytes/<n> (n bytes of JSON text), /sink (drains the body, answers its length), /hold/<ms>.
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';

const [certFile, keyFile] = process.argv.slice(2);
// 1 MB of LLM-like JSON text (sentences, code, an occasional URL), so the scanner sees realistic input.
const block = (() => {
  const parts = [];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const s = JSON.stringify({ type: 'content_block_delta', index: i, delta: { type: 'text_delta', text: `Step ${i}: the function returns ${i * 7} when the input is sorted; ${i % 20 === 0 ? `see https://docs.example.com/guide/${i} and ` : ''}use const total = items.reduce((a, b) => a + b, 0); to sum them. ` } });
    parts.push(s, '\n');
    size += s.length + 1;
  }
  return Buffer.from(parts.join('')).subarray(0, 1024 * 1024);
})();

function handler(req, res) {
  const path = req.url ?? '/';
  if (path === '/sink') {
    let n = 0;
    req.on('data', (c) => (n += c.length));
    req.on('end', () => res.end(String(n)));
    return;
  }
  req.resume();
  if (path === '/small') return void res.end('hello, world\n');
  if (path.startsWith('/bytes/')) {
    const total = Number(path.slice(7));
    res.writeHead(200, { 'content-length': total, 'content-type': 'application/json' });
    let left = total;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, 256 * 1024);
        left -= n;
        if (!res.write(block.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end();
    };
    return pump();
  }
  if (path.startsWith('/hold/')) return void setTimeout(() => res.end('held\n'), Number(path.slice(6)));
  res.end('ok\n');
}

const opts = { keepAliveTimeout: 30_000 };
const h1 = http.createServer(opts, handler).listen(0, '127.0.0.1');
const h2 = https.createServer({ ...opts, cert: readFileSync(certFile), key: readFileSync(keyFile) }, handler).listen(0, '127.0.0.1');
h1.maxConnections = 4096;
await Promise.all([new Promise((r) => h1.once('listening', r)), new Promise((r) => h2.once('listening', r))]);
process.stdout.write(`${JSON.stringify({ http: h1.address().port, https: h2.address().port })}\n`);
process.on('SIGTERM', () => process.exit(0));
