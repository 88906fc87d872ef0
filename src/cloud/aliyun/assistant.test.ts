// Cloud Assistant polling against the fake server: final states, per-instance outcomes, and giving up on a run that never ends.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startFakeAliyun, type FakeAliyunServer } from '../../test-support/aliyun-fake-server.js';
import { runCommand } from './assistant.js';
import { AliyunClient } from './client.js';

describe('runCommand', { timeout: 60_000 }, () => {
  let server: FakeAliyunServer;
  let client: AliyunClient;
  before(async () => {
    server = await startFakeAliyun({ runningPolls: 3, outcomes: { 'i-failed00001': 'failed', 'i-stuck000001': 'never' } });
    client = new AliyunClient({ credentials: { accessKeyId: 'LTAI_TEST_ONLY_0000', accessKeySecret: 'test-secret-not-real', source: 'test' }, endpoint: server.url, backoffMs: 5 });
  });
  after(() => server.close());

  const base = { region: 'cn-shanghai', type: 'RunShellScript' as const, name: 'n', description: 'd', command: 'uptime' };

  it('polls each instance to its own final state, keeping the order of the instance list', async () => {
    const ids = ['i-ok000000001', 'i-failed00001', 'i-ok000000002', 'i-ok000000003', 'i-ok000000004', 'i-ok000000005'];
    const progress: string[] = [];
    const r = await runCommand(client, { ...base, instanceIds: ids, timeoutSeconds: 30 }, { baseDelayMs: 5, onProgress: (id, s) => progress.push(`${id}:${s}`) });
    assert.deepEqual(r.results.map((x) => x.instanceId), ids);
    assert.deepEqual(r.results.map((x) => x.status), ['Success', 'Failed', 'Success', 'Success', 'Success', 'Success']);
    assert.equal(r.results[1]?.exitCode, 1);
    assert.match(r.results[1]?.output ?? '', /Plugin not found/);
    assert.ok(r.results.every((x) => x.polls === 4), 'three Running answers, then the final one');
    assert.ok(progress.includes('i-failed00001:Running') && progress.includes('i-failed00001:Failed'));
    const run = server.calls('RunCommand')[0]?.query;
    assert.deepEqual(ids.map((_, i) => run?.[`InstanceId.${i + 1}`]), ids);
  });

  it('gives up with PollTimeout when an invocation never finishes', async () => {
    const started = Date.now();
    const r = await runCommand(client, { ...base, instanceIds: ['i-stuck000001'], timeoutSeconds: 1 }, { baseDelayMs: 20, graceMs: 200 });
    assert.equal(r.results[0]?.status, 'PollTimeout');
    assert.match(r.results[0]?.errorInfo ?? '', /still Running after 1 s/);
    assert.ok(Date.now() - started < 5000);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const aborting = new AliyunClient({ credentials: { accessKeyId: 'LTAI_TEST_ONLY_0000', accessKeySecret: 'test-secret-not-real', source: 'test' }, endpoint: server.url, backoffMs: 5, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(runCommand(aborting, { ...base, instanceIds: ['i-stuck000001'], timeoutSeconds: 60 }, { baseDelayMs: 20, signal: controller.signal }), /Interrupted/);
  });
});
