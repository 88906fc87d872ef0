import assert from 'node:assert/strict';
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { appendThreat, readThreats, threatLogPath, type ThreatRecord } from './threat-log.js';

const dirs: string[] = [];
after(async () => {
  for (const d of dirs) await removeDir(d);
});

function rec(i: number, extra: Partial<ThreatRecord> = {}): ThreatRecord {
  return {
    direction: 'outbound',
    protocol: 'https',
    threat_type: 'EXFIL',
    pattern: 'ai_api_key',
    snippet: `Authorization: Bearer sk-ant-…(108, sha256:0011aabb) #${i}`,
    source: '127.0.0.1',
    dest: 'api.anthropic.com:443',
    timestamp: new Date(Date.UTC(2026, 1, 19, 13, 0, i)).toISOString(),
    ...extra,
  };
}

describe('threat log', () => {
  it('appends records with the seed fields and reads them back newest last', async () => {
    const dir = await makeTempDir('threatlog-');
    dirs.push(dir);
    const logDir = join(dir, 'nested', 'clawsec');
    for (let i = 0; i < 5; i++) await appendThreat(logDir, rec(i, i === 4 ? { action: 'blocked', ruleId: 'secret.anthropic-api-key', severity: 'critical' } : {}));
    const all = await readThreats(logDir);
    assert.equal(all.length, 5);
    assert.deepEqual(all.map((r) => r.snippet.slice(-2)), ['#0', '#1', '#2', '#3', '#4']);
    assert.equal(all[4]?.action, 'blocked');
    assert.equal(all[4]?.ruleId, 'secret.anthropic-api-key');
    const first = JSON.parse((await readFile(threatLogPath(logDir), 'utf8')).split('\n')[0] ?? '');
    assert.deepEqual(Object.keys(first), ['direction', 'protocol', 'threat_type', 'pattern', 'snippet', 'source', 'dest', 'timestamp']);
    assert.equal((await stat(threatLogPath(logDir))).mode & 0o777, 0o600);
  });

  it('filters by limit, since and until', async () => {
    const dir = await makeTempDir('threatlog-');
    dirs.push(dir);
    for (let i = 0; i < 30; i++) await appendThreat(dir, rec(i));
    assert.deepEqual((await readThreats(dir, { limit: 3 })).map((r) => r.timestamp.slice(17, 19)), ['27', '28', '29']);
    const window = await readThreats(dir, { since: '2026-02-19T13:00:10Z', until: new Date(Date.UTC(2026, 1, 19, 13, 0, 12)) });
    assert.equal(window.length, 3);
    assert.equal((await readThreats(dir, { limit: 0 })).length, 0);
    await assert.rejects(readThreats(dir, { since: 'yesterday-ish' }), /Invalid since time/);
    await assert.rejects(readThreats(dir, { limit: -1 }), /Invalid threat limit/);
  });

  it('skips corrupt and torn lines and treats a missing log as empty', async () => {
    const dir = await makeTempDir('threatlog-');
    dirs.push(dir);
    assert.deepEqual(await readThreats(dir), []);
    await writeFile(threatLogPath(dir), '');
    await appendThreat(dir, rec(1));
    await appendFile(threatLogPath(dir), 'not json\n{"direction":"sideways"}\n\n');
    await appendThreat(dir, rec(2));
    await appendFile(threatLogPath(dir), '{"direction":"outbound","proto');
    const got = await readThreats(dir);
    assert.equal(got.length, 2);
  });

  it('clips snippets to 200 characters on one line', async () => {
    const dir = await makeTempDir('threatlog-');
    dirs.push(dir);
    await appendThreat(dir, rec(1, { snippet: `a\nb${'x'.repeat(500)}` }));
    const [r] = await readThreats(dir);
    assert.ok(r);
    assert.ok(r.snippet.length <= 200);
    assert.ok(!r.snippet.includes('\n'));
  });
});
