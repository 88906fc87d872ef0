// Quarantine on real temp dirs: exact round trip, idempotence, and refusal of planted symlinks.
import { strict as assert } from 'node:assert';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { makeTempDir, removeDir, writeTree } from '../test-support/cli.js';
import { listQuarantined, quarantineSkill, unquarantineSkill } from './quarantine.js';
import { discoverSkills } from './workspace.js';

describe('quarantineSkill / unquarantineSkill', () => {
  let root: string;
  let ws: string;
  beforeEach(async () => {
    root = makeTempDir('clawguard-quarantine-');
    ws = join(root, 'ws');
    await writeTree(ws, { 'skills/s/SKILL.md': '---\nname: s\n---\n', 'skills/s/run.sh': ['echo\n', 0o700] });
  });
  afterEach(() => removeDir(root));

  it('moves the folder out of the skills root and back, keeping modes; both steps are idempotent', async () => {
    const [skill] = (await discoverSkills(ws)).skills;
    assert.ok(skill);
    assert.equal((await quarantineSkill(ws, skill, 'test')).status, 'quarantined');
    assert.equal((await discoverSkills(ws)).skills.length, 0);
    assert.equal((await quarantineSkill(ws, skill, 'test')).status, 'already');
    const [item] = await listQuarantined(ws);
    assert.equal(item?.manifest.state, 'quarantined');
    assert.ok(item?.manifest.entries.some((e) => e.path === 'run.sh' && e.mode === 0o700 && e.sha256));
    assert.equal((await unquarantineSkill(ws, item!)).status, 'restored');
    assert.equal((await fs.stat(join(ws, 'skills/s/run.sh'))).mode & 0o777, 0o700);
    assert.deepEqual(await listQuarantined(ws), []);
  });

  it('refuses a quarantine dir planted as a symlink out of the workspace, and leaves the skill in place', async () => {
    const outside = join(root, 'outside');
    await fs.mkdir(outside);
    await fs.symlink(outside, join(ws, '.clawguard-quarantine'));
    const [skill] = (await discoverSkills(ws)).skills;
    await assert.rejects(quarantineSkill(ws, skill!, 'test'), { code: 'CG_PATH_OUTSIDE_ROOT' });
    assert.ok((await fs.stat(join(ws, 'skills/s/SKILL.md'))).isFile());
    assert.deepEqual(await fs.readdir(outside), []);
  });

  it('refuses to restore a manifest whose original path points outside the workspace', async () => {
    const [skill] = (await discoverSkills(ws)).skills;
    await quarantineSkill(ws, skill!, 'test');
    const [item] = await listQuarantined(ws);
    item!.manifest.originalPath = '../escaped';
    await assert.rejects(unquarantineSkill(ws, item!), { code: 'CG_PATH_OUTSIDE_ROOT' });
  });
});
