// The audit through the CLI child process on real state dirs: one table of fixtures (positive and negative per check), fix/undo/dry-run, config errors, parity with docs.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, promises as fs } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import JSON5 from 'json5';
import { loadOpenClawConfig } from '../core/openclaw/config.js';
import type { Finding } from '../core/types.js';
import { makeTempDir, removeDir, REPO_ROOT, runCli, writeTree } from '../test-support/cli.js';
import { validateAgainstSchema } from './checks/hardening.js';
import { CHECKS } from './checks/index.js';
import { renderCheckDoc, renderCheckTable, TABLE_END, TABLE_START } from './docs.js';
import { AUDIT_FIXTURES, FAKE, type AuditFixture } from './fixtures.js';
import { materialiseFixture } from './fixtures-materialise.js';

interface AuditJson {
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
  fix?: { dryRun: boolean; backupDir?: string; actions: Array<{ checkId: string; action: string; path: string; status: string; detail?: string }>; diff?: string };
}

const roots: string[] = [];
after(async () => {
  await Promise.all(roots.map((r) => removeDir(r)));
});

/** The check a finding came from (templated ids like tools.elevated.allowFrom.<ch>.wildcard map through the doc page). */
function checkOf(f: Finding): string {
  return f.docs?.replace(/^docs\/rules\//, '').replace(/\.md$/, '') ?? f.ruleId;
}

async function audit(fixture: AuditFixture, extra: string[] = []): Promise<{ code: number | null; json: AuditJson; stdout: string; stderr: string; root: string; stateDir: string; env: Record<string, string> }> {
  const root = makeTempDir('clawguard-audit-');
  roots.push(root);
  const m = await materialiseFixture(fixture, root);
  const res = await runCli(['audit', '--json', ...m.args, ...extra], { env: m.env });
  let json: AuditJson;
  try {
    json = JSON.parse(res.stdout) as AuditJson;
  } catch {
    throw new Error(`audit of ${fixture.name} printed no JSON (exit ${res.code}): ${res.stderr.slice(0, 400)}`);
  }
  return { ...res, json, root, stateDir: m.stateDir, env: m.env };
}

function expectedExit(findings: readonly Finding[]): number {
  if (findings.some((f) => f.severity === 'critical')) return 2;
  if (findings.some((f) => f.severity === 'warning' || f.severity === 'high')) return 1;
  return 0;
}

const fired = new Map<string, Set<string>>();

describe('audit fixtures (CLI child process, real files and modes)', { concurrency: 4 }, () => {
  for (const fixture of AUDIT_FIXTURES) {
    it(`${fixture.name}: reports ${fixture.expect.map((e) => e.id).join(', ') || 'nothing beyond info'}${fixture.absent?.length ? `; not ${fixture.absent.length} others` : ''}`, async () => {
      const { code, json } = await audit(fixture);
      const got = new Map<string, Finding[]>();
      for (const f of json.findings) got.set(checkOf(f), [...(got.get(checkOf(f)) ?? []), f]);
      fired.set(fixture.name, new Set(got.keys()));
      for (const e of fixture.expect) {
        const hits = got.get(e.id);
        assert.ok(hits?.length, `${fixture.name}: expected ${e.id}; got ${[...got.keys()].join(', ')}`);
        if (e.severity) assert.ok(hits.some((h) => h.severity === e.severity), `${fixture.name}: ${e.id} severity ${hits.map((h) => h.severity).join('/')} != ${e.severity}`);
      }
      for (const id of fixture.absent ?? []) assert.ok(!got.has(id), `${fixture.name}: ${id} must not fire: ${got.get(id)?.[0]?.message}`);
      assert.equal(code, expectedExit(json.findings), `${fixture.name}: exit code`);
      // Nothing in the output may carry a fake secret in clear.
      for (const secret of Object.values(FAKE)) assert.ok(!JSON.stringify(json).includes(secret), `${fixture.name}: ${secret.slice(0, 8)}… printed in clear`);
    });
  }
});

describe('check parity', () => {
  it('every check has a positive fixture, a negative fixture and a doc page', () => {
    const positive = new Set(AUDIT_FIXTURES.flatMap((f) => f.expect.map((e) => e.id)));
    const negative = new Set(AUDIT_FIXTURES.flatMap((f) => f.absent ?? []));
    const baselineFired = fired.get('secure-baseline');
    const missing: string[] = [];
    for (const check of CHECKS) {
      if (check.deep) continue;
      if (!positive.has(check.id)) missing.push(`${check.id}: no positive case`);
      const negativeOk = negative.has(check.id) || (baselineFired !== undefined && !baselineFired.has(check.id)) || check.id === 'summary.attack_surface';
      if (!negativeOk) missing.push(`${check.id}: no negative case`);
      if (!existsSync(join(REPO_ROOT, 'docs', 'rules', `${check.id}.md`))) missing.push(`${check.id}: no docs/rules page`);
    }
    assert.deepEqual(missing, []);
  });

  it('docs/rules/<id>.md and the table in docs/audit.md match the check data (UPDATE_DOCS=1 rewrites them)', async () => {
    const update = process.env.UPDATE_DOCS === '1';
    const stale: string[] = [];
    await fs.mkdir(join(REPO_ROOT, 'docs', 'rules'), { recursive: true });
    for (const check of CHECKS) {
      const path = join(REPO_ROOT, 'docs', 'rules', `${check.id}.md`);
      const want = renderCheckDoc(check);
      if (update) await fs.writeFile(path, want);
      else if (!existsSync(path) || (await fs.readFile(path, 'utf8')) !== want) stale.push(path);
    }
    const auditMd = join(REPO_ROOT, 'docs', 'audit.md');
    const doc = await fs.readFile(auditMd, 'utf8');
    const start = doc.indexOf(TABLE_START);
    const end = doc.indexOf(TABLE_END);
    assert.ok(start >= 0 && end > start, 'docs/audit.md lacks the generated table markers');
    const next = `${doc.slice(0, start)}${renderCheckTable()}${doc.slice(end + TABLE_END.length)}`;
    if (update) await fs.writeFile(auditMd, next);
    else if (next !== doc) stale.push(auditMd);
    assert.deepEqual(stale, [], 'run UPDATE_DOCS=1 npm test (or node --import tsx --test src/audit/audit.test.ts) to refresh');
  });

  it('check ids are unique and documented in docs/audit.md', async () => {
    const ids = CHECKS.map((c) => c.id);
    assert.equal(new Set(ids).size, ids.length);
    const doc = await fs.readFile(join(REPO_ROOT, 'docs', 'audit.md'), 'utf8');
    for (const id of ids) assert.ok(doc.includes(`\`${id}\``), `docs/audit.md lacks ${id}`);
  });
});

async function treeHash(dir: string): Promise<string> {
  const h = createHash('sha256');
  const walk = async (d: string) => {
    for (const e of (await fs.readdir(d, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(d, e.name);
      const st = await fs.lstat(full);
      h.update(`${full}:${st.mode}\n`);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile()) h.update(await fs.readFile(full));
    }
  };
  await walk(dir);
  return h.digest('hex');
}

const CHANNELS_WITH_COMMENT = `// channels: the comment must survive --fix
{
  channels: {
    telegram: {
      enabled: true,
      botToken: "\${TELEGRAM_BOT_TOKEN}", // from the environment
      dmPolicy: "pairing",
      groupPolicy: "open",
      accounts: { work: { groupPolicy: "open" } },
    },
  },
}
`;

const FIX_FIXTURE: AuditFixture = {
  name: 'fix-target',
  config: { $include: './channels.json5', discovery: { mdns: { mode: 'full' } }, gateway: { auth: { token: 'changeme' } } },
  configMode: 0o644,
  dirModes: { state: 0o755, 'state/credentials': 0o755, 'state/credentials/whatsapp': 0o755 },
  files: {
    'state/channels.json5': [CHANNELS_WITH_COMMENT, 0o644],
    'state/credentials/whatsapp/creds.json': ['{"registrationId": 7}\n', 0o644],
    'state/agents/main/sessions/s1.jsonl': ['{"type":"session"}\n', 0o644],
    'state/logs/openclaw.log': ['{"msg":"x"}\n', 0o644],
  },
  env: { TELEGRAM_BOT_TOKEN: FAKE.telegram },
  expect: [],
};

describe('audit --fix', () => {
  it('edits JSON5 in the owning file keeping comments, tightens modes, writes a strong token, and a second run reports only already', async () => {
    const first = await audit(FIX_FIXTURE, ['--fix']);
    const actions = first.json.fix?.actions ?? [];
    const applied = actions.filter((a) => a.status === 'applied').map((a) => a.action);
    assert.ok(applied.includes('set channels.telegram.groupPolicy = "allowlist"'), applied.join('\n'));
    assert.ok(applied.includes('set channels.telegram.accounts.work.groupPolicy = "allowlist"'));
    assert.ok(applied.includes('set discovery.mdns.mode = "minimal"'));
    assert.ok(applied.some((a) => a === 'set gateway.auth.token'));
    for (const p of ['credentials/whatsapp/creds.json', 'agents/main/sessions/s1.jsonl', 'logs/openclaw.log', 'channels.json5', 'openclaw.json']) {
      const st = await fs.stat(join(first.stateDir, p));
      assert.equal(st.mode & 0o777, 0o600, `${p} mode ${(st.mode & 0o777).toString(8)}`);
    }
    for (const d of ['', 'credentials', 'credentials/whatsapp']) assert.equal((await fs.stat(join(first.stateDir, d))).mode & 0o777, 0o700, `dir ${d}`);
    const channels = await fs.readFile(join(first.stateDir, 'channels.json5'), 'utf8');
    assert.match(channels, /\/\/ channels: the comment must survive --fix/);
    assert.match(channels, /\/\/ from the environment/);
    const config = JSON5.parse(await fs.readFile(join(first.stateDir, 'openclaw.json'), 'utf8')) as { gateway: { auth: { token: string } } };
    assert.match(config.gateway.auth.token, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(!first.stdout.includes(config.gateway.auth.token), 'the generated token must never be printed');
    const tokenAction = actions.find((a) => a.action === 'set gateway.auth.token');
    assert.match(tokenAction?.detail ?? '', /written to .*openclaw\.json/);
    assert.ok(first.json.fix?.backupDir);
    // Post-fix report: the fixed findings are gone.
    const ids = new Set(first.json.findings.map(checkOf));
    for (const gone of ['audit.secrets.config-plaintext', 'discovery.mdns_full_mode', 'gateway.token_placeholder_value', 'fs.config.perms_world_readable', 'audit.fs.credential-files-perms', 'fs.state_dir.perms_readable']) assert.ok(!ids.has(gone), `${gone} still reported after --fix`);
    // No fix may make the config invalid for the installed OpenClaw.
    const merged = { ...(config as object), ...JSON5.parse(channels) };
    assert.deepEqual(validateAgainstSchema(merged as never), []);

    const second = await runCli(['audit', '--json', '--fix', '--state-dir', first.stateDir, '--log-dir', join(first.root, 'tmp-openclaw')], { env: first.env });
    const again = (JSON.parse(second.stdout) as AuditJson).fix?.actions ?? [];
    assert.ok(again.length > 0);
    assert.deepEqual(
      again.filter((a) => a.status !== 'already' && a.status !== 'skipped:missing'),
      [],
    );

    // --undo restores the content and modes from before the first fix.
    const undo = await runCli(['audit', '--undo', '--state-dir', first.stateDir], { env: first.env });
    assert.equal(undo.code, 0, undo.stderr);
    assert.equal(await fs.readFile(join(first.stateDir, 'channels.json5'), 'utf8'), CHANNELS_WITH_COMMENT);
    assert.equal((await fs.stat(join(first.stateDir, 'openclaw.json'))).mode & 0o777, 0o644);
    assert.equal((await fs.stat(join(first.stateDir, 'credentials/whatsapp/creds.json'))).mode & 0o777, 0o644);
    assert.match(await fs.readFile(join(first.stateDir, 'openclaw.json'), 'utf8'), /"changeme"/);
  });

  it('never makes a config invalid for the installed OpenClaw, on any fixture it accepts', async () => {
    const valid = AUDIT_FIXTURES.filter((f) => f.openclawValid !== false && f.configText !== null);
    const queue = [...valid];
    const worker = async () => {
      for (let fixture = queue.shift(); fixture; fixture = queue.shift()) await checkOne(fixture);
    };
    const checkOne = async (fixture: AuditFixture) => {
        const root = makeTempDir('clawguard-audit-');
        roots.push(root);
        const m = await materialiseFixture(fixture, root);
        const before = validateAgainstSchema((await loadOpenClawConfig(join(m.stateDir, 'openclaw.json'))).config).map((i) => i.path);
        const res = await runCli(['audit', '--fix', '--json', ...m.args], { env: m.env, timeoutMs: 120_000 });
        assert.ok(res.stdout.trim().startsWith('{'), `${fixture.name}: no JSON (exit ${res.code}): ${res.stderr.slice(0, 300)}`);
        const actions = (JSON.parse(res.stdout) as AuditJson).fix?.actions ?? [];
        assert.ok(!actions.some((a) => a.status.startsWith('failed')), `${fixture.name}: ${JSON.stringify(actions.filter((a) => a.status.startsWith('failed')))}`);
        const after = validateAgainstSchema((await loadOpenClawConfig(join(m.stateDir, 'openclaw.json'))).config).map((i) => i.path);
        assert.deepEqual(after, before, `${fixture.name}: --fix introduced ${after.filter((p) => !before.includes(p)).join(', ')}`);
    };
    await Promise.all([worker(), worker(), worker()]);
  });

  it('--dry-run prints a redacted diff and changes nothing', async () => {
    const fixture: AuditFixture = { ...FIX_FIXTURE, config: { ...FIX_FIXTURE.config, models: { providers: { anthropic: { baseUrl: 'https://api.anthropic.com', apiKey: FAKE.anthropic, models: [] } } } } };
    const root = makeTempDir('clawguard-audit-');
    roots.push(root);
    const m = await materialiseFixture(fixture, root);
    const before = await treeHash(root);
    const res = await runCli(['audit', '--fix', '--dry-run', ...m.args], { env: m.env });
    assert.equal(await treeHash(root), before, 'dry run changed files');
    assert.match(res.stdout, /dry run: nothing was changed/);
    assert.match(res.stdout, /^-\s+"mode": "full"/m);
    assert.match(res.stdout, /^\+\s+"mode": "minimal"/m);
    assert.match(res.stdout, /^\+\s+"token": "[A-Za-z0-9_-]{0,6}…\(43, sha256:[0-9a-f]{8}\)"/m);
    assert.ok(!res.stdout.includes(FAKE.anthropic), 'plaintext key in the diff context');
    assert.ok(!existsSync(join(m.stateDir, '.clawguard-backups')));
  });

  it('--undo without a backup says so and exits 66', async () => {
    const root = makeTempDir('clawguard-audit-');
    roots.push(root);
    await writeTree(root, { 'state/openclaw.json': '{}' });
    const res = await runCli(['audit', '--undo', '--state-dir', join(root, 'state')], { env: { HOME: root } });
    assert.equal(res.code, 66);
    assert.match(res.stderr, /no `audit --fix` backup/);
  });
});

describe('audit errors and suppressions', () => {
  const cases: Array<{ name: string; text: string; where: RegExp }> = [
    { name: 'a trailing garbage token', text: '{\n  gateway: { bind: "lan" }\n}}\n', where: /openclaw\.json:3:2/ },
    { name: 'an unterminated string', text: '{\n  gateway: {\n    bind: "lan\n  }\n}\n', where: /openclaw\.json:\d+:\d+: invalid character/ },
  ];
  for (const c of cases) {
    it(`exits 78 with file:line:column and no stack for ${c.name}`, async () => {
      const root = makeTempDir('clawguard-audit-');
      roots.push(root);
      await writeTree(root, { 'state/openclaw.json': c.text });
      const res = await runCli(['audit', '--state-dir', join(root, 'state')], { env: { HOME: root } });
      assert.equal(res.code, 78);
      assert.match(res.stderr, c.where);
      assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
      assert.doesNotMatch(res.stderr, /\n\s+at /);
    });
  }

  it('exits 64 on --dry-run without --fix', async () => {
    const res = await runCli(['audit', '--dry-run', '--state-dir', '/nonexistent']);
    assert.equal(res.code, 64);
  });

  it('exits 66 with one line when an explicitly named state dir or config does not exist', async () => {
    for (const args of [['--state-dir', '/nonexistent-clawguard-state'], ['--config', '/nonexistent-clawguard.json']]) {
      const res = await runCli(['audit', ...args]);
      assert.equal(res.code, 66, res.stderr);
      assert.equal(res.stderr.trim().split('\n').length, 1, res.stderr);
      assert.match(res.stderr, /nonexistent-clawguard/);
      assert.equal(res.stdout, '');
    }
  });

  it('keeps findings matched by .clawguard-suppressions.json, counted and with their reason', async () => {
    const fixture: AuditFixture = {
      name: 'suppressed-file',
      config: { gateway: { trustedProxies: null } },
      files: { 'state/.clawguard-suppressions.json': JSON.stringify({ suppressions: [{ ruleId: 'gateway.trusted_proxies_missing', reason: 'local only', expires: '2999-01-01' }] }) },
      expect: [],
    };
    const { json, code } = await audit(fixture);
    assert.ok(!json.findings.some((f) => f.ruleId === 'gateway.trusted_proxies_missing'));
    const s = json.suppressed.find((f) => f.ruleId === 'gateway.trusted_proxies_missing');
    assert.equal(s?.suppressed?.reason, 'local only');
    assert.equal(code, 0);
  });

  it('prints text with the summary line and the suppressed count', async () => {
    const root = makeTempDir('clawguard-audit-');
    roots.push(root);
    const m = await materialiseFixture(AUDIT_FIXTURES.find((f) => f.name === 'suppressions') as AuditFixture, root);
    const res = await runCli(['audit', ...m.args], { env: m.env });
    assert.match(res.stdout, /Summary: 0 critical, 0 high, 1 warning, \d+ info; 1 suppressed/);
    assert.match(res.stdout, /gateway\.trusted_proxies_missing .*Control UI never leaves this host/);
  });
});
