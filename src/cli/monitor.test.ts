// The monitor CLI as child processes: start (--daemon and foreground), status, threats, stop, ca, bad config.
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CLI_NODE_ARGS, makeTempDir, removeDir, runCli } from '../test-support/cli.js';

const execFileP = promisify(execFile);
const dirs: string[] = [];
const stopDirs: string[] = [];
after(async () => {
  for (const d of stopDirs) await runCli(['monitor', 'stop', '--log-dir', d]);
  for (const d of dirs) await removeDir(d);
});

async function setup(config: object = {}): Promise<{ dir: string; logDir: string; configPath: string }> {
  const dir = makeTempDir('monitor-cli-');
  dirs.push(dir);
  const configPath = join(dir, 'monitor.json');
  await writeFile(configPath, JSON.stringify({ proxy_port: 0, gateway_local_port: 0, ...config }));
  return { dir, logDir: join(dir, 'log'), configPath };
}

const KEY = ['sk-ant-api03-', 'Xq7vR2mK9pL4wZ8nB3cF6hJ1tY5uE0aD'.repeat(3).slice(0, 93), 'AA'].join('');

describe('clawguard monitor (CLI)', () => {
  it('starts as a daemon, reports status and threats, refuses a second start, and stops', async () => {
    const { logDir, configPath } = await setup();
    stopDirs.push(logDir);
    const start = await runCli(['monitor', 'start', '--daemon', '--config', configPath, '--log-dir', logDir]);
    assert.equal(start.code, 0, start.stderr);
    assert.match(start.stdout, /started in the background \(pid \d+\): proxy http:\/\/127\.0\.0\.1:\d+, MITM on, mode observe/);
    const pid = Number((await readFile(join(logDir, 'clawsec.pid'), 'utf8')).trim());
    assert.ok(pid > 0);

    const status = await runCli(['monitor', 'status', '--log-dir', logDir, '--json']);
    assert.equal(status.code, 0, status.stderr);
    const st = JSON.parse(status.stdout);
    assert.equal(st.running, true);
    assert.equal(st.state.pid, pid);
    assert.equal(st.state.mitm, true);

    // A request carrying a key to a closed port: logged (502 is fine), then visible through `threats`.
    await execFileP('curl', ['-sS', '-m', '10', '-x', `http://${st.state.proxy}`, '-H', `x-api-key: ${KEY}`, 'http://127.0.0.1:9/']).catch(() => undefined);
    let threats: Array<{ pattern: string; direction: string }> = [];
    for (let i = 0; i < 50 && threats.length === 0; i++) {
      const t = await runCli(['monitor', 'threats', '--log-dir', logDir, '--limit', '5']);
      assert.equal(t.code, 0, t.stderr);
      threats = JSON.parse(t.stdout);
      if (threats.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    assert.equal(threats[0]?.pattern, 'ai_api_key');
    assert.equal(threats[0]?.direction, 'outbound');

    const text = await runCli(['monitor', 'status', '--log-dir', logDir]);
    assert.match(text.stdout, /monitor: running \(pid \d+\)/);
    assert.match(text.stdout, /MITM: +on/);
    assert.match(text.stdout, /ai_api_key/);
    assert.ok(!text.stdout.includes(KEY));

    const again = await runCli(['monitor', 'start', '--daemon', '--config', configPath, '--log-dir', logDir]);
    assert.equal(again.code, 81);
    assert.match(again.stderr, /already runs/);

    const stop = await runCli(['monitor', 'stop', '--log-dir', logDir]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.match(stop.stdout, new RegExp(`monitor \\(pid ${pid}\\) stopped`));
    const after = await runCli(['monitor', 'status', '--log-dir', logDir]);
    assert.equal(after.code, 1);
    assert.match(after.stdout, /monitor: stopped/);
    assert.equal((await runCli(['monitor', 'stop', '--log-dir', logDir])).stdout.trim(), `no monitor running (log dir ${logDir})`);
  });

  it('runs in the foreground and stops cleanly on SIGTERM', async () => {
    const { logDir, configPath } = await setup();
    const child = spawn(process.execPath, [...CLI_NODE_ARGS, 'monitor', 'start', '--no-mitm', '--config', configPath, '--log-dir', logDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    for (let i = 0; i < 300 && !/listening on/.test(out); i++) await new Promise((r) => setTimeout(r, 50));
    assert.match(out, /listening on http:\/\/127\.0\.0\.1:\d+ \(MITM off, mode observe\)/);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number];
    clearTimeout(timer);
    assert.equal(code, 0);
    assert.match(out, /clawguard monitor stopped/);
    await assert.rejects(readFile(join(logDir, 'clawsec.pid')), /ENOENT/);
  });

  it('rejects bad config values naming the key, and a CA key readable by others', async () => {
    const { logDir, configPath } = await setup({ proxy_port: 'eighty' });
    const bad = await runCli(['monitor', 'start', '--config', configPath, '--log-dir', logDir]);
    assert.equal(bad.code, 78);
    assert.match(bad.stderr, /"proxy_port" must be an integer port/);
    assert.equal(bad.stderr.trim().split('\n').length, 1);

    const unknown = await setup({ mitm: false });
    assert.match((await runCli(['monitor', 'start', '--config', unknown.configPath])).stderr, /unknown key "mitm"/);

    const ok = await setup();
    const ca = await runCli(['monitor', 'ca', '--log-dir', ok.logDir]);
    assert.equal(ca.code, 66);
    const daemon = await runCli(['monitor', 'start', '--daemon', '--config', ok.configPath, '--log-dir', ok.logDir]);
    assert.equal(daemon.code, 0, daemon.stderr);
    assert.equal((await runCli(['monitor', 'stop', '--log-dir', ok.logDir])).code, 0);
    const ca2 = await runCli(['monitor', 'ca', '--log-dir', ok.logDir]);
    assert.equal(ca2.code, 0);
    assert.match(ca2.stdout, /NODE_EXTRA_CA_CERTS=.*ca\.crt/);
    assert.match(ca2.stdout, /update-ca-certificates/);
    await chmod(join(ok.logDir, 'ca.key'), 0o644);
    const perms = await runCli(['monitor', 'start', '--config', ok.configPath, '--log-dir', ok.logDir]);
    assert.equal(perms.code, 74);
    assert.match(perms.stderr, /readable by group or others.*chmod 600/);
  });
});
