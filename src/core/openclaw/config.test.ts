import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { makeTempDir, removeDir, writeTree } from '../../test-support/cli.js';
import { ConfigParseError } from '../errors.js';
import { findKeyOwner, getPath, loadOpenClawConfig } from './config.js';
import { editJson5 } from './json5-edit.js';
import { locateOpenClaw } from './paths.js';

describe('locateOpenClaw', () => {
  const table: Array<{ name: string; opts: Parameters<typeof locateOpenClaw>[0]; state: string; config: string }> = [
    { name: 'default under HOME', opts: { env: { HOME: '/h' } }, state: '/h/.openclaw', config: '/h/.openclaw/openclaw.json' },
    { name: 'OPENCLAW_HOME replaces HOME', opts: { env: { HOME: '/h', OPENCLAW_HOME: '/oc' } }, state: '/oc/.openclaw', config: '/oc/.openclaw/openclaw.json' },
    { name: 'OPENCLAW_STATE_DIR with ~', opts: { env: { HOME: '/h', OPENCLAW_STATE_DIR: '~/state' } }, state: '/h/state', config: '/h/state/openclaw.json' },
    { name: 'OPENCLAW_CONFIG_PATH', opts: { env: { HOME: '/h', OPENCLAW_CONFIG_PATH: '/etc/oc.json5' } }, state: '/h/.openclaw', config: '/etc/oc.json5' },
    { name: 'profile', opts: { env: { HOME: '/h' }, profile: 'work' }, state: '/h/.openclaw-work', config: '/h/.openclaw-work/openclaw.json' },
    { name: '--state-dir wins and owns its config', opts: { env: { HOME: '/h', OPENCLAW_STATE_DIR: '/x', OPENCLAW_CONFIG_PATH: '/y.json' }, stateDir: '/s' }, state: '/s', config: '/s/openclaw.json' },
  ];
  for (const t of table) {
    it(t.name, () => {
      const p = locateOpenClaw(t.opts);
      assert.equal(p.stateDir, t.state);
      assert.equal(p.configPath, t.config);
    });
  }
  it('rejects a profile name with a path in it', () => assert.throws(() => locateOpenClaw({ env: { HOME: '/h' }, profile: '../x' })));
});

describe('loadOpenClawConfig', () => {
  const dir = makeTempDir();
  after(() => removeDir(dir));

  it('merges $include files, main file winning, and records sources', async () => {
    await writeTree(dir, {
      'openclaw.json': `// main\n{ $include: ["./a.json5"], gateway: { bind: 'loopback' }, }`,
      'a.json5': `{ gateway: { bind: 'lan', port: 19000 }, channels: { telegram: { botToken: "x" } } }`,
    });
    const loaded = await loadOpenClawConfig(join(dir, 'openclaw.json'));
    assert.equal(getPath(loaded.config, ['gateway', 'bind']), 'loopback');
    assert.equal(getPath(loaded.config, ['gateway', 'port']), 19000);
    assert.equal(loaded.sources.length, 2);
    assert.equal(findKeyOwner(loaded, ['channels', 'telegram', 'botToken'])?.path, join(dir, 'a.json5'));
    assert.equal(findKeyOwner(loaded, ['gateway', 'bind'])?.path, join(dir, 'openclaw.json'));
  });

  it('reports parse errors with file:line:column', async () => {
    const file = join(dir, 'bad.json');
    await fs.writeFile(file, '{\n  gateway: {\n    bind: "lan",,\n  }\n}\n');
    await assert.rejects(loadOpenClawConfig(file), (err: unknown) => {
      assert.ok(err instanceof ConfigParseError);
      assert.equal(err.line, 3);
      assert.match(err.message, /bad\.json:3:\d+/);
      return true;
    });
  });

  it('detects include cycles', async () => {
    await writeTree(dir, { 'c1.json': '{ $include: "./c2.json" }', 'c2.json': '{ $include: "./c1.json" }' });
    await assert.rejects(loadOpenClawConfig(join(dir, 'c1.json')), /cycle/);
  });

  it('treats a missing config as OpenClaw defaults', async () => {
    const loaded = await loadOpenClawConfig(join(dir, 'nope.json'));
    assert.equal(loaded.exists, false);
    assert.deepEqual(loaded.config, {});
  });
});

describe('editJson5', () => {
  it('keeps comments and quoting while changing, adding and deleting keys', () => {
    const src = `// keep me\n{\n  gateway: { /* why */ auth: { token: "old" }, bind: 'lan' },\n  channels: { telegram: { groupPolicy: "open" } },\n}\n`;
    const out = editJson5(src, [
      { path: ['gateway', 'auth', 'token'], value: 'new' },
      { path: ['channels', 'telegram', 'groupPolicy'], value: 'allowlist' },
      { path: ['discovery', 'mdns', 'mode'], value: 'minimal' },
      { path: ['gateway', 'bind'], value: undefined },
    ]);
    assert.match(out, /\/\/ keep me/);
    assert.match(out, /\/\* why \*\//);
    assert.match(out, /token: "new"/);
    assert.match(out, /groupPolicy: "allowlist"/);
    assert.match(out, /mode: 'minimal'|mode: "minimal"/);
    assert.doesNotMatch(out, /bind/);
  });
});
