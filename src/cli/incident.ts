// `clawguard incident contain | rotate | report`: the response protocol (contain, rotate, audit); `report` composes audit + forensics + monitor threats.
import { Option } from 'commander';
import { runAudit } from '../audit/index.js';
import { writeFileAtomic } from '../core/atomic.js';
import { ClawguardError, describeError } from '../core/errors.js';
import { locateOpenClaw } from '../core/openclaw/paths.js';
import { createReport } from '../core/report.js';
import { renderReport } from '../core/render/index.js';
import { DEFAULT_MONITOR_LOG_DIR, readThreats } from '../core/threat-log.js';
import { renderTimelineMarkdown, runForensics } from '../forensics/index.js';
import { assertPort, containIncident, containSucceeded, renderIncidentRecord, rotateCredentials, type ContainResult, type IncidentRecordInput, type RotateResult } from '../incident/index.js';
import { addLocateOptions, type LocateFlags } from './common.js';
import { EXIT } from './exit-codes.js';
import { addWindowOptions, forensicsOptionsFromFlags } from './forensics.js';
import type { CommandRuntime, RegisterCommand } from './program.js';

interface ContainFlags extends LocateFlags {
  pidFile?: string[];
  pid?: string[];
  port?: string;
  processScan?: boolean;
  timeout?: string;
  lockdown?: boolean;
  dryRun?: boolean;
  json?: boolean;
}

interface RotateFlags extends LocateFlags {
  dryRun?: boolean;
  json?: boolean;
}

interface ReportFlags extends LocateFlags {
  since?: string;
  until?: string;
  monitorLogDir?: string;
  logDir?: string;
  defaultLogs?: boolean;
  output?: string;
}

function containText(r: ContainResult): string {
  const lines = [`clawguard incident contain — ${r.target}`, ''];
  if (r.stopped.length === 0) lines.push('No gateway process was running.');
  for (const s of r.stopped) lines.push(`  pid ${s.pid}  ${s.outcome.padEnd(11)} found by ${s.foundBy}  ${s.cmdline.slice(0, 80)}`);
  if (r.lockdown) {
    lines.push('', `Lockdown: ${r.lockdown.status}`);
    for (const c of r.lockdown.changes) lines.push(`  ${c.path.join('.')}: ${JSON.stringify(c.before ?? null)} → ${JSON.stringify(c.value)}`);
    for (const f of r.lockdown.files) lines.push(`  wrote ${f}`);
    if (r.lockdown.backupDir) lines.push(`  backup ${r.lockdown.backupDir}`);
    if (r.lockdown.status === 'applied') lines.push('  Start the gateway again only after `clawguard incident rotate`; it will run sandboxed with exec denied.');
  }
  for (const n of r.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function rotateText(r: RotateResult): string {
  const g = r.gateway;
  const lines = [`clawguard incident rotate — ${r.target}`, ''];
  if (g.status === 'rotated') {
    lines.push(`Rotated ${g.keyPath}: ${g.oldFingerprint ?? '(none)'} → ${g.newFingerprint} in ${g.file}`);
    if (g.backupDir) lines.push(`  backup ${g.backupDir}`);
    lines.push('  Read the new value from the config (`openclaw config get gateway.auth.token`); restart the gateway and re-pair clients.');
  } else if (g.status === 'planned') lines.push(`Would rotate ${g.keyPath} (now ${g.oldFingerprint ?? 'unset'}).`);
  else lines.push(`Gateway credential not rotated: ${g.reason}`);
  lines.push('', `Rotate by hand (${r.manual.length}):`);
  for (const e of r.manual) {
    lines.push(`  - ${e.name}${e.fingerprint ? ` ${e.fingerprint}` : ''}`, `      where: ${e.location}`, `      how:   ${e.howTo}`);
  }
  if (r.manual.length === 0) lines.push('  (no other credentials found)');
  for (const n of r.notes) lines.push(`note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function emitJson(runtime: CommandRuntime, command: string, target: string, notes: string[], extra: Record<string, unknown>): void {
  runtime.io.out(renderReport(createReport(command, { target, findings: [], notes, extra }), 'json', { color: false }));
}

async function part<T>(fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: string }> {
  try {
    return { ok: true, value: await fn() };
  } catch (err) {
    return { ok: false, error: describeError(err) };
  }
}

export const registerIncident: RegisterCommand = (program, runtime) => {
  const incident = program.command('incident').description('Incident response: contain (stop the gateway, lock the config down), rotate (gateway token + credentials to rotate by hand), report (one Markdown record).');

  const contain = incident
    .command('contain')
    .description('Stop the running gateway (pid file, listening port, or process list; SIGTERM, then SIGKILL after --timeout) and, with --lockdown, write a locked-down config (exec denied, sandbox all/session, elevated off, groups on allowlist) with a backup. Exit 0 done, 74 a process could not be stopped.')
    .addOption(new Option('--pid-file <file...>', 'pid file(s) of the gateway (default <state-dir>/gateway.pid if present)'))
    .addOption(new Option('--pid <pid...>', 'stop these pids (trusted as the gateway)'))
    .option('--port <port>', 'stop whatever listens on this port (default: gateway.port, 18789; without this flag only an openclaw-looking owner is stopped)')
    .option('--no-process-scan', 'do not search the process list for gateways of this state dir')
    .option('--timeout <seconds>', 'seconds between SIGTERM and SIGKILL', '10')
    .option('--lockdown', 'also write the locked-down config (backup kept; undo by restoring it)')
    .option('--dry-run', 'show what would be stopped and changed; do nothing')
    .option('--json', 'print JSON');
  addLocateOptions(contain);
  contain.action(async (flags: ContainFlags) => {
    const timeout = Number(flags.timeout ?? '10');
    if (!Number.isFinite(timeout) || timeout < 0 || timeout > 600) throw new ClawguardError('CG_USAGE', `Invalid --timeout "${flags.timeout}": use 0-600 seconds.`);
    const pids = (flags.pid ?? []).map((p) => {
      const n = Number(p);
      if (!Number.isSafeInteger(n) || n <= 1) throw new ClawguardError('CG_USAGE', `Invalid --pid "${p}".`);
      return n;
    });
    const result = await containIncident({
      stateDir: flags.stateDir,
      configPath: flags.config,
      profile: flags.profile,
      env: runtime.io.env,
      pidFiles: flags.pidFile,
      pids,
      port: flags.port !== undefined ? assertPort(flags.port) : undefined,
      scanProcesses: flags.processScan,
      timeoutMs: timeout * 1000,
      lockdown: flags.lockdown,
      dryRun: flags.dryRun,
    });
    if (flags.json) emitJson(runtime, 'incident contain', result.target, result.notes, { stopped: result.stopped, lockdown: result.lockdown });
    else runtime.io.out(containText(result));
    runtime.setExitCode(containSucceeded(result) && result.lockdown?.status !== 'failed' ? EXIT.OK : EXIT.IO);
  });

  const rotate = incident
    .command('rotate')
    .description('Generate a new strong gateway token (or password in password mode), write it atomically with a backup, then list every credential to rotate by hand (provider keys in auth profiles and agent stores, channel and hook tokens, .env, env.vars, environment, secrets.json) with where it lives and how to rotate it. Secrets are shown only as fingerprints.')
    .option('--dry-run', 'list only; generate and write nothing')
    .option('--json', 'print JSON');
  addLocateOptions(rotate);
  rotate.action(async (flags: RotateFlags) => {
    const result = await rotateCredentials({ stateDir: flags.stateDir, configPath: flags.config, profile: flags.profile, env: runtime.io.env, dryRun: flags.dryRun });
    if (flags.json) emitJson(runtime, 'incident rotate', result.target, result.notes, { gateway: result.gateway, manual: result.manual });
    else runtime.io.out(rotateText(result));
    runtime.setExitCode(EXIT.OK);
  });

  const report = incident
    .command('report')
    .description('Write one Markdown incident record for a time window: audit findings, the forensic timeline, and the monitor threats. Exit 0 clean, 1 warnings/high, 2 critical.')
    .option('--monitor-log-dir <dir>', `the monitor's threat log directory (default ${DEFAULT_MONITOR_LOG_DIR})`)
    .option('--log-dir <dir>', "OpenClaw's default rolling-log directory (default /tmp/openclaw)")
    .option('--no-default-logs', 'do not read the default /tmp/openclaw log directory')
    .option('-o, --output <file>', 'write the record to this file instead of stdout');
  addWindowOptions(report);
  addLocateOptions(report);
  report.action(async (flags: ReportFlags) => {
    const env = runtime.io.env;
    const fopts = forensicsOptionsFromFlags(flags, env, runtime.io.signal);
    const paths = locateOpenClaw({ stateDir: flags.stateDir, configPath: flags.config, profile: flags.profile, env });
    const [audit, forensics, threats] = await Promise.all([
      part(async () => {
        const r = await runAudit({ stateDir: flags.stateDir, configPath: flags.config, profile: flags.profile, env });
        return { findings: r.findings, suppressed: r.suppressed, notes: r.notes };
      }),
      part(async () => {
        const r = await runForensics(fopts);
        return { findings: r.findings, timelineMarkdown: renderTimelineMarkdown(r, { headingLevel: 3 }), sessions: r.sessions.length };
      }),
      part(async () => {
        const logDir = flags.monitorLogDir ?? DEFAULT_MONITOR_LOG_DIR;
        const records = await readThreats(logDir, { since: fopts.since !== undefined ? new Date(fopts.since) : undefined, until: fopts.until !== undefined ? new Date(fopts.until) : undefined });
        return { records, logDir };
      }),
    ]);
    const input: IncidentRecordInput = { target: paths.stateDir, generatedAt: new Date().toISOString(), since: fopts.since, until: fopts.until, audit, forensics, threats };
    const text = renderIncidentRecord(input);
    if (flags.output) {
      await writeFileAtomic(flags.output, text, { mode: 0o600 });
      runtime.io.err(`Incident record written to ${flags.output}\n`);
    } else runtime.io.out(text);
    const findings = [...(audit.ok ? audit.value.findings : []), ...(forensics.ok ? forensics.value.findings : [])];
    const threatSev = threats.ok && threats.value.records.some((t) => t.severity === 'critical') ? EXIT.CRITICAL : threats.ok && threats.value.records.length ? EXIT.WARNINGS : EXIT.OK;
    const findSev = findings.some((f) => f.severity === 'critical') ? EXIT.CRITICAL : findings.some((f) => f.severity === 'high' || f.severity === 'warning') ? EXIT.WARNINGS : EXIT.OK;
    runtime.setExitCode(Math.max(threatSev, findSev));
  });
};

