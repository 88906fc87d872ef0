import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { applySuppressions, loadSuppressions } from './suppressions.js';
import type { Finding } from './types.js';

const finding = (ruleId: string, file: string, fingerprint = 'abc'): Finding => ({
  ruleId, severity: 'critical', title: 't', message: 'm', area: 'a', location: { file }, fingerprint,
});

describe('suppressions', () => {
  const dir = makeTempDir();
  after(() => removeDir(dir));

  it('matches by rule, rule prefix, path glob and hash; keeps suppressed findings', () => {
    const rules = [
      { ruleId: 'secret.*', path: 'skills/**/test/*.py', reason: 'test fixtures' },
      { ruleId: 'exfil.paste-service', hash: 'feed', reason: 'reviewed' },
    ];
    const out = applySuppressions(
      [finding('secret.aws-access-key-id', 'skills/x/test/a.py'), finding('secret.aws-access-key-id', 'skills/x/a.py'), finding('exfil.paste-service', 'b.js', 'feed'), finding('exfil.paste-service', 'c.js', 'beef')],
      rules,
      'file',
    );
    assert.equal(out.active.length, 2);
    assert.equal(out.suppressed.length, 2);
    assert.equal(out.suppressed[0]?.suppressed?.reason, 'test fixtures');
  });

  it('ignores expired suppressions and reports them', () => {
    const out = applySuppressions([finding('x.y', 'f')], [{ ruleId: 'x.y', reason: 'old', expires: '2020-01-01' }], 'file', new Date('2026-01-01'));
    assert.equal(out.active.length, 1);
    assert.equal(out.expired.length, 1);
  });

  it('a suppression expiring today still applies today', () => {
    const out = applySuppressions([finding('x.y', 'f')], [{ ruleId: 'x.y', reason: 'r', expires: '2026-01-01' }], 'file', new Date('2026-01-01T18:00:00Z'));
    assert.equal(out.suppressed.length, 1);
  });

  it('requires a reason in the file', async () => {
    const file = join(dir, 's.json');
    await fs.writeFile(file, JSON.stringify({ suppressions: [{ ruleId: 'a.b' }] }));
    await assert.rejects(loadSuppressions(file), /needs a reason/);
    assert.deepEqual(await loadSuppressions(join(dir, 'missing.json')), []);
  });
});
