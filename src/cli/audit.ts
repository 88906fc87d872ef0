// `clawguard audit`: every check of the real OpenClaw audit plus the gaps it misses; --deep probes, --fix, --dry-run, --undo.
import { Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { locateOpenClaw } from '../core/openclaw/paths.js';
import { createProgress } from '../core/progress.js';
import { renderReport } from '../core/render/index.js';
import { createReport } from '../core/report.js';
import { restoreLatestBackup } from '../core/atomic.js';
import { FIX_BACKUP_LABEL, runAudit, type FixResult } from '../audit/index.js';
import { addFormatOptions, addLocateOptions, pickFormat, type FormatFlags, type LocateFlags } from './common.js';
import { EXIT, exitCodeForFindings } from './exit-codes.js';
import type { RegisterCommand } from './program.js';

interface AuditFlags extends FormatFlags, LocateFlags {
  deep?: boolean;
  fix?: boolean;
  dryRun?: boolean;
  undo?: boolean;
  suppressions?: string;
  probeTimeout?: string;
  logDir?: string;
  procRoot?: string;
  dockerSocket?: string[];
}

function fixSummary(fixes: readonly FixResult[]): string[] {
  const counts = new Map<string, number>();
  for (const f of fixes) {
    const key = f.status.split(':')[0] as string;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const lines = fixes.filter((f) => f.status !== 'already' && f.status !== 'skipped:missing').map((f) => `  ${f.status.padEnd(18)} ${f.action}${f.detail ? ` (${f.detail})` : ''}`);
  const total = ['applied', 'already', 'skipped', 'failed'].map((k) => `${counts.get(k) ?? 0} ${k}`).join(', ');
  return [`fix: ${total}`, ...lines];
}

export const registerAudit: RegisterCommand = (program, runtime) => {
  const cmd = addLocateOptions(
    addFormatOptions(
      program
        .command('audit')
        .description('Audit an OpenClaw install: every check of `openclaw security audit` (same ids), plus plaintext secrets, transcripts and logs, the gateway environment, egress, sandbox mounts and hardening-guide items.')
        .addHelpText('after', '\nExit codes: 0 clean, 1 warnings, 2 critical, 64 usage, 65 bad suppressions file, 74 file error, 78 config cannot be parsed (file:line:column).\nDocs: docs/audit.md; one page per check in docs/rules/.'),
    ),
  )
    .option('--deep', 'also probe this host live: listeners on the gateway port (/proc/net/tcp{,6}), POST /tools/invoke without a token, docker socket, the gateway process user and environment')
    .option('--fix', 'apply safe fixes first (groupPolicy open→allowlist, chmod 700/600 incl. nested files, mDNS minimal, strong gateway token), atomically with a backup; the report shows the state after fixing')
    .option('--dry-run', 'with --fix: print the planned changes and a unified diff (secrets redacted); change nothing')
    .option('--undo', 'restore the files changed by the last `audit --fix` from its backup')
    .option('--suppressions <file>', 'suppressions file (default: <state-dir>/.clawguard-suppressions.json); OpenClaw security.audit.suppressions are honoured too')
    .option('--log-dir <dir>', "OpenClaw's default log directory, outside the state dir (default /tmp/openclaw)")
    .option('--probe-timeout <ms>', 'timeout of each --deep probe in milliseconds (default 2000)')
    // Test seams for --deep: a fake procfs tree and docker socket paths.
    .addOption(new Option('--proc-root <dir>', 'procfs root for --deep (default /proc)').hideHelp())
    .addOption(new Option('--docker-socket <path...>', 'docker socket paths for --deep').hideHelp());

  cmd.action(async (flags: AuditFlags) => {
    const format = pickFormat(flags);
    if (flags.dryRun && !flags.fix) throw new UsageError('--dry-run only makes sense with --fix.');
    if (flags.undo && (flags.fix || flags.deep)) throw new UsageError('--undo cannot be combined with --fix or --deep.');
    let probeTimeoutMs: number | undefined;
    if (flags.probeTimeout !== undefined) {
      probeTimeoutMs = Number(flags.probeTimeout);
      if (!Number.isInteger(probeTimeoutMs) || probeTimeoutMs < 50 || probeTimeoutMs > 60_000) throw new UsageError(`--probe-timeout must be an integer from 50 to 60000 ms, not "${flags.probeTimeout}".`);
    }
    const env = runtime.io.env;

    if (flags.undo) {
      const paths = locateOpenClaw({ stateDir: flags.stateDir, configPath: flags.config, profile: flags.profile, env });
      const restored = await restoreLatestBackup(paths.stateDir, FIX_BACKUP_LABEL);
      if (!restored) {
        runtime.io.err(`clawguard: no \`audit --fix\` backup to restore under ${paths.stateDir}/.clawguard-backups.\n`);
        runtime.setExitCode(EXIT.NOT_FOUND);
        return;
      }
      const out = { undo: { backupDir: restored.backupDir, restored: restored.restored, removed: restored.removed } };
      if (format === 'json') runtime.io.out(`${JSON.stringify(out, null, 2)}\n`);
      else runtime.io.out(`Restored ${restored.restored.length} file(s)${restored.removed.length ? `, removed ${restored.removed.length} created file(s)` : ''} from ${restored.backupDir}.\n${restored.restored.map((p) => `  ${p}`).join('\n')}\n`);
      runtime.setExitCode(EXIT.OK);
      return;
    }

    const progress = createProgress(flags.deep ? 'audit --deep' : 'audit', { enabled: runtime.io.isTTY && format === 'text' && !env.CI });
    let result;
    try {
      result = await runAudit({
        stateDir: flags.stateDir,
        configPath: flags.config,
        profile: flags.profile,
        env,
        deep: flags.deep,
        fix: flags.fix,
        dryRun: flags.dryRun,
        suppressionsFile: flags.suppressions,
        probeTimeoutMs,
        defaultLogDir: flags.logDir,
        hostRoots: flags.procRoot ? { proc: flags.procRoot, passwd: `${flags.procRoot}/../passwd` } : undefined,
        dockerSockets: flags.dockerSocket,
        signal: runtime.io.signal,
        onProgress: (done, total, label) => {
          progress.setTotal(total);
          progress.tick(1, label);
          void done;
        },
      });
    } finally {
      progress.stop();
    }
    const report = createReport(flags.fix ? (flags.dryRun ? 'audit --fix --dry-run' : 'audit --fix') : flags.deep ? 'audit --deep' : 'audit', {
      target: result.target.stateDir,
      findings: result.findings,
      suppressed: result.suppressed,
      notes: [...result.notes, `${result.stats.checks} checks in ${result.stats.durationMs} ms: ${result.stats.failed} failed, ${result.stats.passed} passed, ${result.stats.skipped} not applicable.`],
      extra: {
        configPath: result.target.configPath,
        stats: result.stats,
        ...(flags.fix ? { fix: { dryRun: flags.dryRun === true, backupDir: result.backupDir, actions: result.fixes, diff: result.diff } } : {}),
        ...(result.probes ? { deep: result.probes } : {}),
      },
    });
    if (format === 'text' && flags.fix) {
      const pre = fixSummary(result.fixes);
      if (flags.dryRun) pre.unshift('dry run: nothing was changed.');
      if (result.diff) pre.push('', result.diff.trimEnd());
      runtime.io.out(`${pre.join('\n')}\n\n`);
    }
    runtime.io.out(renderReport(report, format, { color: runtime.io.isTTY && !env.NO_COLOR }));
    const failed = result.fixes.some((f) => f.status.startsWith('failed'));
    const code = exitCodeForFindings(result.findings);
    runtime.setExitCode(failed && code === EXIT.OK ? EXIT.WARNINGS : code);
  });
};
