// Builds the one read-only audit context: located paths, parsed config, a stat cache, bounded file listings, agents, workspace.
import { existsSync, promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClawguardError, hasErrnoCode } from '../core/errors.js';
import { loadOpenClawConfig } from '../core/openclaw/config.js';
import { expandHome, locateOpenClaw } from '../core/openclaw/paths.js';
import { get, listAgents, defaultAgentId, str } from './model.js';
import type { AuditContext, AuditOptions, StatEntry } from './types.js';

const DEFAULT_MAX_FILES = 5000;

export async function buildContext(options: AuditOptions): Promise<AuditContext> {
  const env = options.env ?? process.env;
  const paths = locateOpenClaw({ stateDir: options.stateDir, configPath: options.configPath, profile: options.profile, env });
  // A path the operator named must exist: auditing defaults for a typo would report a clean bill of health.
  if (options.stateDir && !existsSync(paths.stateDir)) throw new ClawguardError('CG_NOT_FOUND', `No OpenClaw state dir at ${paths.stateDir}. Check --state-dir.`);
  if (options.configPath && !existsSync(paths.configPath)) throw new ClawguardError('CG_NOT_FOUND', `No OpenClaw config at ${paths.configPath}. Check --config.`);
  const loaded = await loadOpenClawConfig(paths.configPath);
  const config = loaded.config;

  const statCache = new Map<string, Promise<StatEntry>>();
  const lstat = (path: string): Promise<StatEntry> => {
    let hit = statCache.get(path);
    if (!hit) {
      hit = fs.lstat(path).then(
        (stats) => ({ stats }),
        (err: NodeJS.ErrnoException) => ({ error: err.code ?? 'EIO' }),
      );
      statCache.set(path, hit);
    }
    return hit;
  };

  const listCache = new Map<string, Promise<string[]>>();
  const listFiles = (dir: string, opts: { maxDepth?: number; maxFiles?: number } = {}): Promise<string[]> => {
    const key = `${dir}\0${opts.maxDepth ?? ''}\0${opts.maxFiles ?? ''}`;
    let hit = listCache.get(key);
    if (!hit) {
      hit = walk(dir, opts.maxDepth ?? 8, opts.maxFiles ?? DEFAULT_MAX_FILES);
      listCache.set(key, hit);
    }
    return hit;
  };

  const agentIds = new Set<string>(['main', defaultAgentId(config), ...listAgents(config).map((a) => a.id)]);
  try {
    for (const d of await fs.readdir(join(paths.stateDir, 'agents'), { withFileTypes: true })) if (d.isDirectory()) agentIds.add(d.name);
  } catch (err) {
    if (!hasErrnoCode(err, 'ENOENT', 'ENOTDIR', 'EACCES')) throw err;
  }
  const ws = str(get(config, 'agents.defaults.workspace'));
  const workspaceDir = ws ? resolve(expandHome(ws, paths.home)) : join(paths.stateDir, 'workspace');

  return {
    paths,
    loaded,
    config,
    env,
    deep: options.deep === true,
    lstat,
    listFiles,
    agentIds: [...agentIds].sort(),
    workspaceDir,
    defaultLogDir: options.defaultLogDir ?? '/tmp/openclaw',
    options,
  };
}

/** Regular files under `dir`, breadth-first, never following symlinks, bounded in depth and count. */
async function walk(dir: string, maxDepth: number, maxFiles: number): Promise<string[]> {
  const out: string[] = [];
  let level = [dir];
  for (let depth = 0; depth <= maxDepth && level.length > 0 && out.length < maxFiles; depth++) {
    const next: string[] = [];
    const listings = await Promise.all(
      level.map(async (d) => {
        try {
          return { d, entries: await fs.readdir(d, { withFileTypes: true }) };
        } catch {
          return { d, entries: [] };
        }
      }),
    );
    for (const { d, entries } of listings) {
      for (const e of entries) {
        const full = join(d, e.name);
        if (e.isDirectory()) {
          if (e.name !== 'node_modules' && e.name !== '.git' && e.name !== '.clawguard-backups') next.push(full);
        } else if (e.isFile() && out.length < maxFiles) out.push(full);
      }
    }
    level = next;
  }
  return out.sort();
}
