// End-to-end tests of `clawguard incident contain | rotate | report` on temp state dirs and real child processes.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import JSON5 from 'json5';
import { appendThreat } from '../core/threat-log.js';
import { makeTempDir, removeDir, REPO_ROOT, runCli, writeTree } from '../test-support/cli.js';
import { planLockdown } from './lockdown.js';

const CONFIG = `{
  // operator's config: comments must survive the lockdown
  gateway: { mode: "local", auth: { mode: "token", token: "old-gateway-token-0123456789abcdef" } },
  agents: { defaults: { sandbox: { mode: "off" } }, entries: { ops: { sandbox: { mode: "non-main" } } } },
  tools: { exec: { security: "full" }, elevated: { enabled: true }, deny: ["browser"] },
  channels: { telegram: { botToken: "7123456789:AAHk8v3rT0pQ9wXyZ2aBcDeFgHiJkLmNoPq", groupPolicy: "open" } },
  models: { providers: { anthropic: { apiKey: "sk-ant-api03-Qm9vZ2xlLXRlc3Qta2V5LXRoYXQtbG9va3MtcmVhbC0wMTIzNDU2Nzg5YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXo-AbCdEfAA", baseUrl: "https://api.anthropic.com", models: [] } } },
  hooks: { enabled: true, token: "hook-token-9f8e7d6c5b4a39281706f5e4" },
}
`;
const SECRETS = ['old-gateway-token-0123456789abcdef', 'AAHk8v3rT0pQ9wXyZ2aBcDeFgHiJkLmNoPq', 'Qm9vZ2xlLXRlc3Qta2V5LXRoYXQtbG9va3MtcmVhbC0wMTIzNDU2Nzg5', 'hook-token-9f8e7d6c5b4a39281706f5e4', 'sk-proj-T3BlbkFJq7Zk2LmN8pQrStUvWxYz0123456789abcdEFGH', 'sk-ant-api03-profile'];

async function stateWith(files: Record<string, string>): Promise<string> {
  const dir = makeTempDir('clawguard-incident-');
  await writeTree(dir, files);
  return dir;
}

/** A small server standing in for the gateway: listens on 127.0.0.1:0 and prints its port. */
function spawnFakeGateway(ignoreTerm: boolean): Promise<{ child: ChildProcess; port: number }> {
  const code = `${ignoreTerm ? "process.on('SIGTERM', () => {});" : ''} require('node:http').createServer((q, s) => s.end('ok')).listen(0, '127.0.0.1', function () { console.log(this.address().port); });`;
  const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout?.once('data', (d: Buffer) => resolve({ child, port: Number(String(d).trim()) }));
  });
}

function exited(child: ChildProcess): Promise<NodeJS.Signals | number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.signalCode ?? child.exitCode);
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
}

describe('incident contain', { timeout: 180_000 }, () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  after(async () => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    for (const d of dirs) await removeDir(d);
  });

  const cases: Array<{ name: string; ignoreTerm: boolean; by: 'pid-file' | 'port'; outcome: string; signal: string }> = [
    { name: 'stops the process named by the pid file with SIGTERM', ignoreTerm: false, by: 'pid-file', outcome: 'terminated', signal: 'SIGTERM' },
    { name: 'finds the process by its listening port', ignoreTerm: false, by: 'port', outcome: 'terminated', signal: 'SIGTERM' },
    { name: 'sends SIGKILL when SIGTERM is ignored past the timeout', ignoreTerm: true, by: 'pid-file', outcome: 'killed', signal: 'SIGKILL' },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { child, port } = await spawnFakeGateway(c.ignoreTerm);
      children.push(child);
      const dir = await stateWith({ 'state/openclaw.json': '{ gateway: { mode: "local" } }\n', 'gateway.pid': `${child.pid}\n` });
      dirs.push(dir);
      const args = ['incident', 'contain', '--state-dir', join(dir, 'state'), '--no-process-scan', '--timeout', '1', '--json'];
      if (c.by === 'pid-file') args.push('--pid-file', join(dir, 'gateway.pid'), '--port', '1');
      else args.push('--port', String(port));
      const r = await runCli(args);
      assert.equal(r.code, 0, r.stderr);
      const json = JSON.parse(r.stdout) as { stopped: Array<{ pid: number; outcome: string; foundBy: string }> };
      const mine = json.stopped.find((s) => s.pid === child.pid);
      assert.ok(mine, JSON.stringify(json));
      assert.equal(mine.outcome, c.outcome);
      assert.match(mine.foundBy, c.by === 'port' ? new RegExp(`^port:${port}$`) : /^pid-file:/);
      assert.equal(await exited(child), c.signal);
    });
  }

  it('--dry-run stops nothing', async () => {
    const { child, port } = await spawnFakeGateway(false);
    children.push(child);
    const dir = await stateWith({ 'state/openclaw.json': '{}\n' });
    dirs.push(dir);
    const r = await runCli(['incident', 'contain', '--state-dir', join(dir, 'state'), '--no-process-scan', '--port', String(port), '--dry-run', '--json']);
    assert.equal(r.code, 0);
    assert.equal((JSON.parse(r.stdout) as { stopped: Array<{ outcome: string }> }).stopped[0]?.outcome, 'would-stop');
    assert.equal(child.exitCode, null);
    child.kill('SIGKILL');
  });

  it('--lockdown writes a locked-down config with a backup, keeps comments, and is idempotent', async () => {
    const dir = await stateWith({ 'state/openclaw.json': CONFIG });
    dirs.push(dir);
    const state = join(dir, 'state');
    const args = ['incident', 'contain', '--state-dir', state, '--no-process-scan', '--port', '1', '--lockdown', '--json'];
    const first = await runCli(args);
    assert.equal(first.code, 0, first.stderr);
    const text = readFileSync(join(state, 'openclaw.json'), 'utf8');
    assert.match(text, /comments must survive the lockdown/);
    const cfg = JSON5.parse(text) as Record<string, any>;
    assert.equal(cfg.tools.exec.security, 'deny');
    assert.deepEqual(cfg.tools.deny, ['browser', 'exec', 'process']);
    assert.equal(cfg.tools.elevated.enabled, false);
    assert.equal(cfg.agents.defaults.sandbox.mode, 'all');
    assert.equal(cfg.agents.defaults.sandbox.scope, 'session');
    assert.equal(cfg.agents.entries.ops.sandbox.mode, 'all');
    assert.equal(cfg.channels.telegram.groupPolicy, 'allowlist');
    assert.equal(cfg.channels.defaults.groupPolicy, 'allowlist');
    assert.equal(cfg.gateway.auth.token, 'old-gateway-token-0123456789abcdef', 'contain does not touch secrets');
    const backups = readdirSync(join(state, '.clawguard-backups'));
    assert.equal(backups.length, 1);
    const manifest = JSON.parse(readFileSync(join(state, '.clawguard-backups', backups[0], 'manifest.json'), 'utf8')) as { entries: Array<{ sha256: string }> };
    assert.equal(manifest.entries[0].sha256, createHash('sha256').update(CONFIG).digest('hex'));
    for (const s of SECRETS) assert.ok(!first.stdout.includes(s));
    const second = await runCli(args);
    assert.equal((JSON.parse(second.stdout) as { lockdown: { status: string } }).lockdown.status, 'already');
    assert.equal(readFileSync(join(state, 'openclaw.json'), 'utf8'), text);
    assert.equal(readdirSync(join(state, '.clawguard-backups')).length, 1);
  });

  it('plans nothing for an already locked-down config', () => {
    const locked = { tools: { exec: { security: 'deny' }, deny: ['exec', 'process'], elevated: { enabled: false } }, agents: { defaults: { sandbox: { mode: 'all', scope: 'session' } } }, channels: { defaults: { groupPolicy: 'allowlist' }, discord: { groupPolicy: 'disabled' } } };
    assert.deepEqual(planLockdown(locked), []);
  });
});

describe('incident rotate', { timeout: 120_000 }, () => {
  let dir: string;
  before(async () => {
    dir = await stateWith({
      '.openclaw/openclaw.json': CONFIG,
      '.openclaw/.env': 'OPENAI_API_KEY=sk-proj-T3BlbkFJq7Zk2LmN8pQrStUvWxYz0123456789abcdEFGH\nLOG_LEVEL=debug\n',
      '.openclaw/agents/main/agent/auth-profiles.json': JSON.stringify({ version: 1, profiles: { 'anthropic:work': { type: 'api_key', provider: 'anthropic', key: 'sk-ant-api03-profile-key-0123456789abcdefghij' } } }),
    });
  });
  after(() => removeDir(dir));

  it('writes a new strong gateway token with a backup and lists what to rotate by hand, printing no secret', async () => {
    const state = join(dir, '.openclaw');
    const r = await runCli(['incident', 'rotate', '--state-dir', state, '--json'], { env: { HOME: dir, GITHUB_TOKEN: 'ghp_R8mQ2vXk9LpT4wZs7NcY1bHd6JfG3aUe5KiO' } });
    assert.equal(r.code, 0, r.stderr);
    const json = JSON.parse(r.stdout) as { gateway: { status: string; newFingerprint: string; backupDir: string }; manual: Array<{ name: string; location: string; fingerprint?: string; howTo: string }> };
    assert.equal(json.gateway.status, 'rotated');
    const cfg = JSON5.parse(readFileSync(join(state, 'openclaw.json'), 'utf8')) as Record<string, any>;
    const token = cfg.gateway.auth.token as string;
    assert.ok(token.length >= 43 && token !== 'old-gateway-token-0123456789abcdef');
    assert.ok(existsSync(join(json.gateway.backupDir, 'manifest.json')));
    const names = json.manual.map((m) => m.name).join('\n');
    for (const expected of [/telegram botToken/, /anthropic API key/, /hooks\.token/, /env OPENAI_API_KEY/, /agent main anthropic:work key/, /env GITHUB_TOKEN/]) assert.match(names, expected);
    assert.ok(!names.includes('gateway auth.token'), 'the rotated token is not in the manual list');
    assert.ok(json.manual.every((m) => m.howTo.length > 10));
    for (const out of [r.stdout, r.stderr]) {
      for (const s of [...SECRETS, token, 'R8mQ2vXk9LpT4wZs7NcY1bHd6JfG3aUe5KiO', 'profile-key-0123456789']) assert.ok(!out.includes(s), `leaks ${s.slice(0, 8)}`);
    }
    const text = await runCli(['incident', 'rotate', '--state-dir', state, '--dry-run'], { env: { HOME: dir } });
    assert.match(text.stdout, /Would rotate gateway\.auth\.token/);
    assert.ok(!text.stdout.includes(token));
  });
});

describe('incident report', { timeout: 180_000 }, () => {
  let dir: string;
  before(async () => {
    dir = makeTempDir('clawguard-incident-report-');
    cpSync(join(REPO_ROOT, 'src', 'forensics', 'fixtures'), dir, { recursive: true });
    await appendThreat(join(dir, 'monitor'), { direction: 'outbound', protocol: 'https', threat_type: 'EXFIL', pattern: 'aws_access_key', snippet: 'id=AKIAQ7…(20, sha256:2894572a)', source: '127.0.0.1', dest: 'collect.telemetry-cdn.example:443', timestamp: '2026-11-25T22:00:12.000Z', ruleId: 'secret.aws-access-key-id', severity: 'critical', action: 'logged' });
    await appendThreat(join(dir, 'monitor'), { direction: 'inbound', protocol: 'https', threat_type: 'INJECTION', pattern: 'pipe_to_shell', snippet: 'curl … | sh', source: '127.0.0.1', dest: 'get.example:443', timestamp: '2026-11-20T10:00:00.000Z' });
  });
  after(() => removeDir(dir));

  it('joins the audit, the forensic timeline and the monitor threats of the window in one Markdown record', async () => {
    const out = join(dir, 'record.md');
    const r = await runCli(['incident', 'report', '--state-dir', join(dir, 'state'), '--monitor-log-dir', join(dir, 'monitor'), '--log-dir', join(dir, 'logs'), '--since', '2026-11-25', '--until', '2026-11-26', '-o', out], { env: { HOME: join(dir, 'home') } });
    assert.equal(r.code, 2, r.stderr);
    const md = readFileSync(out, 'utf8');
    assert.match(md, /^# Incident record/m);
    assert.match(md, /Window: 2026-11-25T00:00:00\.000Z → 2026-11-26T00:00:00\.000Z/);
    assert.match(md, /## Forensic timeline/);
    assert.match(md, /### Session `5d0c9a3e-1f2b-4c6d-8e7f-0a1b2c3d4e51`/);
    assert.match(md, /forensics\.injection-then-exfil/);
    assert.match(md, /## Monitor threats[\s\S]*aws_access_key[\s\S]*collect\.telemetry-cdn\.example:443/);
    assert.ok(!md.includes('get.example:443'), 'threat outside the window is left out');
    assert.match(md, /## Audit\n\n(?:\| severity|Not available)/);
    for (const s of ['AKIAQ7RZ4NCPT3WKJ5LM', 'wJ7rXUtnF3MI9K7MDENGbPxRfiCY4q2bVz8kLm0T']) assert.ok(!md.includes(s));
  });
});
