// Quarantine: moves a skill folder out of every skills root (so OpenClaw stops loading it) with a manifest, and restores it exactly.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { ClawguardError, hasErrnoCode } from '../core/errors.js';
import { resolveInsideRoot } from '../core/safe-path.js';
import type { SkillInfo } from './types.js';
import { QUARANTINE_DIR } from './workspace.js';

export interface QuarantineEntry {
  /** Path relative to the skill folder (`.` is the folder itself). */
  path: string;
  type: 'dir' | 'file' | 'symlink' | 'other';
  mode: number;
  size?: number;
  sha256?: string;
  /** Symlink target as stored in the link. */
  target?: string;
}

export interface QuarantineManifest {
  version: 1;
  /** Skill name as OpenClaw shows it. */
  name: string;
  /** Workspace-relative original folder. */
  originalPath: string;
  quarantinedAt: string;
  reason: string;
  /** `moving` while the rename is in progress; `quarantined` after. */
  state: 'moving' | 'quarantined';
  entries: QuarantineEntry[];
}

export interface QuarantinedSkill {
  manifest: QuarantineManifest;
  /** Absolute path of the quarantine slot (manifest.json + skill/). */
  slot: string;
}

export interface QuarantineOutcome {
  skill: string;
  status: 'quarantined' | 'already';
  slot: string;
}

export interface UnquarantineOutcome {
  skill: string;
  status: 'restored' | 'already';
  /** Files whose content or mode changed while quarantined (restored only with force). */
  modified: string[];
}

const MANIFEST = 'manifest.json';
const CONTENT = 'skill';

/** The slot of a skill: one directory per workspace-relative path (`/` encoded, so names never nest). */
export function quarantineSlot(workspace: string, skillPath: string): string {
  return join(workspace, QUARANTINE_DIR, encodeURIComponent(skillPath));
}

async function snapshot(dir: string): Promise<QuarantineEntry[]> {
  const entries: QuarantineEntry[] = [];
  const visit = async (path: string) => {
    const stat = await fs.lstat(path);
    const rel = relative(dir, path).split(sep).join('/') || '.';
    const mode = stat.mode & 0o7777;
    if (stat.isSymbolicLink()) entries.push({ path: rel, type: 'symlink', mode, target: await fs.readlink(path) });
    else if (stat.isDirectory()) {
      entries.push({ path: rel, type: 'dir', mode });
      for (const name of (await fs.readdir(path)).sort()) await visit(join(path, name));
    } else if (stat.isFile()) {
      const hash = createHash('sha256');
      const handle = await fs.open(path, 'r');
      try {
        for await (const chunk of handle.createReadStream({ autoClose: false })) hash.update(chunk as Buffer);
      } catch (err) {
        entries.push({ path: rel, type: 'file', mode, size: stat.size });
        if (!hasErrnoCode(err, 'EACCES', 'EISDIR')) throw err;
        return;
      } finally {
        await handle.close();
      }
      entries.push({ path: rel, type: 'file', mode, size: stat.size, sha256: hash.digest('hex') });
    } else entries.push({ path: rel, type: 'other', mode });
  };
  await visit(dir);
  return entries;
}

export async function listQuarantined(workspace: string): Promise<QuarantinedSkill[]> {
  const base = join(workspace, QUARANTINE_DIR);
  let names: string[];
  try {
    names = (await fs.readdir(base)).sort();
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT', 'ENOTDIR')) return [];
    throw err;
  }
  const out: QuarantinedSkill[] = [];
  for (const name of names) {
    const slot = join(base, name);
    try {
      const manifest = JSON.parse(await fs.readFile(join(slot, MANIFEST), 'utf8')) as QuarantineManifest;
      if (manifest.version === 1 && typeof manifest.originalPath === 'string') out.push({ manifest, slot });
    } catch {
      continue;
    }
  }
  return out;
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) return false;
    throw err;
  }
}

/**
 * Moves the skill folder to `<workspace>/.clawguard-quarantine/<encoded path>/skill` with one
 * rename (same file system: atomic, content and modes untouched) after writing a manifest of every
 * entry's mode and hash. A folder that is a symlink is moved as the link itself.
 */
export async function quarantineSkill(workspace: string, skill: SkillInfo, reason: string): Promise<QuarantineOutcome> {
  const slot = quarantineSlot(workspace, skill.path);
  const source = join(workspace, skill.path);
  // The folder's parent must resolve inside the workspace, and so must the folder (or link target).
  await resolveInsideRoot(workspace, dirname(skill.path));
  await resolveInsideRoot(workspace, skill.path);
  const sourceExists = await exists(source);
  const slotHasContent = await exists(join(slot, CONTENT));
  if (!sourceExists && slotHasContent) return { skill: skill.path, status: 'already', slot };
  if (!sourceExists) throw new ClawguardError('CG_NOT_FOUND', `Skill folder ${skill.path} does not exist.`);
  if (slotHasContent) throw new ClawguardError('CG_REFUSED', `A quarantined copy of ${skill.path} already exists in ${slot}; unquarantine or remove it first.`);
  const manifest: QuarantineManifest = {
    version: 1,
    name: skill.name,
    originalPath: skill.path,
    quarantinedAt: new Date().toISOString(),
    reason,
    state: 'moving',
    entries: await snapshot(source),
  };
  // The quarantine dir itself must not lead out of the workspace (a planted symlink would carry the skill away).
  await resolveInsideRoot(workspace, QUARANTINE_DIR);
  await fs.mkdir(join(workspace, QUARANTINE_DIR), { recursive: true, mode: 0o700 });
  await resolveInsideRoot(workspace, relative(workspace, slot));
  await fs.mkdir(slot, { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(slot, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  try {
    await fs.rename(source, join(slot, CONTENT));
  } catch (err) {
    await fs.rm(slot, { recursive: true, force: true });
    throw new ClawguardError('CG_IO', `Cannot move ${skill.path} into quarantine: ${(err as Error).message}`, { cause: err });
  }
  manifest.state = 'quarantined';
  await writeFileAtomic(join(slot, MANIFEST), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
  return { skill: skill.path, status: 'quarantined', slot };
}

/** Finds a quarantined skill by workspace-relative path or name. */
export function findQuarantined(list: readonly QuarantinedSkill[], query: string): QuarantinedSkill | undefined {
  const q = query.replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\.\//, '');
  return list.find((s) => s.manifest.originalPath === q) ?? list.find((s) => s.manifest.name === q);
}

/**
 * Moves the folder back to its original path and re-applies recorded modes. Refuses when the
 * original path is occupied, lies outside the workspace, or (without `force`) when the content
 * changed while quarantined.
 */
export async function unquarantineSkill(workspace: string, item: QuarantinedSkill, options: { force?: boolean } = {}): Promise<UnquarantineOutcome> {
  const { manifest, slot } = item;
  const target = join(workspace, manifest.originalPath);
  await resolveInsideRoot(workspace, manifest.originalPath);
  const content = join(slot, CONTENT);
  await resolveInsideRoot(workspace, relative(workspace, content));
  if (!(await exists(content))) {
    if (await exists(target)) {
      await fs.rm(slot, { recursive: true, force: true });
      return { skill: manifest.originalPath, status: 'already', modified: [] };
    }
    throw new ClawguardError('CG_NOT_FOUND', `Quarantine slot ${slot} holds no skill folder.`);
  }
  if (await exists(target)) throw new ClawguardError('CG_REFUSED', `Cannot restore ${manifest.originalPath}: something already exists there. Move it away first.`);
  const now = await snapshot(content);
  const before = new Map(manifest.entries.map((e) => [e.path, e]));
  const modified: string[] = [];
  for (const e of now) {
    const b = before.get(e.path);
    if (!b || b.type !== e.type || b.sha256 !== e.sha256 || b.target !== e.target || b.mode !== e.mode) modified.push(e.path);
    before.delete(e.path);
  }
  modified.push(...before.keys());
  if (modified.length > 0 && !options.force) {
    throw new ClawguardError('CG_REFUSED', `The quarantined copy of ${manifest.originalPath} changed since it was quarantined (${modified.slice(0, 5).join(', ')}${modified.length > 5 ? ', …' : ''}). Inspect ${content}, then rerun with --force to restore it anyway.`);
  }
  await fs.mkdir(dirname(target), { recursive: true });
  await resolveInsideRoot(workspace, dirname(manifest.originalPath));
  await fs.rename(content, target);
  for (const e of manifest.entries) {
    if (e.type === 'symlink') continue;
    const path = e.path === '.' ? target : join(target, e.path);
    await fs.chmod(path, e.mode).catch((err: unknown) => {
      if (!hasErrnoCode(err, 'ENOENT')) throw err;
    });
  }
  await fs.rm(slot, { recursive: true, force: true });
  return { skill: manifest.originalPath, status: 'restored', modified };
}
