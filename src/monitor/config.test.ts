import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ClawguardError } from '../core/errors.js';
import { makeTempDir, removeDir } from '../test-support/cli.js';
import { DEFAULT_MONITOR_CONFIG, loadMonitorConfig, validateMonitorConfig } from './config.js';

const dir = makeTempDir('monitor-config-');
after(() => removeDir(dir));

describe('monitor config', () => {
  it('has the seed defaults when no file is given', async () => {
    const c = await loadMonitorConfig(undefined);
    assert.deepEqual(
      { ...c },
      {
        proxy_host: '127.0.0.1', proxy_port: 8888, gateway_local_port: 18790, gateway_target_port: 18789, log_dir: '/tmp/clawsec',
        log_level: 'INFO', max_scan_bytes: 65536, enable_mitm: true, dedup_window_secs: 60, mode: 'observe', allowlist_file: null, upstream_ca_file: null,
      },
    );
  });

  const valid: Array<[string, object, Partial<typeof DEFAULT_MONITOR_CONFIG>]> = [
    ['empty object keeps defaults', {}, {}],
    ['the seed example', { proxy_host: '127.0.0.1', proxy_port: 8888, log_level: 'INFO', enable_mitm: true, dedup_window_secs: 60 }, {}],
    ['ports and mode', { proxy_port: 9999, gateway_local_port: 0, mode: 'enforce' }, { proxy_port: 9999, gateway_local_port: 0, mode: 'enforce' }],
    ['log level is case-insensitive', { log_level: 'debug' }, { log_level: 'DEBUG' }],
    ['no mitm', { enable_mitm: false }, { enable_mitm: false }],
    ['files', { allowlist_file: '/etc/a.json', upstream_ca_file: null }, { allowlist_file: '/etc/a.json' }],
  ];
  for (const [name, raw, expect] of valid) {
    it(`accepts ${name}`, () => {
      assert.deepEqual(validateMonitorConfig(raw), { ...DEFAULT_MONITOR_CONFIG, ...expect });
    });
  }

  const invalid: Array<[string, unknown, RegExp]> = [
    ['an unknown key', { proxy_prot: 1 }, /unknown key "proxy_prot"/],
    ['a port out of range', { proxy_port: 70000 }, /"proxy_port" must be an integer port/],
    ['a string port', { proxy_port: '8888' }, /"proxy_port"/],
    ['gateway target 0', { gateway_target_port: 0 }, /"gateway_target_port"/],
    ['a bad log level', { log_level: 'LOUD' }, /"log_level" must be DEBUG, INFO, WARNING, ERROR/],
    ['a tiny max_scan_bytes', { max_scan_bytes: 10 }, /"max_scan_bytes"/],
    ['enable_mitm as a string', { enable_mitm: 'yes' }, /"enable_mitm" must be true or false/],
    ['a negative dedup window', { dedup_window_secs: -1 }, /"dedup_window_secs"/],
    ['an unknown mode', { mode: 'block' }, /"mode" must be observe or enforce/],
    ['an empty log_dir', { log_dir: ' ' }, /"log_dir"/],
    ['an array', [], /expected a JSON object/],
  ];
  for (const [name, raw, message] of invalid) {
    it(`rejects ${name} naming the key`, () => {
      assert.throws(() => validateMonitorConfig(raw), (e: unknown) => e instanceof ClawguardError && e.code === 'CG_CONFIG_INVALID' && message.test(e.message));
    });
  }

  it('reports a missing file, bad JSON with its path, and loads a good file', async () => {
    await assert.rejects(loadMonitorConfig(join(dir, 'nope.json')), (e: unknown) => e instanceof ClawguardError && e.code === 'CG_NOT_FOUND');
    await writeFile(join(dir, 'bad.json'), '{"proxy_port": 1,,}');
    await assert.rejects(loadMonitorConfig(join(dir, 'bad.json')), (e: unknown) => e instanceof ClawguardError && e.code === 'CG_CONFIG_PARSE' && e.message.includes('bad.json'));
    await writeFile(join(dir, 'good.json'), '{"proxy_port": 9000, "log_dir": "/var/tmp/x"}');
    const c = await loadMonitorConfig(join(dir, 'good.json'));
    assert.equal(c.proxy_port, 9000);
    assert.equal(c.log_dir, '/var/tmp/x');
  });
});
