// Finds the workspace (flag, OpenClaw config, default, cwd) and the skills OpenClaw would load from it.
import { lstatSync, promises as fs, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { ClawguardError, hasErrnoCode } from '../core/errors.js';
import { getPath, loadOpenClawConfig } from '../core/openclaw/config.js';
import { expandHome, locateOpenClaw } from '../core/openclaw/paths.js';
import { isInside } from '../core/safe-path.js';
import type { EgressLocateOptions, SkillInfo } from './types.js';

/** Skills roots inside a workspace, highest precedence first (OpenClaw `workspace-skill-roots.ts`). */
export const WORKSPACE_SKILL_ROOTS: readonly string[] = ['skills', '.agents/skills'];
/** Where quarantined skills live: a dot-dir at the workspace root, outside every skills root. */
export const QUARANTINE_DIR = '.clawguard-quarantine';
/** Where clawguard keeps backup sets (core/atomic.ts). */
export const BACKUPS_DIR = '.clawguard-backups';
/** OpenClaw scans grouped skill folders this deep (`MAX_GROUPED_SKILL_SCAN_DEPTH`). */
const MAX_GROUPED_DEPTH = 6;

export interface ResolvedWorkspace {
  /** Real absolute path. */
  dir: string;
  /** How it was chosen, for honest output. */
  source: 'flag' | 'config' | 'OPENCLAW_WORKSPACE_DIR' | 'default' | 'cwd';
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fs.stat(path)).isDirectory();
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT', 'ENOTDIR')) return false;
    throw err;
  }
}

/**
 * `--workspace`, else `agents.defaults.workspace` from the OpenClaw config, else
 * `$OPENCLAW_WORKSPACE_DIR`, else `<state>/workspace` when it exists, else the current directory
 * (the real CLI's order in `resolveDefaultAgentWorkspaceDir`).
 */
export async function resolveWorkspace(opts: EgressLocateOptions): Promise<ResolvedWorkspace> {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const real = async (path: string, source: ResolvedWorkspace['source']): Promise<ResolvedWorkspace> => {
    if (!(await isDirectory(path))) throw new ClawguardError('CG_NOT_FOUND', `Workspace ${path} does not exist or is not a directory${source === 'flag' ? '' : ` (from ${source})`}.`);
    return { dir: await fs.realpath(path), source };
  };
  if (opts.workspace) return real(resolve(cwd, opts.workspace), 'flag');
  const located = locateOpenClaw({ stateDir: opts.stateDir, configPath: opts.configPath, profile: opts.profile, env });
  const loaded = await loadOpenClawConfig(located.configPath);
  const configured = getPath(loaded.config, ['agents', 'defaults', 'workspace']);
  if (typeof configured === 'string' && configured.trim()) return real(resolve(cwd, expandHome(configured.trim(), located.home)), 'config');
  const fromEnv = env.OPENCLAW_WORKSPACE_DIR?.trim();
  if (fromEnv) return real(resolve(cwd, expandHome(fromEnv, located.home)), 'OPENCLAW_WORKSPACE_DIR');
  const fallback = join(located.stateDir, 'workspace');
  if (await isDirectory(fallback)) return real(fallback, 'default');
  return real(cwd, 'cwd');
}

export interface SkillDiscovery {
  skills: SkillInfo[];
  /** Skill folders (or roots) that are symlinks resolving outside the workspace: never followed. */
  escapes: Array<{ path: string; target: string }>;
}

function hasSkillFile(dir: string): boolean {
  try {
    return lstatSync(`${dir}${sep}SKILL.md`, { throwIfNoEntry: false }) !== undefined;
  } catch {
    return false;
  }
}

function realpathOrUndefined(path: string): string | undefined {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
}

function isDirectorySync(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Lists the skills under the workspace's skills roots the way OpenClaw discovers them
 * (`skill-root-discovery.ts`): child directories (symlinks included), skipping dot-names and
 * `node_modules`; a directory holding `SKILL.md` is a skill, otherwise a group searched up to six
 * levels deep. A symlink resolving outside the workspace is reported and not followed.
 * Synchronous file calls: three per skill, and a thread-pool hop each made discovery of 2,000 skills
 * take 0.7 s where the calls themselves take a few milliseconds.
 */
export async function discoverSkills(workspace: string): Promise<SkillDiscovery> {
  const skills: SkillInfo[] = [];
  const escapes: SkillDiscovery['escapes'] = [];
  const seen = new Set<string>();
  for (const root of WORKSPACE_SKILL_ROOTS) {
    const rootPath = join(workspace, root);
    const rootReal = realpathOrUndefined(rootPath);
    if (!rootReal) continue;
    if (!isInside(workspace, rootReal)) {
      escapes.push({ path: root, target: rootReal });
      continue;
    }
    if (!isDirectorySync(rootReal)) continue;
    // Each queued folder carries its real path: a plain child folder's real path is its parent's joined
    // with its name (no system call); only symlinked children are resolved.
    // Paths by concatenation (a listed name holds no separator): path.join/relative per child were a
    // third of discovery on a 2,000-skill workspace.
    const queue: Array<{ dir: string; real: string; rel: string; name: string; depth: number }> = [{ dir: rootPath, real: rootReal, rel: root, name: '', depth: 0 }];
    for (let i = 0; i < queue.length; i++) {
      const { dir, real: dirReal, rel: dirRel, name: dirName, depth } = queue[i] as (typeof queue)[number];
      let entries: import('node:fs').Dirent[];
      try {
        entries = readdirSync(dir, { withFileTypes: true });
      } catch {
        continue;
      }
      const children = entries.filter((e) => (e.isDirectory() || e.isSymbolicLink()) && !e.name.startsWith('.') && e.name !== 'node_modules').sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      for (const entry of children) {
        const child = `${dir}${sep}${entry.name}`;
        const rel = `${dirRel}/${entry.name}`;
        const name = dirName ? `${dirName}/${entry.name}` : entry.name;
        let real: string | undefined = `${dirReal}${sep}${entry.name}`;
        if (entry.isSymbolicLink()) {
          real = realpathOrUndefined(child);
          if (!real || !isDirectorySync(real)) continue;
          if (!isInside(workspace, real)) {
            escapes.push({ path: rel, target: real });
            continue;
          }
        }
        if (hasSkillFile(child)) {
          if (seen.has(rel)) continue;
          seen.add(rel);
          skills.push({ name, path: rel, root, dir: real });
        } else if (depth + 1 < MAX_GROUPED_DEPTH) {
          queue.push({ dir: child, real, rel, name, depth: depth + 1 });
        }
      }
    }
  }
  return { skills, escapes };
}

/**
 * Finds one skill by what the operator typed: its workspace-relative path (`skills/weather`,
 * `.agents/skills/weather`) or its name (`weather`, `group/weather`; the highest-precedence root wins).
 * Rejects names that try to leave the skills roots before touching the disk.
 */
/**
 * Finds the innermost skill owning a workspace-relative path by walking the path's own parent folders
 * through a map: O(depth) per lookup, however many skills the workspace holds.
 */
export function skillOwnerIndex(skills: readonly SkillInfo[]): (rel: string | undefined) => SkillInfo | undefined {
  const byPath = new Map(skills.map((s) => [s.path, s]));
  return (rel) => {
    if (rel === undefined) return undefined;
    for (let p = rel; ; ) {
      const s = byPath.get(p);
      if (s) return s;
      const cut = p.lastIndexOf('/');
      if (cut <= 0) return undefined;
      p = p.slice(0, cut);
    }
  };
}

export function findSkill(skills: readonly SkillInfo[], query: string): SkillInfo | undefined {
  const q = query.replace(/\\/g, '/').replace(/\/+$/, '').replace(/^\.\//, '');
  return skills.find((s) => s.path === q) ?? skills.find((s) => s.name === q);
}

/** Validates a skill argument: non-empty, relative, no `..` segments. */
export function assertSkillArgument(query: string): void {
  const q = query.replace(/\\/g, '/');
  if (!q.trim()) throw new ClawguardError('CG_USAGE', 'Name a skill (its folder name, e.g. "weather", or its path "skills/weather").');
  if (q.startsWith('/') || q.split('/').includes('..')) throw new ClawguardError('CG_PATH_OUTSIDE_ROOT', `Refusing skill "${query}": it points outside the workspace's skills.`);
}
