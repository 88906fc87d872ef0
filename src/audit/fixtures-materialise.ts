// Writes an audit fixture into a real directory (files, modes, symlinks) and returns the CLI arguments and environment to audit it.
import { promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import { isObject, type JsonObject, type JsonValue } from '../core/openclaw/config.js';
import { SECURE_BASE, SECURE_ENV, type AuditFixture } from './fixtures.js';

/** Deep merge where `null` deletes a key and arrays replace. */
function merge(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    if (v === null) delete out[k];
    else out[k] = isObject(out[k]) && isObject(v) ? merge(out[k] as JsonObject, v) : (v as JsonValue);
  }
  return out;
}

export interface MaterialisedFixture {
  root: string;
  stateDir: string;
  /** Arguments after `clawguard audit` (state dir, log dir, extra args). */
  args: string[];
  env: Record<string, string>;
}

export async function materialiseFixture(fixture: AuditFixture, root: string): Promise<MaterialisedFixture> {
  const stateRel = fixture.stateDir ?? 'state';
  const stateDir = join(root, stateRel);
  const home = root;
  const t = (s: string) => s.replaceAll('{{ROOT}}', root).replaceAll('{{STATE}}', stateDir).replaceAll('{{HOME}}', home);
  const mkdir = async (dir: string) => {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  };
  const isSymlinkedState = Object.keys(fixture.symlinks ?? {}).includes(stateRel);
  if (!isSymlinkedState) await mkdir(stateDir);
  if (fixture.configText !== null) {
    const text = fixture.configText ?? `${JSON.stringify(merge(SECURE_BASE, fixture.config ?? {}), null, 2)}\n`;
    await fs.writeFile(join(stateDir, 'openclaw.json'), t(text), { mode: 0o600 });
    await fs.chmod(join(stateDir, 'openclaw.json'), fixture.configMode ?? 0o600);
  }
  for (const [rel, spec] of Object.entries(fixture.files ?? {})) {
    const [content, mode] = Array.isArray(spec) ? spec : [spec, 0o600];
    const full = join(root, rel);
    await mkdir(dirname(full));
    await fs.writeFile(full, typeof content === 'string' ? t(content) : content, { mode: 0o600 });
    await fs.chmod(full, mode);
  }
  for (const [link, target] of Object.entries(fixture.symlinks ?? {})) {
    const full = join(root, t(link));
    await mkdir(dirname(full));
    await fs.symlink(t(target), full);
  }
  // Directory modes last (a 555 dir would block writes above).
  for (const [rel, mode] of Object.entries(fixture.dirModes ?? {})) await fs.chmod(join(root, rel), mode);
  const logDir = join(root, 'tmp-openclaw');
  const args = ['--state-dir', stateDir, ...(fixture.args ? fixture.args.map(t) : ['--log-dir', logDir])];
  const env: Record<string, string> = { HOME: home, ...SECURE_ENV, ...(fixture.env ?? {}) };
  for (const [k, v] of Object.entries(env)) if (v === '') delete env[k];
  return { root, stateDir, args, env };
}
