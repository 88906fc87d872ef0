// The daily report as a pure function: sections joined, threats windowed and grouped, unavailable sections honest, output escaped.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildDailyReport, threatFindings } from './build.js';
import { NOW, SINCE, XSS, sampleInputs, threat } from './fixtures.js';
import type { CloudInput } from './types.js';

const cloud: CloudInput = {
  region: 'cn-shanghai',
  instances: [{ instanceName: 'openclaw-prod-01', ip: '47.100.10.11', name: 'openclaw', version: '2026.1.5', listenIp: '0.0.0.0', port: '18789' }],
  vulns: [{ title: 'OpenClaw RCE', necessity: 'asap', instanceName: 'openclaw-prod-01' }],
  baseline: [
    { riskName: 'OpenClaw baseline', high: 2, medium: 1, low: 0, atRisk: true },
    { riskName: 'CIS', high: 0, medium: 0, low: 3, atRisk: false },
  ],
  alerts: [{ name: 'Malicious skill', level: 'serious', instanceName: 'openclaw-prod-01' }],
  findings: [{ ruleId: 'cloud.sas.alert', severity: 'critical', area: 'cloud', title: 'Malicious skill on openclaw-prod-01', message: 'x' }],
  errors: {},
  notes: [],
};

describe('buildDailyReport', () => {
  it('joins every section and counts findings by severity and area', () => {
    const r = buildDailyReport(sampleInputs());
    // audit 2 + egress 1 + monitor groups (api.evil 1 group, paste 1, xss 1) = 6
    assert.equal(r.findings.length, 6);
    assert.deepEqual(r.summary.bySeverity, { critical: 3, high: 2, warning: 1, info: 0 });
    assert.equal(r.summary.status, 'critical');
    assert.deepEqual(r.summary.byArea[0], { area: 'monitor', count: 3 });
    assert.equal(r.suppressed.length, 1);
    assert.equal(r.name, 'security_report_20260102');
  });

  it('keeps only threats inside the window and buckets them by hour', () => {
    const r = buildDailyReport(sampleInputs());
    assert.equal(r.summary.threats.total, 4, 'the 2025-12-30 record is outside the 24 h window');
    assert.equal(r.summary.threats.timeline.length, 24);
    assert.equal(r.summary.threats.timeline.reduce((a, b) => a + b.count, 0), 4);
    assert.equal(r.summary.threats.timeline[23]?.count, 2, '11:10 and 11:20 fall in the last hour');
    assert.deepEqual(r.summary.threats.topDestinations[0], { dest: 'api.evil.example:443', count: 2 });
    assert.equal(r.summary.threats.blocked, 1);
    assert.deepEqual(r.summary.threats.byType, { EXFIL: 3, INJECTION: 1 });
  });

  it('says "not available" with the reason instead of inventing data', () => {
    const r = buildDailyReport(sampleInputs());
    const forensics = r.summary.sections.find((s) => s.key === 'forensics');
    assert.equal(forensics?.unavailable, 'no session logs under /home/u/.openclaw/agents');
    assert.match(r.markdown, /Not available: no session logs under \/home\/u\/\.openclaw\/agents/);
    assert.match(r.html, /Not available: no session logs/);
    const cloudRow = r.summary.sections.find((s) => s.key === 'cloud');
    assert.equal(cloudRow?.skipped, true);
    assert.match(r.markdown, /Alibaba Cloud Security Center \| - .*not requested/);
  });

  it('adds the Security Center dimensions with --cloud', () => {
    const r = buildDailyReport(sampleInputs({ cloud }));
    assert.match(r.markdown, /Unfixed vulnerabilities \| 1 \| 🔴 at risk/);
    assert.match(r.markdown, /Baseline risks \| 1\/2 \| 🔴 at risk/);
    assert.match(r.markdown, /\*\*Malicious skill\*\* @ openclaw-prod-01 \(level: serious\)/);
    assert.ok(r.findings.some((f) => f.ruleId === 'cloud.sas.alert'));
    assert.deepEqual((r.json.cloud as CloudInput).region, 'cn-shanghai');
  });

  it('reports a failed cloud fetch honestly', () => {
    const r = buildDailyReport(sampleInputs({ cloud: { unavailable: 'Security Center is not enabled for this account' } }));
    assert.match(r.markdown, /Not available: Security Center is not enabled/);
    assert.equal(r.summary.sections.find((s) => s.key === 'cloud')?.unavailable, 'Security Center is not enabled for this account');
  });

  it('is clean with no findings and no threats', () => {
    const empty = { findings: [], suppressed: [], notes: [] };
    const r = buildDailyReport({ generatedAt: NOW, since: SINCE, audit: empty, egress: empty, forensics: empty, threats: { records: [], notes: [] } });
    assert.equal(r.summary.status, 'clean');
    assert.match(r.markdown, /Current state is good/);
    assert.match(r.html, /No threat in the window/);
  });

  it('escapes hostile strings in Markdown and HTML', () => {
    const r = buildDailyReport(sampleInputs());
    assert.ok(!r.html.includes('<script>'), 'no raw <script> in HTML');
    assert.ok(!r.html.includes('<img src=x'), 'no raw <img> in HTML');
    assert.ok(r.html.includes('&lt;script&gt;'));
    assert.ok(!r.markdown.includes('<script>'), 'no raw <script> in Markdown');
    assert.ok(!/\bsrc=["']?https?:/i.test(r.html), 'no external src attribute');
    assert.ok(!/<link\b/i.test(r.html));
    assert.ok(r.html.includes(`default-src 'none'`));
    // JSON keeps the raw value: consumers escape for their own medium.
    assert.ok(JSON.stringify(r.json).includes('onerror'));
    void XSS;
  });
});

describe('Markdown escaping', () => {
  it('shows control characters from logged snippets instead of emitting them', () => {
    const r = buildDailyReport(sampleInputs({ threats: { records: [threat('2026-01-02T11:00:00Z', 'x\u001b[31m.example:443')], notes: [] } }));
    assert.ok(!r.markdown.includes('\u001b'));
    // Rendered, the Markdown shows `x\x1b[31m.example:443`.
    assert.ok(r.markdown.includes('x\\\\x1b\\[31m.example:443'));
  });
});

describe('threatFindings', () => {
  it('groups by rule, destination and direction, keeping the worst severity and the last time', () => {
    const f = threatFindings([
      threat('2026-01-02T01:00:00Z', 'a:443', { severity: 'high' }),
      threat('2026-01-02T02:00:00Z', 'a:443', { severity: 'critical', action: 'blocked' }),
      threat('2026-01-02T03:00:00Z', 'b:443'),
    ]);
    assert.equal(f.length, 2);
    const a = f.find((x) => x.location?.endpoint === 'a:443');
    assert.equal(a?.severity, 'critical');
    assert.match(a?.message ?? '', /2 detection\(s\).*last at 2026-01-02T02:00:00Z, 1 blocked/);
    assert.equal(a?.ruleId, 'secret.anthropic-api-key');
  });

  it('falls back to monitor.<pattern> and a high severity for records without rule or severity', () => {
    const [f] = threatFindings([{ direction: 'inbound', threat_type: 'INJECTION', pattern: 'reverse_shell', dest: 'x:80', timestamp: '2026-01-02T01:00:00Z' }]);
    assert.equal(f?.ruleId, 'monitor.reverse_shell');
    assert.equal(f?.severity, 'high');
  });
});
