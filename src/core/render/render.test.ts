import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import AjvModule from 'ajv-draft-04';
import { createReport } from '../report.js';
import type { Finding } from '../types.js';
import { renderJson, renderMarkdown, renderSarif, renderText } from './index.js';

const require = createRequire(import.meta.url);
const schemaPath = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const findings: Finding[] = [
  { ruleId: 'gateway.bind_no_auth', severity: 'critical', title: 'Gateway binds beyond loopback without auth', message: 'bind=lan', area: 'gateway', location: { keyPath: 'gateway.bind' }, remediation: { text: 'Set gateway.auth.token', autoFix: 'audit --fix' } },
  { ruleId: 'secret.github-pat', severity: 'critical', title: 'GitHub token', message: 'in a skill', area: 'secrets', location: { file: 'skills/a b/x.py', line: 3, column: 5 }, evidence: 'ghp_01…(40, sha256:1234abcd)', fingerprint: 'ff' },
  { ruleId: 'network.python-requests', severity: 'high', title: 'Network call', message: '| pipe', area: 'network', location: { file: 'skills/a/y.py', line: 1 } },
  { ruleId: 'summary.attack_surface', severity: 'info', title: 'Attack surface', message: '', area: 'summary' },
];
const suppressed: Finding[] = [{ ...findings[2]!, suppressed: { reason: 'vendor SDK', source: 'x' } } as Finding];
const report = createReport('audit', { target: '/tmp/state', findings, suppressed, notes: ['probe skipped'] });

describe('renderers', () => {
  it('SARIF validates against the official 2.1.0 schema', () => {
    const Ajv = (AjvModule as unknown as { default: typeof AjvModule }).default ?? AjvModule;
    const ajv = new (Ajv as unknown as new (o: object) => import('ajv').default)({ allErrors: true, strict: false, unicodeRegExp: false });
    const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, 'utf8')));
    const sarif = JSON.parse(renderSarif(report)) as { runs: Array<{ results: Array<{ suppressions?: unknown }> }> };
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
    assert.equal(sarif.runs[0].results.length, 5);
    assert.equal(sarif.runs[0].results.filter((r: { suppressions?: unknown }) => r.suppressions).length, 1);
  });

  it('JSON counts suppressed findings in the summary', () => {
    const json = JSON.parse(renderJson(report));
    assert.deepEqual(json.summary, { critical: 2, high: 1, warning: 0, info: 1, suppressed: 1 });
    assert.equal(json.suppressed[0].suppressed.reason, 'vendor SDK');
  });

  it('text groups by area, shows suppressed and has no colour when asked', () => {
    const text = renderText(report, { color: false });
    assert.doesNotMatch(text, /\u001b\[/);
    assert.match(text, /gateway[\s\S]*CRITICAL gateway.bind_no_auth/);
    assert.match(text, /suppressed[\s\S]*vendor SDK/);
    assert.match(text, /Summary: 2 critical, 1 high, 0 warning, 1 info; 1 suppressed/);
  });

  it('text is coloured when asked', () => assert.match(renderText(report, { color: true }), /\u001b\[/));

  it('Markdown escapes table pipes', () => {
    const md = renderMarkdown(report);
    assert.match(md, /\\\| pipe/);
    assert.match(md, /\| critical \| 2 \|/);
  });
});
