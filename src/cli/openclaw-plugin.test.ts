// The OpenClaw plugin (plugins/openclaw-clawguard): its entry has the definePluginEntry shape, and its collector
// runs clawguard (here a stand-in executable that prints a report) and maps findings to OpenClaw's shape.
import assert from 'node:assert/strict';
import { promises as fs, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { makeTempDir, REPO_ROOT, removeDir } from '../test-support/cli.js';

const PLUGIN_DIR = join(REPO_ROOT, 'plugins', 'openclaw-clawguard');

interface AuditFinding {
  checkId: string;
  severity: string;
  title: string;
  detail: string;
  remediation?: string;
}
type Collector = (ctx: Record<string, unknown>) => Promise<AuditFinding[]>;

const REPORT = {
  tool: 'clawguard',
  findings: [
    { ruleId: 'secret.openai-api-key', severity: 'critical', title: 'OpenAI API key in plaintext', message: 'models.providers.openai.apiKey holds a key.', area: 'secrets', location: { file: '/s/openclaw.json', line: 7, keyPath: 'models.providers.openai.apiKey' }, evidence: 'sk-p…(51, sha256:0a1b2c3d)', remediation: { text: 'Move it to a SecretRef.' } },
    { ruleId: 'gateway.bind_no_auth', severity: 'critical', title: 'Gateway binds beyond loopback without auth', message: 'm', area: 'gateway', openclawId: 'gateway.bind_no_auth' },
    { ruleId: 'audit.logs.secret-in-log', severity: 'high', title: 'Secret in a log file', message: 'A token appears in the gateway log.', area: 'logs', location: { file: '/tmp/openclaw/openclaw-2026-11-25.log', line: 3 } },
    { ruleId: 'audit.discovery.mdns-full', severity: 'info', title: 'mDNS full', message: 'm', area: 'network' },
  ],
  suppressed: [{ ruleId: 'secret.generic', severity: 'warning', title: 't', message: 'm', area: 'secrets' }],
  notes: [],
};

describe('OpenClaw plugin plugins/openclaw-clawguard', { timeout: 60_000 }, () => {
  let tmp: string;
  let plugin: { default: { id: string; name: string; description: string; register: unknown; securityAuditCollectors: Collector[] } };
  let collectorModule: { mapSeverity(s: string): string; mapReport(r: unknown, source: string, o?: { includeOpenClawChecks?: boolean }): AuditFinding[] };

  before(async () => {
    tmp = makeTempDir('clawguard-plugin-');
    plugin = await import(pathToFileURL(join(PLUGIN_DIR, 'index.js')).href);
    collectorModule = await import(pathToFileURL(join(PLUGIN_DIR, 'collector.js')).href);
  });
  after(async () => {
    await removeDir(tmp);
  });

  it('has a manifest whose id matches the entry, and a package.json pointing at the entry', () => {
    const manifest = JSON.parse(readFileSync(join(PLUGIN_DIR, 'openclaw.plugin.json'), 'utf8')) as { id: string; configSchema: { type: string } };
    const pkg = JSON.parse(readFileSync(join(PLUGIN_DIR, 'package.json'), 'utf8')) as { type: string; openclaw: { extensions: string[] } };
    assert.equal(manifest.id, plugin.default.id);
    assert.equal(manifest.configSchema.type, 'object');
    assert.equal(pkg.type, 'module');
    assert.deepEqual(pkg.openclaw.extensions, ['./index.js']);
    assert.equal(typeof plugin.default.register, 'function');
    assert.equal(plugin.default.securityAuditCollectors.length, 1);
  });

  const severities: Array<[string, string]> = [['critical', 'critical'], ['high', 'warn'], ['warning', 'warn'], ['info', 'info']];
  for (const [ours, theirs] of severities) {
    it(`maps severity ${ours} to OpenClaw ${theirs}`, () => assert.equal(collectorModule.mapSeverity(ours), theirs));
  }

  it('maps findings under clawguard.<rule id>, skips OpenClaw-native checks, and counts suppressed', () => {
    const mapped = collectorModule.mapReport(REPORT, 'audit');
    const ids = mapped.map((f) => f.checkId);
    assert.deepEqual(ids, ['clawguard.secret.openai-api-key', 'clawguard.audit.logs.secret-in-log', 'clawguard.audit.discovery.mdns-full', 'clawguard.audit.suppressed']);
    const key = mapped[0] as AuditFinding;
    assert.equal(key.severity, 'critical');
    assert.match(key.detail, /Location: \/s\/openclaw\.json:7, key models\.providers\.openai\.apiKey/);
    assert.match(key.detail, /Evidence: sk-p…\(51, sha256:0a1b2c3d\)/);
    assert.equal(key.remediation, 'Move it to a SecretRef.');
    assert.match((mapped[3] as AuditFinding).title, /1 finding suppressed/);
    const all = collectorModule.mapReport(REPORT, 'audit', { includeOpenClawChecks: true }).map((f) => f.checkId);
    assert.ok(all.includes('clawguard.gateway.bind_no_auth'));
  });

  async function fakeClawguard(script: string): Promise<string> {
    const bin = join(tmp, `clawguard-${Math.random().toString(36).slice(2)}`);
    await fs.writeFile(bin, `#!${process.execPath}\n${script}\n`, { mode: 0o755 });
    return bin;
  }

  it('runs audit and egress scan with the state dir, config and workspace it is given', async () => {
    const log = join(tmp, 'calls.log');
    const bin = await fakeClawguard(`require('node:fs').appendFileSync(${JSON.stringify(log)}, JSON.stringify(process.argv.slice(2)) + '\\n');\nprocess.stdout.write(${JSON.stringify(JSON.stringify(REPORT))});\nprocess.exitCode = 2;`);
    const state = join(tmp, 'state');
    await fs.mkdir(join(state, 'workspace'), { recursive: true });
    const collector = plugin.default.securityAuditCollectors[0] as Collector;
    const findings = await collector({ config: { plugins: { entries: { clawguard: { config: { command: bin } } } } }, env: {}, stateDir: state, configPath: join(state, 'openclaw.json') });
    const calls = readFileSync(log, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as string[]).sort();
    assert.deepEqual(calls, [
      ['audit', '--json', '--state-dir', state, '--config', join(state, 'openclaw.json')],
      ['egress', 'scan', '--json', '--workspace', join(state, 'workspace')],
    ]);
    assert.equal(findings.filter((f) => f.checkId === 'clawguard.secret.openai-api-key').length, 2, 'one per run');
  });

  const failures: Array<{ name: string; script?: string; command?: string; timeoutMs?: number; checkId: string; detail: RegExp }> = [
    { name: 'reports a missing clawguard as one warn finding', command: '/nonexistent/clawguard', checkId: 'clawguard.not_installed', detail: /ENOENT/ },
    { name: 'reports a run that exits with an error code', script: "process.stderr.write('clawguard: Cannot parse openclaw.json (line 3)\\n'); process.exitCode = 78;", checkId: 'clawguard.audit.failed', detail: /exited with code 78: clawguard: Cannot parse openclaw\.json \(line 3\)/ },
    { name: 'reports output that is not JSON', script: "process.stdout.write('hello');", checkId: 'clawguard.audit.failed', detail: /output was not JSON/ },
    { name: 'stops a run that exceeds timeoutMs', script: 'setTimeout(() => {}, 60000);', timeoutMs: 1000, checkId: 'clawguard.audit.timeout', detail: /stopped after 1000 ms/ },
  ];
  for (const c of failures) {
    it(c.name, async () => {
      const command = c.command ?? (await fakeClawguard(c.script ?? ''));
      const collector = plugin.default.securityAuditCollectors[0] as Collector;
      const started = Date.now();
      const findings = await collector({ config: { plugins: { entries: { clawguard: { config: { command, egress: false, timeoutMs: c.timeoutMs } } } } }, env: {}, stateDir: join(tmp, 'nostate') });
      assert.ok(Date.now() - started < 20_000, 'bounded');
      assert.equal(findings.length, 1, JSON.stringify(findings));
      assert.equal(findings[0]?.checkId, c.checkId);
      assert.equal(findings[0]?.severity, 'warn');
      assert.match(findings[0]?.detail ?? '', c.detail);
    });
  }
});
