// Locates an OpenClaw install with the real CLI's semantics (OPENCLAW_HOME, OPENCLAW_STATE_DIR, OPENCLAW_CONFIG_PATH, --profile).
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';

export interface LocateOptions {
  /** Explicit state dir (clawguard's `--state-dir`); wins over every env variable. */
  stateDir?: string;
  /** Explicit config file (`--config`). */
  configPath?: string;
  /** OpenClaw profile name: `~/.openclaw-<name>`. */
  profile?: string;
  env?: NodeJS.ProcessEnv;
}

export interface OpenClawPaths {
  /** The home OpenClaw resolves `~` against (OPENCLAW_HOME > HOME > os.homedir()). */
  home: string;
  stateDir: string;
  configPath: string;
  /** How the state dir was chosen, for honest output. */
  source: 'flag' | 'OPENCLAW_STATE_DIR' | 'profile' | 'default';
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Expands a leading `~` against OpenClaw's home, as the real CLI does for its path variables. */
export function expandHome(path: string, home: string): string {
  if (path === '~') return home;
  if (path.startsWith('~/')) return join(home, path.slice(2));
  return path;
}

export function resolveOpenClawHome(env: NodeJS.ProcessEnv = process.env): string {
  const candidate = env.OPENCLAW_HOME?.trim() || env.HOME?.trim() || env.USERPROFILE?.trim() || homedir();
  return resolve(candidate);
}

export function locateOpenClaw(options: LocateOptions = {}): OpenClawPaths {
  const env = options.env ?? process.env;
  const home = resolveOpenClawHome(env);
  const abs = (p: string) => (isAbsolute(p) ? p : resolve(p));
  let stateDir: string;
  let source: OpenClawPaths['source'];
  if (options.stateDir) {
    stateDir = abs(expandHome(options.stateDir, home));
    source = 'flag';
  } else if (env.OPENCLAW_STATE_DIR?.trim()) {
    stateDir = abs(expandHome(env.OPENCLAW_STATE_DIR.trim(), home));
    source = 'OPENCLAW_STATE_DIR';
  } else if (options.profile) {
    if (!PROFILE_NAME.test(options.profile)) throw new UsageError(`Invalid --profile "${options.profile}": use letters, digits, '-' and '_'.`);
    stateDir = join(home, `.openclaw-${options.profile}`);
    source = 'profile';
  } else {
    stateDir = join(home, '.openclaw');
    source = 'default';
  }
  let configPath: string;
  if (options.configPath) configPath = abs(expandHome(options.configPath, home));
  // An explicit --state-dir names one install: its own openclaw.json, not whatever the environment points at.
  else if (source !== 'flag' && env.OPENCLAW_CONFIG_PATH?.trim()) configPath = abs(expandHome(env.OPENCLAW_CONFIG_PATH.trim(), home));
  else configPath = join(stateDir, 'openclaw.json');
  return { home, stateDir, configPath, source };
}
