#!/usr/bin/env node
// Bench: the monitor proxy vs direct vs mitmproxy, in one run. Prints req/s and added latency p50/p99 for
// small and 1 MB bodies over plain HTTP and HTTPS-with-MITM, leaf-mint time, and peak proxy RSS with 500
// concurrent connections and during a 1 GB streamed upload. Loopback only; every phase bounded in time.
// Usage: node bench/monitor.mjs [--seconds N] [--no-mitmproxy] [--skip-rss] [--json] [--dist DIR] [--from-source] [--only TEXT] [--client raw|undici] [--cpu-prof DIR] [--warmup SECONDS (default 1)]
// Proxy rows show the proxy's CPU (user+sys from /proc, all threads, main thread in brackets) per MB or per request.
// Uses dist/ when built (npm run build), else the sources through tsx. Installs Debian `mitmproxy` with
// apt-get when missing (skips that column with a note when it cannot).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { once } from 'node:events';
import * as net from 'node:net';
import * as tls from 'node:tls';
import { Pool, ProxyAgent, request } from 'undici';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
// --dist DIR: a build elsewhere (e.g. tsc --outDir) instead of ./dist.
const DIST = process.argv.includes('--dist') ? resolve(process.argv[process.argv.indexOf('--dist') + 1] ?? 'dist') : join(ROOT, 'dist');
const FROM_DIST = existsSync(join(DIST, 'monitor/index.js')) && !process.argv.includes('--from-source');
if (!FROM_DIST && !process.execArgv.some((a) => a.includes('tsx'))) {
  // Re-run under tsx so the TypeScript sources can be imported (cert-mint timing).
  const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit', cwd: ROOT });
  process.exit(r.status ?? 1);
}
// --cpu-prof DIR: the clawguard proxy writes V8 CPU profiles (main thread and scan worker) to DIR when it stops.
const PROF = process.argv.includes('--cpu-prof') ? resolve(process.argv[process.argv.indexOf('--cpu-prof') + 1] ?? 'prof') : null;
const CLI = [...(PROF ? ['--cpu-prof', '--cpu-prof-dir', PROF] : []), ...(FROM_DIST ? [join(DIST, 'cli/main.js')] : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')])];

const args = process.argv.slice(2);
const SECONDS = Number(args[args.indexOf('--seconds') + 1]) > 0 && args.includes('--seconds') ? Number(args[args.indexOf('--seconds') + 1]) : 4;
const asJson = args.includes('--json');
const WARMUP = args.includes('--warmup') ? Math.max(0, Number(args[args.indexOf('--warmup') + 1]) || 0) : 1;
const useUndici = args.includes('--client') && args[args.indexOf('--client') + 1] === 'undici';
const work = mkdtempSync(join(tmpdir(), 'cg-bench-monitor-'));
const children = [];
const results = [];
const notes = [];

function log(line) {
  if (!asJson) process.stdout.write(`${line}\n`);
}

function cleanup() {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  rmSync(work, { recursive: true, force: true });
}
process.on('exit', cleanup);
process.on('SIGINT', () => process.exit(130));

/** Spawns a child and resolves with the first stdout line matching `ready`. */
function startChild(cmd, argv, ready, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`${cmd} not ready in 60 s: ${err.slice(-400)}`)), 60_000);
    child.stdout.setEncoding('utf8').on('data', (d) => {
      out += d;
      const m = ready.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ child, match: m });
      }
    });
    child.stderr.setEncoding('utf8').on('data', (d) => (err = (err + d).slice(-4000)));
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited ${code}: ${err.slice(-400)}`));
    });
  });
}

function stopChild(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), 5000).unref();
  });
}

function rssMb(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function samplePeakRss(pid) {
  let peak = rssMb(pid);
  const t = setInterval(() => {
    const v = rssMb(pid);
    if (v > peak) peak = v;
  }, 25);
  return () => {
    clearInterval(t);
    return Math.max(peak, rssMb(pid) || 0);
  };
}

/** CPU time (ms, user+sys) of a process so far: `total` for all its threads, `main` for its main thread alone. */
function cpuMs(pid) {
  const ticks = (file) => {
    try {
      const f = readFileSync(file, 'utf8');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      return Number(rest[11]) + Number(rest[12]); // utime, stime (fields 14 and 15)
    } catch {
      return NaN;
    }
  };
  const hz = 100; // USER_HZ: /proc reports clock ticks of 10 ms
  return { total: (ticks(`/proc/${pid}/stat`) * 1000) / hz, main: (ticks(`/proc/${pid}/task/${pid}/stat`) * 1000) / hz };
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Closed-loop load with a minimal raw-socket HTTP/1.1 client: `concurrency` keep-alive connections, each
 * sending requests back to back for `seconds`. The same client drives direct, clawguard and mitmproxy
 * (absolute-form through a proxy for http://, CONNECT + TLS for https://), and it costs a few tens of
 * µs of CPU per request, so on this shared 2-core machine the client is not what limits the proxies.
 * (undici's ProxyAgent spends ~220 µs per request here, more than the proxy under test: `--client undici`.)
 */
async function load({ url, via, ca, concurrency, seconds, cpuPid }) {
  const u = new URL(url);
  const secure = u.protocol === 'https:';
  const port = Number(u.port);
  const host = u.hostname;
  const target = via && !secure ? url : `${u.pathname}${u.search}`;
  const reqBuf = Buffer.from(`GET ${target} HTTP/1.1\r\nHost: ${u.host}\r\nUser-Agent: cg-bench\r\nAccept: */*\r\n\r\n`, 'latin1');
  const lat = [];
  let bytes = 0;
  let errors = 0;
  let deadline = Infinity;

  async function open() {
    let sock;
    if (via) {
      sock = net.connect(via.port, '127.0.0.1');
      await once(sock, 'connect');
      if (secure) {
        sock.write(`CONNECT ${host}:${port} HTTP/1.1\r\nHost: ${host}:${port}\r\n\r\n`);
        let got = '';
        while (!got.includes('\r\n\r\n')) got += String((await once(sock, 'data'))[0]);
        if (!/^HTTP\/1\.[01] 200/.test(got)) throw new Error(`CONNECT refused: ${got.split('\r\n')[0]}`);
        sock = tls.connect({ socket: sock, ca, servername: net.isIP(host) ? undefined : host, host });
        await once(sock, 'secureConnect');
      }
    } else if (secure) {
      sock = tls.connect({ host, port, ca, servername: net.isIP(host) ? undefined : host });
      await once(sock, 'secureConnect');
    } else {
      sock = net.connect(port, host);
      await once(sock, 'connect');
    }
    sock.setNoDelay(true);
    return sock;
  }

  /** One connection: send, read one full response (Content-Length or chunked), repeat. */
  function run(sock, count) {
    return new Promise((resolve) => {
      let buf = null;
      let state = 0; // 0 head, 1 body by length, 2 chunked
      let left = 0;
      let t0 = 0;
      let done = 0;
      const send = () => {
        if (performance.now() >= deadline || done >= count) {
          sock.destroy();
          return resolve();
        }
        t0 = performance.now();
        sock.write(reqBuf);
      };
      const finish = (ok) => {
        lat.push(performance.now() - t0);
        if (!ok) errors++;
        done++;
        state = 0;
        send();
      };
      sock.on('error', () => undefined);
      sock.on('close', () => {
        if (state !== 0 || buf) errors++;
        resolve();
      });
      let okStatus = true;
      sock.on('data', (chunk) => {
        let b = buf ? Buffer.concat([buf, chunk]) : chunk;
        buf = null;
        let i = 0;
        while (i < b.length) {
          if (state === 0) {
            const end = b.indexOf('\r\n\r\n', i, 'latin1');
            if (end < 0) {
              buf = b.subarray(i);
              return;
            }
            const head = b.toString('latin1', i, end);
            okStatus = head.startsWith('HTTP/1.1 200') || head.startsWith('HTTP/1.0 200');
            i = end + 4;
            const cl = /\r\ncontent-length: *(\d+)/i.exec(head);
            if (cl) {
              left = Number(cl[1]);
              state = 1;
              if (left === 0) finish(okStatus);
            } else if (/\r\ntransfer-encoding: *chunked/i.test(head)) state = 2;
            else {
              errors++;
              sock.destroy();
              return;
            }
          } else if (state === 1) {
            const take = Math.min(left, b.length - i);
            left -= take;
            bytes += take;
            i += take;
            if (left === 0) finish(okStatus);
          } else {
            // chunked: enough for a benchmark (size line, data, CRLF; ends at a zero-size chunk)
            const lineEnd = b.indexOf('\r\n', i, 'latin1');
            if (lineEnd < 0) {
              buf = b.subarray(i);
              return;
            }
            const size = parseInt(b.toString('latin1', i, lineEnd), 16);
            if (b.length < lineEnd + 2 + size + 2) {
              buf = b.subarray(i);
              return;
            }
            bytes += size;
            i = lineEnd + 2 + size + 2;
            if (size === 0) finish(okStatus);
          }
        }
      });
      send();
    });
  }

  // Warm-up: open every connection (CONNECT + TLS, cert minting) and send a few requests; then, for
  // WARMUP seconds, the same load unmeasured (a fresh Node proxy runs its first seconds unoptimised,
  // which is not its speed; --warmup 0 skips this).
  const socks = await Promise.all(Array.from({ length: concurrency }, () => open()));
  await Promise.all(socks.slice(0, 8).map((s) => run(s, 1)));
  let fresh = await Promise.all(socks.map((s, i) => (i < 8 ? open() : s)));
  if (WARMUP > 0) {
    deadline = performance.now() + WARMUP * 1000;
    await Promise.all(fresh.map((s) => run(s, Infinity)));
    fresh = await Promise.all(fresh.map(() => open()));
  }
  lat.length = 0;
  bytes = 0;
  errors = 0;
  deadline = performance.now() + seconds * 1000;
  const cpu0 = cpuPid ? cpuMs(cpuPid) : null;
  const t0 = performance.now();
  await Promise.all(fresh.map((s) => run(s, Infinity)));
  const elapsed = (performance.now() - t0) / 1000;
  const cpu1 = cpuPid ? cpuMs(cpuPid) : null;
  lat.sort((a, b) => a - b);
  const cpu = cpu0 && cpu1 ? { cpuMs: cpu1.total - cpu0.total, cpuMainMs: cpu1.main - cpu0.main } : {};
  return { reqs: lat.length, rps: lat.length / elapsed, mbps: bytes / 1048576 / elapsed, p50: pct(lat, 50), p99: pct(lat, 99), errors, bytes, ...cpu };
}

/** The same closed loop through undici (`--client undici`), as the first version of this bench did. */
async function loadUndici({ url, dispatcher, concurrency, seconds }) {
  const lat = [];
  let bytes = 0;
  let errors = 0;
  for (let i = 0; i < Math.min(concurrency, 8); i++) {
    const r = await request(url, { dispatcher });
    for await (const _ of r.body);
  }
  const deadline = performance.now() + seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const t0 = performance.now();
      try {
        const r = await request(url, { dispatcher });
        for await (const c of r.body) bytes += c.length;
        if (r.statusCode !== 200) errors++;
      } catch {
        errors++;
      }
      lat.push(performance.now() - t0);
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  lat.sort((a, b) => a - b);
  return { reqs: lat.length, rps: lat.length / elapsed, mbps: bytes / 1048576 / elapsed, p50: pct(lat, 50), p99: pct(lat, 99), errors };
}

function mintUpstreamCert() {
  const cert = join(work, 'upstream.crt');
  const key = join(work, 'upstream.key');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

async function startClawguard(upstreamCa, logDir) {
  const cfg = join(work, `monitor-${children.length}.json`);
  writeFileSync(cfg, JSON.stringify({ proxy_port: 0, gateway_local_port: 0, log_dir: logDir, log_level: 'WARNING', upstream_ca_file: upstreamCa }));
  const { child, match } = await startChild(process.execPath, [...CLI, 'monitor', 'start', '--config', cfg], /listening on http:\/\/127\.0\.0\.1:(\d+)/);
  return { child, port: Number(match[1]), ca: readFileSync(join(logDir, 'ca.crt'), 'utf8') };
}

function ensureMitmproxy() {
  if (args.includes('--no-mitmproxy')) return null;
  const has = () => spawnSync('sh', ['-c', 'command -v mitmdump'], { encoding: 'utf8' }).stdout.trim();
  if (!has()) {
    log('mitmproxy not found: installing the Debian package (apt-get install -y mitmproxy)…');
    spawnSync('apt-get', ['install', '-y', '-q', 'mitmproxy'], { stdio: 'ignore', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, timeout: 600_000 });
  }
  const bin = has();
  if (!bin) notes.push('mitmproxy column skipped: `apt-get install mitmproxy` failed or is not permitted here');
  return bin || null;
}

async function startMitmproxy(bin, upstreamCa) {
  const conf = join(work, 'mitmproxy');
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(bin, ['--listen-host', '127.0.0.1', '-p', String(port), '--set', `confdir=${conf}`, '--set', `ssl_verify_upstream_trusted_ca=${upstreamCa}`, '--set', 'termlog_verbosity=warn', '--set', 'flow_detail=0'], { stdio: 'ignore' });
  children.push(child);
  // mitmdump prints nothing when quiet: wait for its CA file and for the port to answer.
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`mitmdump exited ${child.exitCode}`);
    if (existsSync(join(conf, 'mitmproxy-ca-cert.pem'))) {
      try {
        const r = await request(`http://127.0.0.1:${port}/`);
        await r.body.text();
        return { child, port, ca: readFileSync(join(conf, 'mitmproxy-ca-cert.pem'), 'utf8') };
      } catch {
        // not listening yet
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('mitmdump did not start within 30 s');
}

function row(name, target, r, base) {
  const rec = { name, target, ...r, vsDirect: base ? r.rps / base.rps : 1 };
  results.push(rec);
  const f = (x, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '-');
  // Proxy CPU (user+sys, all threads; main thread in brackets) per MB relayed, or per request for small bodies.
  let cpu = '';
  if (r.cpuMs !== undefined && r.reqs > 0) {
    const mb = r.bytes / 1048576;
    cpu = mb >= r.reqs ? `  cpu ${f(r.cpuMs / mb, 2)} ms/MB (main ${f(r.cpuMainMs / mb, 2)})` : `  cpu ${f((r.cpuMs * 1000) / r.reqs, 0)} µs/req (main ${f((r.cpuMainMs * 1000) / r.reqs, 0)})`;
  }
  log(`${name.padEnd(30)} ${target.padEnd(10)} ${String(r.reqs).padStart(7)} ${f(r.rps).padStart(9)} ${f(r.mbps).padStart(8)} ${f(r.p50, 2).padStart(8)} ${f(r.p99, 2).padStart(8)} ${f(rec.vsDirect * 100, 0).padStart(6)}%${cpu}${r.errors ? `  errors=${r.errors}` : ''}`);
  return rec;
}

async function main() {
  log(`# clawguard monitor bench (client: ${useUndici ? 'undici' : 'raw sockets'}) — node ${process.version}, ${cpus().length} CPU (${cpus()[0]?.model ?? '?'}), load avg ${loadavg().map((l) => l.toFixed(1)).join(' ')}, ${new Date().toISOString()}, ${FROM_DIST ? 'dist' : 'src via tsx'}`);
  const { cert, key } = mintUpstreamCert();
  const { match } = await startChild(process.execPath, [join(ROOT, 'bench/_util/monitor-upstream.mjs'), cert, key], /(\{.*\})\n/);
  const ports = JSON.parse(match[1]);
  const httpBase = `http://127.0.0.1:${ports.http}`;
  const httpsBase = `https://127.0.0.1:${ports.https}`;
  const upstreamCaPem = readFileSync(cert, 'utf8');

  const cg = await startClawguard(cert, join(work, 'cg-log'));
  const cpuPids = { direct: null, clawguard: cg.child.pid };
  const mitmBin = ensureMitmproxy();
  const mitm = mitmBin ? await startMitmproxy(mitmBin, cert).catch((e) => (notes.push(`mitmproxy failed to start: ${e.message}`), null)) : null;

  const targets = [
    ['direct', { via: null, ca: upstreamCaPem, http: new Pool(httpBase, { connections: 64 }), https: new Pool(httpsBase, { connections: 64, connect: { ca: upstreamCaPem } }) }],
    ['clawguard', { via: { port: cg.port }, ca: cg.ca, http: new ProxyAgent({ uri: `http://127.0.0.1:${cg.port}`, proxyTunnel: false }), https: new ProxyAgent({ uri: `http://127.0.0.1:${cg.port}`, requestTls: { ca: cg.ca } }) }],
  ];
  if (mitm) cpuPids.mitmproxy = mitm.child.pid;
  if (mitm) targets.push(['mitmproxy', { via: { port: mitm.port }, ca: mitm.ca, http: new ProxyAgent({ uri: `http://127.0.0.1:${mitm.port}`, proxyTunnel: false }), https: new ProxyAgent({ uri: `http://127.0.0.1:${mitm.port}`, requestTls: { ca: mitm.ca } }) }]);

  log(`\n${'case'.padEnd(30)} ${'target'.padEnd(10)} ${'reqs'.padStart(7)} ${'req/s'.padStart(9)} ${'MB/s'.padStart(8)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'vs dir'.padStart(7)}`);
  const cases = [
    { name: 'small HTTP c=32', scheme: 'http', path: '/small', concurrency: 32 },
    { name: 'small HTTP c=1 (latency)', scheme: 'http', path: '/small', concurrency: 1 },
    { name: 'small HTTPS-MITM c=32', scheme: 'https', path: '/small', concurrency: 32 },
    { name: 'small HTTPS-MITM c=1 (latency)', scheme: 'https', path: '/small', concurrency: 1 },
    { name: '1 MB HTTP c=4', scheme: 'http', path: '/bytes/1048576', concurrency: 4 },
    { name: '1 MB HTTPS-MITM c=4', scheme: 'https', path: '/bytes/1048576', concurrency: 4 },
  ];
  const summary = {};
  // --only TEXT: run the cases whose name contains TEXT (quick iterations while profiling).
  const only = args.includes('--only') ? args[args.indexOf('--only') + 1] ?? '' : '';
  for (const c of cases.filter((x) => x.name.includes(only))) {
    let base;
    for (const [target, d] of targets) {
      const url = `${c.scheme === 'http' ? httpBase : httpsBase}${c.path}`;
      const r = useUndici
        ? await loadUndici({ url, dispatcher: d[c.scheme], concurrency: c.concurrency, seconds: SECONDS })
        : await load({ url, via: d.via, ca: c.scheme === 'https' ? d.ca : undefined, concurrency: c.concurrency, seconds: SECONDS, cpuPid: cpuPids[target] });
      const rec = row(c.name, target, r, base);
      if (target === 'direct') base = r;
      summary[`${c.name}|${target}`] = rec;
    }
    if (c.concurrency === 1 && summary[`${c.name}|direct`]) {
      const d = summary[`${c.name}|direct`];
      for (const [target] of targets.slice(1)) {
        const p = summary[`${c.name}|${target}`];
        log(`${''.padEnd(30)} added by ${target}: p50 +${(p.p50 - d.p50).toFixed(2)} ms, p99 +${(p.p99 - d.p99).toFixed(2)} ms`);
      }
    }
  }
  // The issue's targets, from the rows above (same run, same client).
  const g = (k) => summary[k];
  const small = [g('small HTTP c=32|clawguard'), g('small HTTP c=32|mitmproxy')];
  if (small[0] && small[1]) log(`\ntarget: small HTTP c=32 req/s >= 10x mitmproxy: ${(small[0].rps / small[1].rps).toFixed(1)}x (${small[0].rps.toFixed(0)} vs ${small[1].rps.toFixed(0)})`);
  const big = g('1 MB HTTP c=4|clawguard');
  if (big) log(`target: 1 MB HTTP c=4 >= 50% of direct: ${(big.vsDirect * 100).toFixed(0)}%${g('1 MB HTTP c=4|mitmproxy') ? ` (mitmproxy ${(g('1 MB HTTP c=4|mitmproxy').vsDirect * 100).toFixed(0)}%)` : ''}`);
  const lat = [g('small HTTP c=1 (latency)|direct'), g('small HTTP c=1 (latency)|clawguard')];
  if (lat[0] && lat[1]) log(`target: added p99, small HTTP c=1 < 2 ms: +${(lat[1].p99 - lat[0].p99).toFixed(2)} ms (p50 +${(lat[1].p50 - lat[0].p50).toFixed(2)} ms)`);
  for (const [, d] of targets) {
    await d.http.close();
    await d.https.close();
  }

  // Leaf minting: in-process (the same code the proxy runs), and a first HTTPS request to a new host.
  const caMod = await import(FROM_DIST ? join(DIST, 'monitor/ca.js') : join(ROOT, 'src/monitor/ca.ts'));
  const ca = await caMod.ensureCa(join(work, 'mint-ca'));
  const cache = new caMod.LeafCertCache(ca);
  await cache.mintPem('warm.example');
  const N = 100;
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await cache.mintPem(`host${i}.example`);
  const mintMs = (performance.now() - t0) / N;
  const t1 = performance.now();
  for (let i = 0; i < 20; i++) await cache.getContext(`ctx${i}.example`);
  const ctxMs = (performance.now() - t1) / 20;
  log(`\nleaf certificate mint (ECDSA P-256, shared leaf key): ${mintMs.toFixed(2)} ms/host; mint + SecureContext: ${ctxMs.toFixed(2)} ms/host (${N} hosts)`);
  results.push({ name: 'cert-mint', msPerHost: mintMs, msPerContext: ctxMs });

  if (!args.includes('--skip-rss')) {
    await stopChild(cg.child);
    // Fresh proxy for the memory phases, so earlier phases do not inflate the peak.
    const fresh = await startClawguard(cert, join(work, 'cg-log-rss'));
    const idle = rssMb(fresh.child.pid);
    const agent = new ProxyAgent({ uri: `http://127.0.0.1:${fresh.port}`, proxyTunnel: false, connections: 600 });
    let stop = samplePeakRss(fresh.child.pid);
    const held = await Promise.allSettled(Array.from({ length: 500 }, () => request(`${httpBase}/hold/2000`, { dispatcher: agent }).then((r) => r.body.text())));
    const peak500 = stop();
    const ok500 = held.filter((h) => h.status === 'fulfilled').length;
    log(`\nproxy RSS: idle ${idle.toFixed(1)} MB; peak with 500 concurrent held connections ${peak500.toFixed(1)} MB (${ok500}/500 completed)`);
    await agent.close();

    const total = 1024 * 1024 * 1024;
    const chunk = Buffer.alloc(256 * 1024, 0x62);
    async function* body() {
      for (let sent = 0; sent < total; sent += chunk.length) yield chunk;
    }
    const upAgent = new ProxyAgent({ uri: `http://127.0.0.1:${fresh.port}`, proxyTunnel: false });
    stop = samplePeakRss(fresh.child.pid);
    const t2 = performance.now();
    const r = await request(`${httpBase}/sink`, { method: 'POST', body: body(), dispatcher: upAgent, headersTimeout: 300_000, bodyTimeout: 300_000 });
    const got = Number(await r.body.text());
    const secs = (performance.now() - t2) / 1000;
    const peakUp = stop();
    log(`proxy RSS during a 1 GB streamed upload: peak ${peakUp.toFixed(1)} MB; ${(total / 1048576 / secs).toFixed(0)} MB/s; upstream received ${got === total ? 'all bytes' : `${got} of ${total} bytes`}`);
    results.push({ name: 'rss', idleMb: idle, peak500Mb: peak500, completed500: ok500, peakUpload1GbMb: peakUp, uploadMBps: total / 1048576 / secs });
    await upAgent.close();
    await stopChild(fresh.child);
  } else await stopChild(cg.child);
  if (mitm) await stopChild(mitm.child);
  for (const n of notes) log(`note: ${n}`);
  log(`load avg at end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (client, upstream and proxies share this machine's CPUs)`);
  if (asJson) for (const r of results) process.stdout.write(`${JSON.stringify({ ...r, node: process.version, cpu: cpus()[0]?.model, date: new Date().toISOString() })}\n`);
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`bench failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  },
);
