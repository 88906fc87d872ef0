// Credential resolution: aliyun CLI profiles (AK, StsToken, RamRoleArn…), env vars, precedence, and clean errors that never quote a secret.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ClawguardError } from '../../core/errors.js';
import { loadFixture } from '../../test-support/aliyun-fake-server.js';
import { makeTempDir, removeDir, writeTree } from '../../test-support/cli.js';
import { credentialRedactor, resolveCredentials } from './credentials.js';

describe('resolveCredentials', () => {
  let home: string;
  const config = loadFixture<{ profiles: Array<Record<string, unknown>> }>('aliyun-config.json');

  before(async () => {
    home = makeTempDir('clawguard-creds-');
    // RamRoleArn pointed at a closed local port: the STS call fails fast, offline.
    const profiles = [...config.profiles, { name: 'role-local', mode: 'RamRoleArn', access_key_id: 'LTAI_TEST_ONLY_0001', access_key_secret: 'test-secret-not-real', ram_role_arn: 'acs:ram::1:role/x', ram_session_name: 's', sts_endpoint: '127.0.0.1:9' }, { name: 'sso', mode: 'CloudSSO' }, { name: 'half', mode: 'AK', access_key_id: 'LTAI_X' }];
    await writeTree(home, { '.aliyun/config.json': [JSON.stringify({ ...config, profiles }), 0o600] });
  });
  after(() => removeDir(home));

  async function rejects(p: Promise<unknown>, pattern: RegExp): Promise<void> {
    await assert.rejects(p, (err: unknown) => {
      assert.ok(err instanceof ClawguardError);
      assert.equal(err.code, 'CG_CREDENTIALS');
      assert.match(err.message, pattern);
      for (const s of ['test-secret-not-real', 'test-sts-secret', 'test-security-token']) assert.ok(!err.message.includes(s));
      return true;
    });
  }

  it('reads the current AK profile', async () => {
    const c = await resolveCredentials({ env: { HOME: home } });
    assert.equal(c.accessKeyId, 'LTAI_TEST_ONLY_0000');
    assert.equal(c.accessKeySecret, 'test-secret-not-real');
    assert.equal(c.securityToken, undefined);
    assert.equal(c.source, 'profile default (AK)');
    assert.equal(c.profileRegion, 'cn-shanghai');
  });

  it('reads a StsToken profile chosen with --profile', async () => {
    const c = await resolveCredentials({ profile: 'sts', env: { HOME: home } });
    assert.equal(c.securityToken, 'test-security-token');
  });

  it('honours ALIBABA_CLOUD_PROFILE when --profile is absent', async () => {
    const c = await resolveCredentials({ env: { HOME: home, ALIBABA_CLOUD_PROFILE: 'sts' } });
    assert.equal(c.accessKeyId, 'STS.TEST_ONLY_0000');
  });

  it('prefers environment keys over the profile file, and --profile over both', async () => {
    const env = { HOME: home, ALIBABA_CLOUD_ACCESS_KEY_ID: 'ENV_ID_0000', ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'env-secret', ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token' };
    const c = await resolveCredentials({ env });
    assert.deepEqual([c.accessKeyId, c.securityToken, c.source], ['ENV_ID_0000', 'env-token', 'environment variables']);
    assert.equal((await resolveCredentials({ env, profile: 'default' })).accessKeyId, 'LTAI_TEST_ONLY_0000');
  });

  it('refuses half-set environment keys', () => rejects(resolveCredentials({ env: { HOME: home, ALIBABA_CLOUD_ACCESS_KEY_ID: 'X' } }), /must both be set/));
  it('names a missing profile', () => rejects(resolveCredentials({ env: { HOME: home }, profile: 'nope' }), /Profile "nope" not found .*profiles: default, sts/));
  it('names an unsupported mode', () => rejects(resolveCredentials({ env: { HOME: home }, profile: 'sso' }), /mode "CloudSSO", which clawguard does not support/));
  it('names missing fields', () => rejects(resolveCredentials({ env: { HOME: home }, profile: 'half' }), /missing access_key_secret/));
  it('fails RamRoleArn cleanly when STS cannot be reached', () => rejects(resolveCredentials({ env: { HOME: home }, profile: 'role-local', timeoutMs: 10_000 }), /profile "role-local" \(RamRoleArn\): STS AssumeRole failed or could not be reached/));
  it('says what to do when there is no config and no env', async () => {
    const empty = makeTempDir('clawguard-creds-none-');
    try {
      await rejects(resolveCredentials({ env: { HOME: empty } }), /does not exist and ALIBABA_CLOUD_ACCESS_KEY_ID is not set/);
      await writeTree(empty, { '.aliyun/config.json': '{"profiles":[{"access_key_secret":"test-secret-not-real"' });
      await rejects(resolveCredentials({ env: { HOME: empty } }), /not valid JSON/);
      await writeTree(empty, { '.aliyun/config.json': '{"profiles":[]}' });
      await rejects(resolveCredentials({ env: { HOME: empty } }), /has no profiles/);
    } finally {
      await removeDir(empty);
    }
  });
  it('respects ALIBABA_CLOUD_CLI_PROFILE_DISABLED', () => rejects(resolveCredentials({ env: { HOME: home, ALIBABA_CLOUD_CLI_PROFILE_DISABLED: 'true' } }), /CLI_PROFILE_DISABLED/));
});

describe('credentialRedactor', () => {
  it('replaces id, secret and token everywhere', () => {
    const redact = credentialRedactor({ accessKeyId: 'LTAI_TEST_ONLY_0000', accessKeySecret: 'test-secret-not-real', securityToken: 'tok-123456', source: 'x' });
    const out = redact('id=LTAI_TEST_ONLY_0000 secret=test-secret-not-real token=tok-123456 again LTAI_TEST_ONLY_0000');
    for (const s of ['LTAI_TEST_ONLY_0000', 'test-secret-not-real', 'tok-123456']) assert.ok(!out.includes(s));
    assert.match(out, /id=LTAI…\(19, sha256:[0-9a-f]{8}\)/);
  });
});
