import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultLauncher } from './daemon.js';

describe('daemon launcher (found without reading the running process)', () => {
  const cases: Array<{ name: string; url: string; env: NodeJS.ProcessEnv; script: RegExp; loader: boolean; node?: string }> = [
    { name: 'a build runs dist/cli/main.js with no loader', url: 'file:///opt/cg/dist/monitor/daemon.js', env: {}, script: /\/opt\/cg\/dist\/cli\/main\.js$/, loader: false },
    { name: 'sources run src/cli/main.ts through tsx', url: 'file:///opt/cg/src/monitor/daemon.ts', env: {}, script: /\/opt\/cg\/src\/cli\/main\.ts$/, loader: true },
    { name: 'CLAWGUARD_NODE picks the node binary', url: 'file:///opt/cg/dist/monitor/daemon.js', env: { CLAWGUARD_NODE: '/usr/local/bin/node22' }, script: /main\.js$/, loader: false, node: '/usr/local/bin/node22' },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const l = defaultLauncher(c.env, c.url);
      assert.match(l.script, c.script);
      assert.equal(l.execArgv.length > 0, c.loader);
      if (c.loader) assert.match(l.execArgv[1] ?? '', /tsx/);
      if (c.node) assert.equal(l.execPath, c.node);
      else assert.ok(l.execPath === 'node' || existsSync(l.execPath), l.execPath);
    });
  }
  it('this module finds a CLI entry that exists', () => assert.ok(existsSync(defaultLauncher({}).script)));
});
