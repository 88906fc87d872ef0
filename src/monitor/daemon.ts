// `monitor start --daemon`: re-runs the same CLI detached, then waits until the child is listening or has failed.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
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

/**
 * Spawns `node <cli> monitor start <args>` detached (new session, stdio closed except stderr to
 * `<logDir>/daemon.err`) and resolves once it wrote its state file, or with its error if it exited.
 */
export async function spawnDaemon(args: readonly string[], logDir: string, env: NodeJS.ProcessEnv, timeoutMs = 20_000): Promise<DaemonResult> {
  const cli = process.argv[1];
  if (!cli) throw new ClawguardError('CG_INTERNAL', 'Cannot locate the clawguard CLI script to re-run as a daemon.');
  const errPath = join(logDir, DAEMON_ERR_FILE);
  const errFd = openSync(errPath, 'w', 0o600);
  const child = spawn(process.execPath, [...process.execArgv, cli, 'monitor', 'start', ...args], {
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

function readSafe(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}
