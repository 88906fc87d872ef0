// `clawguard report` end to end: real audit and egress on a temp state dir, a real threat log, and Security Center from the fake server.
import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { loadFixture, startFakeAliyun, type FakeAliyunServer } from '../test-support/aliyun-fake-server.js';
import { REPO_ROOT, makeTempDir, removeDir, runCli, writeTree } from '../test-support/cli.js';
import { parseSince } from './report.js';

function iso(msAgo: number): string {
  return new Date(Date.now() - msAgo).toISOString();
}

function threatLine(timestamp: string, dest: string): string {
  return JSON.stringify({ direction: 'outbound', protocol: 'https', threat_type: 'EXFIL', pattern: 'ai_api_key', snippet: 'x-api-key: sk-ant…(108, sha256:1a2b3c4d)', source: '127.0.0.1', dest, timestamp, ruleId: 'secret.anthropic-api-key', severity: 'critical', action: 'logged' });
}

describe('clawguard report', { timeout: 240_000 }, () => {
  let root: string;
  let server: FakeAliyunServer;

  before(async () => {
    root = makeTempDir('clawguard-report-');
    server = await startFakeAliyun();
    await writeTree(root, {
      'home/.aliyun/config.json': [JSON.stringify(loadFixture('aliyun-config.json')), 0o600],
      'state/openclaw.json': [JSON.stringify({ gateway: { bind: 'loopback', auth: { mode: 'token', token: 'x'.repeat(48) } } }), 0o600],
      'workspace/skills/weather/SKILL.md': '---\nname: weather\ndescription: weather\n---\nUse https://api.open-meteo.com/v1/forecast\n',
      'logs/threats.jsonl': [threatLine(iso(2 * 3600_000), 'evil.example:443'), threatLine(iso(3600_000), 'evil.example:443'), threatLine(iso(3 * 86_400_000), 'old.example:443'), '{"torn'].join('\n') + '\n',
    });
  });

  after(async () => {
    await server.close();
    await removeDir(root);
  });

  function report(args: string[], env: NodeJS.ProcessEnv = {}) {
    return runCli(['report', '--state-dir', join(root, 'state'), '--workspace', join(root, 'workspace'), '--monitor-log-dir', join(root, 'logs'), ...args], {
      env: { HOME: join(root, 'home'), CLAWGUARD_ALIYUN_BACKOFF_MS: '5', ...env },
      timeoutMs: 120_000,
    });
  }

  it('writes Markdown, JSON and a self-contained HTML page joining every section', async () => {
    const out = join(root, 'out');
    const r = await report(['--output-dir', out]);
    assert.equal(r.code, 2, r.stderr); // the monitor logged critical secret exfiltration
    const files = (await fs.readdir(out)).sort();
    assert.equal(files.length, 3);
    assert.match(files[0] ?? '', /^security_report_\d{8}\.html$/);
    const json = JSON.parse(await fs.readFile(join(out, files[1] as string), 'utf8')) as { summary: { threats: { total: number; topDestinations: Array<{ dest: string }> }; sections: Array<{ key: string; unavailable?: string; skipped?: boolean }> } };
    assert.equal(json.summary.threats.total, 2, 'only the last 24 hours; the torn line is skipped');
    assert.equal(json.summary.threats.topDestinations[0]?.dest, 'evil.example:443');
    assert.equal(json.summary.sections.find((s) => s.key === 'cloud')?.skipped, true);
    const html = await fs.readFile(join(out, files[0] as string), 'utf8');
    assert.ok(!/<script|<link|src="http|url\(http/i.test(html), 'no script and no external asset');
    assert.match(html, /<svg/);
    assert.match(r.stdout, /## 1\. Configuration audit/);
    assert.match(r.stdout, /## 3\. Monitor threats/);
  });

  it('joins forensics over the window (the forensics helper\'s recorded OpenClaw fixtures)', async () => {
    const state = join(REPO_ROOT, 'src/forensics/fixtures/state');
    const r = await runCli(['report', '--state-dir', state, '--workspace', join(root, 'workspace'), '--monitor-log-dir', join(root, 'logs'), '--since', '2026-01-01T00:00:00Z', '--json'], { env: { HOME: join(root, 'home') }, timeoutMs: 120_000 });
    const json = JSON.parse(r.stdout) as { sections: { forensics: { unavailable?: string; findings: Array<{ ruleId: string }> } } };
    assert.equal(json.sections.forensics.unavailable, undefined);
    assert.ok(json.sections.forensics.findings.some((f) => f.ruleId.startsWith('forensics.')), 'forensics findings are in the report');
    const empty = await report(['--json']);
    const forensics = (JSON.parse(empty.stdout) as { sections: { forensics: { unavailable?: string; findings: unknown[]; notes: string[] } } }).sections.forensics;
    assert.equal(forensics.unavailable, undefined);
    assert.deepEqual(forensics.findings, []);
  });

  it('--since widens the window', async () => {
    const r = await report(['--since', '7d', '--json']);
    const json = JSON.parse(r.stdout) as { summary: { threats: { total: number } } };
    assert.equal(json.summary.threats.total, 3);
  });

  it('--cloud adds the Security Center dimensions from the fake server', async () => {
    const r = await report(['--cloud', '--endpoint', server.url, '--json']);
    assert.equal(r.code, 2, r.stderr);
    const json = JSON.parse(r.stdout) as { cloud: { instances: unknown[]; vulns: unknown[]; baseline: unknown[]; alerts: unknown[] } };
    assert.deepEqual([json.cloud.instances.length, json.cloud.vulns.length, json.cloud.baseline.length, json.cloud.alerts.length], [2, 2, 3, 3]);
    assert.equal(server.calls('RunCommand').length, 0);
    assert.ok(!r.stdout.includes('test-secret-not-real') && !r.stdout.includes('LTAI_TEST_ONLY_0000'));
  });

  it('--cloud with Security Center not enabled reports it as not available and still writes the report', async () => {
    server.inject('not-enabled');
    try {
      const r = await report(['--cloud', '--endpoint', server.url]);
      assert.equal(r.code, 2, r.stderr);
      assert.match(r.stdout, /not available: Security Center is not enabled for this account/);
    } finally {
      server.reset();
    }
  });

  it('--cloud without credentials says so in the cloud section', async () => {
    const r = await report(['--cloud', '--endpoint', server.url], { HOME: join(root, 'nohome') });
    assert.match(r.stdout, /Alibaba Cloud Security Center \| - .*not available: No Alibaba Cloud credentials/);
  });

  it('rejects a bad --since (64)', async () => {
    const r = await report(['--since', 'yesterday-ish']);
    assert.equal(r.code, 64);
    assert.match(r.stderr, /neither a duration/);
  });
});

describe('parseSince', () => {
  const now = new Date('2026-01-02T12:00:00Z');
  for (const [input, expected] of [
    ['24h', '2026-01-01T12:00:00.000Z'],
    ['90m', '2026-01-02T10:30:00.000Z'],
    ['7d', '2025-12-26T12:00:00.000Z'],
    ['2026-01-02T00:00:00Z', '2026-01-02T00:00:00.000Z'],
  ]) {
    it(`${input} → ${expected}`, () => assert.equal(parseSince(input as string, now).toISOString(), expected));
  }
  for (const bad of ['0h', 'soon', '2027-01-01T00:00:00Z']) {
    it(`rejects ${bad}`, () => assert.throws(() => parseSince(bad, now)));
  }
});
