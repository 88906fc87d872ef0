// `incident contain`: find the running gateway (pid file, listening port, process list), stop it (SIGTERM, then SIGKILL), optionally lock the config down.
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { ClawguardError, describeError, hasErrnoCode } from '../core/errors.js';
import { findGatewayProcesses, processesOnPort, readProcess, readProcessEnviron, type HostProcess, type HostRoots } from '../core/host/index.js';
import { getPath, loadOpenClawConfig, type LoadedConfig } from '../core/openclaw/config.js';
import { locateOpenClaw } from '../core/openclaw/paths.js';
import { applyConfigEdits } from './config-write.js';
import { planLockdown, type ConfigChange } from './lockdown.js';

export interface ContainOptions {
  stateDir?: string;
  configPath?: string;
  profile?: string;
  env?: NodeJS.ProcessEnv;
  /** Explicit pid files to read (a service manager's, or `<state>/gateway.pid`). */
  pidFiles?: string[];
  /** Explicit pids (trusted: the operator named them). */
  pids?: number[];
  /** Port to look up listeners on; default the configured `gateway.port` (18789). Owners must look like a gateway unless `port` was given explicitly. */
  port?: number;
  /** Also scan the process list for gateways of this state dir (default true). */
  scanProcesses?: boolean;
  /** Milliseconds between SIGTERM and SIGKILL (default 10 000). */
  timeoutMs?: number;
  /** Write the locked-down config. */
  lockdown?: boolean;
  /** Say what would happen; stop nothing, write nothing. */
  dryRun?: boolean;
  hostRoots?: HostRoots;
}

export interface StoppedProcess {
  pid: number;
  cmdline: string;
  /** How it was found: `pid-file:<path>`, `port:<n>`, `process-list`, `pid`. */
  foundBy: string;
  /** `terminated` (SIGTERM), `killed` (SIGKILL after the timeout), `gone` (already exited), `would-stop` (dry run), `failed:<code>`. */
  outcome: string;
}

export interface ContainResult {
  target: string;
  stopped: StoppedProcess[];
  lockdown?: { changes: ConfigChange[]; files: string[]; backupDir?: string; status: 'applied' | 'already' | 'planned' | 'failed' };
  notes: string[];
}

export const CONTAIN_BACKUP_LABEL = 'incident-contain';
const DEFAULT_PORT = 18789;

function isAlive(pid: number, roots?: HostRoots): Promise<boolean> {
  // A zombie (exited, not yet reaped by its parent) still answers kill(0): read its state from procfs.
  return fs
    .readFile(join(roots?.proc ?? '/proc', String(pid), 'stat'), 'utf8')
    .then((stat) => {
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    })
    .catch(() => false);
}

async function waitGone(pid: number, timeoutMs: number, roots?: HostRoots): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await isAlive(pid, roots))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !(await isAlive(pid, roots));
}

/** SIGTERM, wait, then SIGKILL; never signals pid ≤ 1 or ourselves. */
async function stopProcess(pid: number, timeoutMs: number, roots?: HostRoots): Promise<string> {
  if (pid <= 1 || pid === process.pid) return 'failed:refused';
  if (!(await isAlive(pid, roots))) return 'gone';
  try {
    process.kill(pid, 'SIGTERM');
  } catch (err) {
    if (hasErrnoCode(err, 'ESRCH')) return 'gone';
    return `failed:${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  if (await waitGone(pid, timeoutMs, roots)) return 'terminated';
  try {
    process.kill(pid, 'SIGKILL');
  } catch (err) {
    if (hasErrnoCode(err, 'ESRCH')) return 'terminated';
    return `failed:${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
  return (await waitGone(pid, 5000, roots)) ? 'killed' : 'failed:still-running';
}

/** Whether a gateway process belongs to this install (its environment names the same state dir or home). */
async function belongsTo(proc: HostProcess, stateDir: string, home: string, roots?: HostRoots): Promise<boolean | undefined> {
  const env = await readProcessEnviron(proc.pid, roots);
  if (!env) return undefined;
  if (env.OPENCLAW_STATE_DIR) return resolve(env.OPENCLAW_STATE_DIR) === stateDir;
  const theirHome = env.OPENCLAW_HOME || env.HOME;
  return theirHome ? resolve(theirHome, '.openclaw') === stateDir || resolve(theirHome) === home : undefined;
}

export async function containIncident(opts: ContainOptions): Promise<ContainResult> {
  const env = opts.env ?? process.env;
  const paths = locateOpenClaw({ stateDir: opts.stateDir, configPath: opts.configPath, profile: opts.profile, env });
  const notes: string[] = [];
  const roots = opts.hostRoots;
  const timeoutMs = opts.timeoutMs ?? 10_000;
  // A broken config must not keep the gateway running: stop first, refuse only the lockdown.
  let loaded: LoadedConfig;
  let configError: string | undefined;
  try {
    loaded = await loadOpenClawConfig(paths.configPath);
  } catch (err) {
    configError = describeError(err);
    notes.push(`Config not loaded (${configError}); using the default port.`);
    loaded = { path: paths.configPath, exists: false, config: {}, sources: [] };
  }
  const candidates = new Map<number, string>();
  for (const pid of opts.pids ?? []) candidates.set(pid, 'pid');
  for (const file of opts.pidFiles ?? [join(paths.stateDir, 'gateway.pid')]) {
    let text: string;
    try {
      text = await fs.readFile(file, 'utf8');
    } catch (err) {
      if (!hasErrnoCode(err, 'ENOENT') || opts.pidFiles) notes.push(`Pid file ${file} not readable (${describeError(err)}).`);
      continue;
    }
    const pid = Number.parseInt(text.trim(), 10);
    if (!Number.isSafeInteger(pid) || pid <= 1) notes.push(`Pid file ${file} does not hold a pid ("${text.trim().slice(0, 20)}"); ignored.`);
    else if (!candidates.has(pid)) candidates.set(pid, `pid-file:${file}`);
  }
  const configured = getPath(loaded.config, ['gateway', 'port']);
  const port = opts.port ?? (typeof configured === 'number' ? configured : DEFAULT_PORT);
  try {
    for (const { processes } of await processesOnPort(port, roots)) {
      for (const p of processes) {
        if (candidates.has(p.pid)) continue;
        // A port from the config could be reused by something else: only a gateway-looking owner is stopped then.
        if (opts.port === undefined && !/openclaw/.test(p.cmdline)) {
          notes.push(`Port ${port} is held by pid ${p.pid} (${p.cmdline.slice(0, 60)}), which does not look like an OpenClaw gateway; not stopped (pass --port ${port} to force).`);
          continue;
        }
        candidates.set(p.pid, `port:${port}`);
      }
    }
  } catch (err) {
    notes.push(`Could not read listening sockets (${describeError(err)}).`);
  }
  if (opts.scanProcesses !== false) {
    try {
      for (const p of await findGatewayProcesses(roots)) {
        if (candidates.has(p.pid)) continue;
        const mine = await belongsTo(p, paths.stateDir, paths.home, roots);
        if (mine === false) continue;
        if (mine === undefined) {
          notes.push(`Gateway pid ${p.pid} (${p.user ?? `uid ${p.uid ?? '?'}`}) may belong to another install (environment unreadable); not stopped — pass --pid ${p.pid} to stop it.`);
          continue;
        }
        candidates.set(p.pid, 'process-list');
      }
    } catch (err) {
      notes.push(`Could not scan the process list (${describeError(err)}).`);
    }
  }
  const stopped: StoppedProcess[] = [];
  for (const [pid, foundBy] of candidates) {
    const info = await readProcess(pid, roots).catch(() => undefined);
    const cmdline = info?.cmdline ?? '';
    if (opts.dryRun) {
      stopped.push({ pid, cmdline, foundBy, outcome: info ? 'would-stop' : 'gone' });
      continue;
    }
    stopped.push({ pid, cmdline, foundBy, outcome: await stopProcess(pid, timeoutMs, roots) });
  }
  if (candidates.size === 0) notes.push(`No running gateway found (pid file, port ${port}, process list).`);
  let lockdown: ContainResult['lockdown'];
  if (opts.lockdown && configError) {
    lockdown = { changes: [], files: [], status: 'failed' };
    notes.push('Lockdown not written: fix the config first (it could not be parsed), then run `clawguard incident contain --lockdown` again.');
  } else if (opts.lockdown) {
    const changes = planLockdown(loaded.config);
    if (opts.dryRun || changes.length === 0) lockdown = { changes, files: [], status: changes.length ? 'planned' : 'already' };
    else {
      const out = await applyConfigEdits(loaded, changes, CONTAIN_BACKUP_LABEL);
      lockdown = { changes, files: out.files, backupDir: out.backupDir, status: 'applied' };
    }
  }
  const failed = stopped.filter((s) => s.outcome.startsWith('failed'));
  if (failed.length) {
    notes.push(`Could not stop ${failed.map((f) => `pid ${f.pid} (${f.outcome})`).join(', ')}: run as the gateway's user or root.`);
  }
  return { target: paths.stateDir, stopped, lockdown, notes };
}

/** True when every process found was stopped (or already gone). */
export function containSucceeded(result: ContainResult): boolean {
  return result.stopped.every((s) => !s.outcome.startsWith('failed'));
}

export function assertPort(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new ClawguardError('CG_USAGE', `Invalid port "${value}": use 1-65535.`);
  return n;
}
