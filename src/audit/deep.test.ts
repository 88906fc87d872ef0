// `audit --deep` through the CLI: a real HTTP server on 127.0.0.1 plays the gateway, a fake procfs tree describes listeners and processes, a real unix socket plays docker.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { createServer as createNetServer, type Server as NetServer } from 'node:net';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { Finding } from '../core/types.js';
import { makeTempDir, removeDir, runCli } from '../test-support/cli.js';
import { STRONG_TOKEN } from './fixtures.js';

const servers: Array<Server | NetServer> = [];
const dirs: string[] = [];
after(async () => {
  await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  await Promise.all(dirs.map(removeDir));
});

async function startGateway(handler: 'ok' | 'unauthorized' | 'hang'): Promise<number> {
  const server = createServer((req, res) => {
    if (handler === 'hang') return;
    req.resume();
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/tools/invoke') {
        res.writeHead(handler === 'ok' ? 200 : 401, { 'content-type': 'application/json' });
        res.end(handler === 'ok' ? '{"ok":true,"result":{}}' : '{"error":{"message":"Unauthorized","type":"unauthorized"}}');
      } else res.writeHead(404).end();
    });
  });
  server.keepAliveTimeout = 100;
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return (server.address() as { port: number }).port;
}

/** A procfs tree: one TCP listener on `port` at `address` (kernel hex), owned by pid 4242 running `cmdline` as `uid`. */
async function fakeProc(root: string, opts: { port?: number; addressHex?: string; uid: number; cmdline: string; environ?: string }): Promise<string> {
  const proc = join(root, 'proc');
  await fs.mkdir(join(proc, 'net'), { recursive: true });
  await fs.mkdir(join(proc, '4242', 'fd'), { recursive: true });
  const header = '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n';
  const row = opts.port === undefined ? '' : `   0: ${opts.addressHex ?? '0100007F'}:${opts.port.toString(16).toUpperCase().padStart(4, '0')} 00000000:0000 0A 00000000:00000000 00:00000000 00000000 ${opts.uid}        0 777111 1 0 100 0 0 10 0\n`;
  await fs.writeFile(join(proc, 'net', 'tcp'), header + row);
  await fs.writeFile(join(proc, 'net', 'tcp6'), header);
  await fs.symlink('socket:[777111]', join(proc, '4242', 'fd', '3'));
  await fs.writeFile(join(proc, '4242', 'cmdline'), `${opts.cmdline.split(' ').join('\0')}\0`);
  await fs.writeFile(join(proc, '4242', 'status'), `Name:\tnode\nUid:\t${opts.uid}\t${opts.uid}\t${opts.uid}\t${opts.uid}\n`);
  await fs.writeFile(join(proc, '4242', 'environ'), opts.environ ?? 'PATH=/usr/bin\0');
  await fs.writeFile(join(root, 'passwd'), 'root:x:0:0:root:/root:/bin/bash\nclaw:x:1000:1000::/home/claw:/bin/sh\n');
  return proc;
}

async function stateWithPort(root: string, port: number): Promise<string> {
  const state = join(root, 'state');
  await fs.mkdir(state, { mode: 0o700 });
  const cfg = { gateway: { mode: 'local', bind: 'loopback', port, auth: { mode: 'token', token: '${OPENCLAW_GATEWAY_TOKEN}' }, trustedProxies: ['127.0.0.1'] }, discovery: { mdns: { mode: 'off' } } };
  await fs.writeFile(join(state, 'openclaw.json'), JSON.stringify(cfg), { mode: 0o600 });
  return state;
}

async function deepAudit(root: string, state: string, proc: string, extra: string[] = []): Promise<{ code: number | null; findings: Finding[]; notes: string[]; ms: number; http?: { error?: string; status?: number } }> {
  const res = await runCli(['audit', '--deep', '--json', '--state-dir', state, '--log-dir', join(root, 'logs'), '--proc-root', proc, ...extra], { env: { HOME: root, OPENCLAW_GATEWAY_TOKEN: STRONG_TOKEN }, timeoutMs: 30_000 });
  const json = JSON.parse(res.stdout) as { findings: Finding[]; notes: string[]; stats: { durationMs: number }; deep?: { http?: { error?: string; status?: number } } };
  return { code: res.code, findings: json.findings, notes: json.notes, ms: json.stats.durationMs, http: json.deep?.http };
}

const ids = (fs: Finding[]) => new Set(fs.map((f) => f.docs?.replace(/^docs\/rules\/|\.md$/g, '') ?? f.ruleId));

describe('audit --deep', { concurrency: 2 }, () => {
  it('flags a root gateway on 0.0.0.0 that runs tools without a token, a world-writable docker socket and LD_PRELOAD in its environment', async () => {
    const root = makeTempDir('clawguard-deep-');
    dirs.push(root);
    const port = await startGateway('ok');
    const proc = await fakeProc(root, { port, addressHex: '00000000', uid: 0, cmdline: 'node /opt/oc/node_modules/.bin/openclaw gateway run', environ: 'LD_PRELOAD=/tmp/libhook.so\0PATH=/usr/bin\0' });
    const sock = join(root, 'docker.sock');
    const docker = createNetServer((c) => c.end());
    servers.push(docker);
    await new Promise<void>((r) => docker.listen(sock, r));
    await fs.chmod(sock, 0o666);
    const state = await stateWithPort(root, port);
    const { code, findings } = await deepAudit(root, state, proc, ['--docker-socket', sock]);
    const got = ids(findings);
    for (const id of ['audit.host.gateway-listen-address', 'audit.host.gateway-http-unauthenticated', 'audit.host.gateway-root', 'audit.host.docker-socket', 'audit.env.dangerous-variable']) assert.ok(got.has(id), `missing ${id}: ${[...got].join(', ')}`);
    assert.equal(findings.find((f) => f.ruleId === 'audit.host.gateway-http-unauthenticated')?.severity, 'critical');
    assert.equal(findings.find((f) => f.ruleId === 'audit.host.docker-socket')?.severity, 'critical');
    assert.match(findings.find((f) => f.ruleId === 'audit.env.dangerous-variable')?.message ?? '', /running gateway \(pid 4242\)/);
    assert.ok(!got.has('gateway.probe_failed'));
    assert.equal(code, 2);
  });

  it('passes a loopback gateway that answers 401, runs as a normal user, with no docker socket', async () => {
    const root = makeTempDir('clawguard-deep-');
    dirs.push(root);
    const port = await startGateway('unauthorized');
    const proc = await fakeProc(root, { port, uid: 1000, cmdline: 'openclaw gateway' });
    const state = await stateWithPort(root, port);
    const { findings } = await deepAudit(root, state, proc, ['--docker-socket', join(root, 'no-such.sock')]);
    const got = ids(findings);
    for (const id of ['audit.host.gateway-listen-address', 'audit.host.gateway-http-unauthenticated', 'audit.host.gateway-root', 'audit.host.docker-socket', 'gateway.probe_failed', 'audit.env.dangerous-variable']) assert.ok(!got.has(id), `${id} must not fire`);
  });

  it('reports gateway.probe_failed when nothing listens on the gateway port', async () => {
    const root = makeTempDir('clawguard-deep-');
    dirs.push(root);
    const proc = await fakeProc(root, { uid: 1000, cmdline: 'bash' });
    const state = await stateWithPort(root, 9);
    const { findings, notes } = await deepAudit(root, state, proc, ['--docker-socket', join(root, 'none.sock')]);
    assert.equal(findings.find((f) => f.ruleId === 'gateway.probe_failed')?.severity, 'warning');
    assert.ok(notes.some((n) => /Nothing listens on TCP port 9/.test(n)));
  });

  it('never hangs: a gateway that accepts and never answers is bounded by --probe-timeout', async () => {
    const root = makeTempDir('clawguard-deep-');
    dirs.push(root);
    const port = await startGateway('hang');
    const proc = await fakeProc(root, { port, uid: 1000, cmdline: 'openclaw gateway' });
    const state = await stateWithPort(root, port);
    const { code, findings, ms, http } = await deepAudit(root, state, proc, ['--probe-timeout', '300', '--docker-socket', join(root, 'none.sock')]);
    assert.ok(code === 0 || code === 1 || code === 2);
    assert.ok(!ids(findings).has('audit.host.gateway-http-unauthenticated'));
    assert.match(http?.error ?? '', /no answer within 300 ms|ECONNRESET|socket hang up/);
    // The audit's own clock (not the child's startup, which a loaded CI box stretches): far below a hang.
    assert.ok(ms < 10_000, `took ${ms} ms`);
  });
});
