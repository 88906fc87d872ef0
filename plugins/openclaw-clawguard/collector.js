// The security audit collector: runs `clawguard audit --json` and `clawguard egress scan --json` with a time
// limit and maps their findings to OpenClaw's SecurityAuditFinding shape under `clawguard.<rule id>` check ids.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

export const PLUGIN_ID = 'clawguard';
export const CHECK_PREFIX = 'clawguard.';
export const DEFAULT_TIMEOUT_MS = 60_000;
/** OpenClaw's audit text view gets unwieldy beyond this; the rest is summarised in one finding. */
export const MAX_FINDINGS_PER_RUN = 200;
/** Bytes of stdout accepted from one clawguard run (its JSON report). */
const MAX_STDOUT_BYTES = 32 * 1024 * 1024;

/**
 * @typedef {{ checkId: string, severity: 'info' | 'warn' | 'critical', title: string, detail: string, remediation?: string }} AuditFinding
 * @typedef {{ command?: string, timeoutMs?: number, workspace?: string, egress?: boolean, includeOpenClawChecks?: boolean }} PluginConfig
 * @typedef {{ config?: any, sourceConfig?: any, env?: Record<string, string | undefined>, stateDir?: string, configPath?: string }} CollectorContext
 * @typedef {{ code: number | null, stdout: string, stderr: string, error?: Error & { code?: string }, timedOut: boolean }} RunResult
 */

/** clawguard severities → OpenClaw's three levels. `high` is not critical in clawguard's exit codes either. */
export function mapSeverity(severity) {
  if (severity === 'critical') return 'critical';
  if (severity === 'high' || severity === 'warning') return 'warn';
  return 'info';
}

/** `file:line`, key path, endpoint or ref — whatever the finding has. */
function describeLocation(location) {
  if (!location || typeof location !== 'object') return '';
  const parts = [];
  if (location.file) parts.push(location.line ? `${location.file}:${location.line}` : String(location.file));
  if (location.keyPath) parts.push(`key ${location.keyPath}`);
  if (location.endpoint) parts.push(String(location.endpoint));
  if (location.ref) parts.push(String(location.ref));
  return parts.join(', ');
}

/**
 * Maps one clawguard finding (core/types.ts `Finding`) to OpenClaw's finding shape. Evidence is already redacted
 * by clawguard (`prefix…(len, sha256:8)`); it is passed through, never re-read from the source.
 * @returns {AuditFinding}
 */
export function mapFinding(finding, source) {
  const where = describeLocation(finding.location);
  const detailParts = [finding.message || finding.title];
  if (where) detailParts.push(`Location: ${where}`);
  if (finding.evidence) detailParts.push(`Evidence: ${finding.evidence}`);
  detailParts.push(`Source: clawguard ${source} (rule ${finding.ruleId}${finding.severity === 'high' ? ', severity high' : ''})`);
  /** @type {AuditFinding} */
  const mapped = {
    checkId: `${CHECK_PREFIX}${finding.ruleId}`,
    severity: mapSeverity(finding.severity),
    title: finding.title || finding.ruleId,
    detail: detailParts.join('\n'),
  };
  if (finding.remediation?.text) {
    mapped.remediation = finding.remediation.autoFix
      ? `${finding.remediation.text} (clawguard ${finding.remediation.autoFix} can apply it)`
      : finding.remediation.text;
  }
  return mapped;
}

/**
 * Turns one clawguard JSON report into OpenClaw findings. Audit findings that are OpenClaw's own checks
 * (`openclawId` set) are skipped unless asked for: OpenClaw already reports them under its id.
 * @returns {AuditFinding[]}
 */
export function mapReport(report, source, { includeOpenClawChecks = false } = {}) {
  const findings = Array.isArray(report?.findings) ? report.findings : [];
  const kept = findings.filter((f) => f && typeof f.ruleId === 'string' && (includeOpenClawChecks || !f.openclawId));
  const mapped = kept.slice(0, MAX_FINDINGS_PER_RUN).map((f) => mapFinding(f, source));
  if (kept.length > MAX_FINDINGS_PER_RUN) {
    mapped.push({
      checkId: `${CHECK_PREFIX}${source.replace(/\s+/g, '_')}.truncated`,
      severity: 'info',
      title: `clawguard ${source}: ${kept.length - MAX_FINDINGS_PER_RUN} more findings not shown`,
      detail: `clawguard ${source} reported ${kept.length} findings; the first ${MAX_FINDINGS_PER_RUN} are listed.`,
      remediation: `Run \`clawguard ${source}\` for the full list.`,
    });
  }
  const suppressed = Array.isArray(report?.suppressed) ? report.suppressed.length : 0;
  if (suppressed > 0) {
    mapped.push({
      checkId: `${CHECK_PREFIX}${source.replace(/\s+/g, '_')}.suppressed`,
      severity: 'info',
      title: `clawguard ${source}: ${suppressed} finding${suppressed === 1 ? '' : 's'} suppressed`,
      detail: `Suppressed by .clawguard-suppressions.json (reviewed and accepted); run \`clawguard ${source} --json\` to list them with their reasons.`,
    });
  }
  return mapped;
}

/**
 * Runs a command with a hard time limit, collecting stdout (bounded) and the head of stderr.
 * @returns {Promise<RunResult>}
 */
export function runBounded(command, args, { timeoutMs, cwd }) {
  return new Promise((resolvePromise) => {
    let stdout = '';
    let stdoutBytes = 0;
    let stderr = '';
    let timedOut = false;
    let settled = false;
    /** @param {RunResult} result */
    const settle = (result) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise(result);
    };
    let child;
    try {
      child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (error) {
      resolvePromise({ code: null, stdout: '', stderr: '', error: /** @type {Error} */ (error), timedOut: false });
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      stdoutBytes += Buffer.byteLength(chunk);
      if (stdoutBytes <= MAX_STDOUT_BYTES) stdout += chunk;
      else child.kill('SIGKILL');
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    child.on('error', (error) => settle({ code: null, stdout, stderr, error, timedOut }));
    child.on('close', (code) => settle({ code, stdout, stderr, timedOut }));
  });
}

/** The configured clawguard executable, else `$CLAWGUARD_BIN`, else `clawguard` from PATH. */
export function resolveCommand(pluginConfig, env) {
  return pluginConfig.command || env.CLAWGUARD_BIN || 'clawguard';
}

/** The workspace OpenClaw's agents use: plugin config, else agents.defaults.workspace, else <state>/workspace. */
export function resolveWorkspace(pluginConfig, cfg, stateDir, env) {
  const configured = pluginConfig.workspace || cfg?.agents?.defaults?.workspace;
  if (typeof configured === 'string' && configured.trim()) {
    const value = configured.trim();
    const home = env.OPENCLAW_HOME || env.HOME || homedir();
    return value === '~' ? home : value.startsWith('~/') ? join(home, value.slice(2)) : resolve(value);
  }
  return stateDir ? join(stateDir, 'workspace') : undefined;
}

/** Reads `plugins.entries.clawguard.config` from the resolved config. */
export function readPluginConfig(cfg) {
  const raw = cfg?.plugins?.entries?.[PLUGIN_ID]?.config;
  return raw && typeof raw === 'object' ? /** @type {PluginConfig} */ (raw) : {};
}

/** One finding that says a clawguard run could not complete, and why (never silently empty). */
function runFailure(source, command, result, timeoutMs) {
  const base = `${CHECK_PREFIX}${source.replace(/\s+/g, '_')}`;
  if (result.error?.code === 'ENOENT') {
    return {
      checkId: `${CHECK_PREFIX}not_installed`,
      severity: 'warn',
      title: 'clawguard is not installed or not on PATH',
      detail: `The clawguard plugin could not start \`${command}\` (ENOENT), so its checks did not run.`,
      remediation: 'Install it (`npm install -g clawguard`) or set plugins.entries.clawguard.config.command to its absolute path.',
    };
  }
  if (result.timedOut) {
    return {
      checkId: `${base}.timeout`,
      severity: 'warn',
      title: `clawguard ${source} did not finish within ${timeoutMs} ms`,
      detail: `The run was stopped after ${timeoutMs} ms; its findings are missing from this audit.`,
      remediation: `Run \`clawguard ${source}\` directly, or raise plugins.entries.clawguard.config.timeoutMs.`,
    };
  }
  const firstLine = (result.stderr || result.error?.message || '').split('\n').find((l) => l.trim()) ?? '';
  return {
    checkId: `${base}.failed`,
    severity: 'warn',
    title: `clawguard ${source} failed`,
    detail: `\`${command} ${source}\` exited with code ${result.code}${firstLine ? `: ${firstLine.trim()}` : ''}.`,
    remediation: `Run \`clawguard ${source}\` directly to see the error.`,
  };
}

/**
 * Runs one clawguard command and maps its JSON report. Exit codes 0/1/2 are "ran, with findings of that level";
 * anything else is a failure reported as one warn finding.
 * @returns {Promise<AuditFinding[]>}
 */
export async function runClawguard(source, command, args, options) {
  const result = await runBounded(command, args, options);
  if (result.error || result.timedOut || ![0, 1, 2].includes(result.code ?? -1)) {
    return [runFailure(source, command, result, options.timeoutMs)];
  }
  let report;
  try {
    report = JSON.parse(result.stdout);
  } catch {
    return [runFailure(source, command, { ...result, stderr: 'output was not JSON' }, options.timeoutMs)];
  }
  return mapReport(report, source, { includeOpenClawChecks: options.includeOpenClawChecks });
}

/**
 * The collector OpenClaw calls during `openclaw security audit --deep` with
 * `{config, sourceConfig, env, stateDir, configPath}`. Both runs go in parallel, each bounded by timeoutMs.
 * @param {CollectorContext} ctx
 * @returns {Promise<AuditFinding[]>}
 */
export async function collectClawguardFindings(ctx) {
  // The children inherit this process's environment; OpenClaw's view of it (ctx env) only picks the binary and
  // expands `~`. State dir and config path are passed as flags, so both tools audit the same files.
  const { env: openclawEnv = {}, config, sourceConfig, stateDir, configPath } = ctx ?? {};
  const pluginConfig = readPluginConfig(config ?? sourceConfig);
  const command = resolveCommand(pluginConfig, openclawEnv);
  const timeoutMs = Number.isInteger(pluginConfig.timeoutMs) && pluginConfig.timeoutMs > 0 ? pluginConfig.timeoutMs : DEFAULT_TIMEOUT_MS;
  const includeOpenClawChecks = pluginConfig.includeOpenClawChecks === true;
  const options = { timeoutMs, includeOpenClawChecks };

  const auditArgs = ['audit', '--json'];
  if (stateDir) auditArgs.push('--state-dir', stateDir);
  if (configPath) auditArgs.push('--config', configPath);
  const runs = [runClawguard('audit', command, auditArgs, options)];

  const workspace = pluginConfig.egress === false ? undefined : resolveWorkspace(pluginConfig, config, stateDir, openclawEnv);
  if (workspace && existsSync(workspace)) {
    runs.push(runClawguard('egress scan', command, ['egress', 'scan', '--json', '--workspace', workspace], options));
  }
  return (await Promise.all(runs)).flat();
}
