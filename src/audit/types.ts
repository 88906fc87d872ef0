// Contracts of the audit: options, the check shape, the read-only context checks see, fix plans and results.
import type { Stats } from 'node:fs';
import type { HostRoots } from '../core/host/index.js';
import type { JsonObject, LoadedConfig } from '../core/openclaw/config.js';
import type { OpenClawPaths } from '../core/openclaw/paths.js';
import type { Finding, Location, Severity } from '../core/types.js';

export interface AuditOptions {
  /** Explicit state dir (`--state-dir`). */
  stateDir?: string;
  /** Explicit config file (`--config`). */
  configPath?: string;
  /** OpenClaw profile name. */
  profile?: string;
  /** Environment used to locate OpenClaw and to judge the gateway's environment; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** Run live host probes (listeners, HTTP probe, docker socket, gateway user). */
  deep?: boolean;
  /** Apply safe fixes before reporting. */
  fix?: boolean;
  /** With `fix`: compute the plan and a diff, change nothing. */
  dryRun?: boolean;
  /** Suppressions file; default `<state>/.clawguard-suppressions.json`. */
  suppressionsFile?: string;
  /** Timeout of each deep probe, in milliseconds (default 2000). */
  probeTimeoutMs?: number;
  /** Where procfs lives (tests). */
  hostRoots?: HostRoots;
  /** Docker socket paths to probe with --deep (default /var/run/docker.sock and /run/docker.sock). */
  dockerSockets?: string[];
  /** Default OpenClaw log directory (default /tmp/openclaw). */
  defaultLogDir?: string;
  /** Progress callback (the CLI draws a bar on a TTY). */
  onProgress?: (done: number, total: number, label: string) => void;
  signal?: AbortSignal;
}

export type FixStatus = 'applied' | 'already' | `skipped:${string}` | `failed:${string}`;

/** One step of a fix plan. Plans are data; one applier executes them. */
export type FixAction =
  | { kind: 'chmod'; path: string; mode: number; /** Expected type: `dir` or `file`. */ expect: 'dir' | 'file' }
  | { kind: 'config-set'; path: ReadonlyArray<string | number>; value: JsonObjectValue; /** Shown instead of the value (secrets). */ display?: string; /** Why this value. */ reason: string; /** Only set when the current value is one of these (undefined = any). */ onlyIf?: (current: unknown) => boolean };

type JsonObjectValue = string | number | boolean | null | JsonObject | JsonObjectValue[];

export interface FixResult {
  /** The check whose plan produced it. */
  checkId: string;
  /** What was done: `chmod 600 <path>`, `set gateway.auth.token`. */
  action: string;
  /** File changed (config file that owns the key, or chmod target). */
  path: string;
  status: FixStatus;
  /** Extra detail: where a generated secret was written, the old mode. */
  detail?: string;
}

/** A cached lstat result: the stats, or the errno code when it failed. */
export type StatEntry = { stats: Stats } | { error: string };

/** Built once per audit; read-only for checks. */
export interface AuditContext {
  paths: OpenClawPaths;
  loaded: LoadedConfig;
  /** The merged effective config (`{}` when there is none). */
  config: JsonObject;
  env: NodeJS.ProcessEnv;
  /** Environment of the running gateway process, when found and readable. */
  gatewayEnv?: { pid: number; env: Record<string, string> };
  deep: boolean;
  /** lstat through a per-audit cache. */
  lstat(path: string): Promise<StatEntry>;
  /** Files under a directory (recursive, bounded, never following symlinks), through a cache. */
  listFiles(dir: string, options?: { maxDepth?: number; maxFiles?: number }): Promise<string[]>;
  /** Agent ids whose directories matter: `main`, the default agent, every configured and on-disk agent. */
  agentIds: string[];
  /** The workspace dir (config or `<state>/workspace`). */
  workspaceDir: string;
  /** Default log directory outside the state dir. */
  defaultLogDir: string;
  options: AuditOptions;
  /** Deep-probe results, shared by deep checks (undefined without --deep). */
  probes?: DeepProbes;
}

export interface DeepProbes {
  port: number;
  listeners: Array<{ address: string; port: number; loopback: boolean; wildcard: boolean; pids: number[]; users: string[] }>;
  gatewayProcesses: Array<{ pid: number; user?: string; uid?: number }>;
  http?: { url: string; status?: number; error?: string };
  dockerSockets: Array<{ path: string; mode?: number; uid?: number; gid?: number; reachable: boolean; error?: string }>;
  notes: string[];
}

/** What a failing check reports; turned into a Finding by the runner. */
export interface Hit {
  /** Override of the check id for templated ids (`tools.elevated.allowFrom.<channel>.wildcard`). */
  id?: string;
  /** Override of the check's default severity (OpenClaw's warn/critical checks). */
  severity?: Severity;
  title?: string;
  message: string;
  location?: Location;
  evidence?: string;
  remediation?: string;
}

export type CheckOutcome = { status: 'pass' } | { status: 'skip'; reason: string } | { status: 'fail'; hits: Hit[] };

export interface Check {
  /** Stable id: the real OpenClaw check id where one exists, else `audit.<area>.<name>`. */
  id: string;
  /** Default severity (a hit may raise or lower it, as OpenClaw's warn/critical checks do). */
  severity: Severity;
  /** One sentence naming what is wrong when the check fails. */
  title: string;
  /** Grouping for human output. */
  area: string;
  /** The real `openclaw security audit` check id this reproduces. */
  openclawId?: string;
  /** Severities the check may report besides the default (docs). */
  severities?: Severity[];
  /** Live probe: runs only with --deep. */
  deep?: true;
  /** How to fix it by hand. */
  remediation: string;
  /** Longer explanation for the doc page. */
  why: string;
  run(ctx: AuditContext): CheckOutcome | Promise<CheckOutcome>;
  /** Fix plan for --fix; applied by the one shared applier. */
  fix?(ctx: AuditContext): FixAction[] | Promise<FixAction[]>;
}

export interface AuditResult {
  /** Located OpenClaw paths. */
  target: { stateDir: string; configPath: string; configExists: boolean };
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
  /** Per-action fix results (empty without --fix). */
  fixes: FixResult[];
  /** Unified diff of config edits (with --fix --dry-run, secrets redacted). */
  diff?: string;
  /** Backup directory of this --fix run, when something changed. */
  backupDir?: string;
  /** Probe data from --deep. */
  probes?: DeepProbes;
  /** Number of checks that ran, passed, failed, were skipped. */
  stats: { checks: number; passed: number; failed: number; skipped: number; durationMs: number };
}
