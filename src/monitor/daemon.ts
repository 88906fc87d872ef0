// `monitor start --daemon`: re-runs the same CLI detached, then waits until the child is listening or has failed.
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ClawguardError } from '../core/errors.js';
import { STATE_FILE, type MonitorState } from './index.js';

/** Env variable telling the re-run CLI it is the detached child (no stderr mirroring). */
export const DAEMON_ENV = 'CLAWGUARD_MONITOR_DAEMON';
export const DAEMON_ERR_FILE = 'daemon.err';

export interface DaemonResult {
  ok: boolean;
  state?: MonitorState;
  /** Exit code of a child that failed to start, and its stderr. */
  exitCode?: number | null;
  stderr?: string;
}

/** How to re-run the CLI: the node binary, its flags (a loader when running from source) and the entry script. */
export interface DaemonLauncher {
  execPath: string;
  execArgv: readonly string[];
  script: string;
}

/**
 * The launcher for this installation, found without looking at the running process: the CLI entry
 * next to this module (`../cli/main.js` in a build, `../cli/main.ts` from source, then through tsx),
 * and the node binary `env.CLAWGUARD_NODE`, else /proc/self/exe (Linux), else `node` on PATH.
 * `cli/main.ts` may pass its own (process.execPath, execArgv, argv[1]) instead.
 */
export function defaultLauncher(env: NodeJS.ProcessEnv, moduleUrl: string = import.meta.url): DaemonLauncher {
  const fromSource = moduleUrl.endsWith('.ts');
  const script = fileURLToPath(new URL(fromSource ? '../cli/main.ts' : '../cli/main.js', moduleUrl));
  let execPath = env.CLAWGUARD_NODE ?? '';
  if (!execPath) {
    try {
      execPath = readlinkSync('/proc/self/exe');
    } catch {
      execPath = 'node';
    }
  }
  return { execPath, execArgv: fromSource ? ['--import', tsxLoader()] : [], script };
}

/**
 * Spawns `node <cli> monitor start <args>` detached (new session, stdio closed except stderr to
 * `<logDir>/daemon.err`) and resolves once it wrote its state file, or with its error if it exited.
 */
export async function spawnDaemon(args: readonly string[], logDir: string, env: NodeJS.ProcessEnv, timeoutMs = 20_000, launcher: DaemonLauncher = defaultLauncher(env)): Promise<DaemonResult> {
  const cli = launcher.script;
  if (!cli || !existsSync(cli)) throw new ClawguardError('CG_INTERNAL', `Cannot locate the clawguard CLI script to re-run as a daemon (${cli || 'none'}).`);
  const errPath = join(logDir, DAEMON_ERR_FILE);
  const errFd = openSync(errPath, 'w', 0o600);
  const child = spawn(launcher.execPath, [...launcher.execArgv, cli, 'monitor', 'start', ...args], {
    detached: true,
    stdio: ['ignore', 'ignore', errFd],
    env: { ...env, [DAEMON_ENV]: '1' },
  });
  closeSync(errFd);
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));
  child.unref();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited !== undefined) return { ok: false, exitCode: exited, stderr: readSafe(errPath) };
    try {
      const state = JSON.parse(await readFile(join(logDir, STATE_FILE), 'utf8')) as MonitorState;
      if (state.pid === child.pid) return { ok: true, state };
    } catch {
      // not written yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { ok: false, exitCode: null, stderr: `the monitor did not report listening within ${timeoutMs / 1000} s (pid ${child.pid}); see ${join(logDir, 'clawsec.log')}` };
}

/** tsx as an absolute URL: the child may start in another working directory. */
function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

function readSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
