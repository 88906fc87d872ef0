// `clawguard egress`: scan skills for outbound-data risk, list domains, and block, quarantine or protect.
import { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { renderReport, type OutputFormat } from '../core/render/index.js';
import { createReport } from '../core/report.js';
import type { Finding } from '../core/types.js';
import {
  blockSkill,
  egressStatus,
  manageAllowlist,
  protectWorkspace,
  quarantineSkillByName,
  scanEgress,
  unquarantineSkillByName,
  type EgressLocateOptions,
  type EgressScanOptions,
} from '../egress/index.js';
import { addFormatOptions, addLocateOptions, pickFormat, type FormatFlags, type LocateFlags } from './common.js';
import { EXIT, exitCodeForFindings } from './exit-codes.js';
import type { CommandRuntime, RegisterCommand } from './program.js';

interface EgressFlags extends FormatFlags, LocateFlags {
  workspace?: string;
  workers?: string;
}

function withWorkspace(cmd: Command): Command {
  cmd.option('--workspace <dir>', 'workspace to scan (default: agents.defaults.workspace from the OpenClaw config, else <state-dir>/workspace, else the current directory)');
  return addLocateOptions(cmd);
}

function locate(flags: EgressFlags, runtime: CommandRuntime): EgressLocateOptions {
  return { workspace: flags.workspace, stateDir: flags.stateDir, configPath: flags.config, profile: flags.profile, env: runtime.io.env };
}

function scanOptions(flags: EgressFlags, runtime: CommandRuntime, format: OutputFormat): EgressScanOptions {
  let workers: number | undefined;
  if (flags.workers !== undefined) {
    workers = Number(flags.workers);
    if (!Number.isInteger(workers) || workers < 0 || workers > 256) throw new UsageError(`--workers must be an integer from 0 to 256, not "${flags.workers}".`);
  }
  return { ...locate(flags, runtime), workers, signal: runtime.io.signal, progress: format !== undefined };
}

function emit(runtime: CommandRuntime, format: OutputFormat, report: ReturnType<typeof createReport>, preface: string[] = []): void {
  if (format === 'text' && preface.length) runtime.io.out(`${preface.join('\n')}\n\n`);
  runtime.io.out(renderReport(report, format, { color: runtime.io.isTTY && !runtime.io.env.NO_COLOR }));
}

function statsLine(stats: { files: number; bytes: number; skills: number; durationMs: number; workers: number }): string {
  const mb = stats.bytes / (1024 * 1024);
  return `scanned ${stats.skills} skill(s), ${stats.files} file(s), ${mb.toFixed(1)} MB in ${(stats.durationMs / 1000).toFixed(2)} s on ${stats.workers || 1} thread(s)`;
}

export const registerEgress: RegisterCommand = (program, runtime) => {
  const egress = program
    .command('egress')
    .description('Find outbound-data risk in the agent workspace (network calls, exfiltration, secrets, hostile instructions in skills) and block, quarantine or protect.')
    .addHelpText('after', '\nExit codes: 0 clean or action done, 1 warnings / network calls to review, 2 critical risk, 64 usage, 66 unknown skill or workspace, 77 path outside the workspace.');

  const scan = withWorkspace(addFormatOptions(egress.command('scan').description('Scan the whole workspace (or only its skills) for network and data-exfiltration risk.'), ['json', 'sarif', 'markdown']))
    .option('--skills-only', 'scan only skill folders (skills/ and .agents/skills/), not the rest of the workspace')
    .option('--workers <n>', 'scan threads (default: one per core; 0 = scan on the main thread)');
  scan.action(async (flags: EgressFlags & { skillsOnly?: boolean }) => {
    const format = pickFormat(flags);
    const result = await scanEgress({ ...scanOptions(flags, runtime, format), skillsOnly: flags.skillsOnly });
    const report = createReport('egress scan', {
      target: result.workspace,
      findings: result.findings,
      suppressed: result.suppressed,
      notes: [...result.notes, statsLine(result.stats)],
      extra: { stats: result.stats, skills: result.skills.map((s) => ({ name: s.name, path: s.path })) },
    });
    emit(runtime, format, report);
    runtime.setExitCode(exitCodeForFindings(result.findings));
  });

  withWorkspace(addFormatOptions(egress.command('domains').description('List every external domain the workspace references, with counts and whether it is allowlisted.'), ['json', 'sarif', 'markdown']))
    .option('--skills-only', 'only domains referenced inside skills')
    .option('--workers <n>', 'scan threads (default: one per core)')
    .action(async (flags: EgressFlags & { skillsOnly?: boolean }) => {
      const format = pickFormat(flags);
      const result = await scanEgress({ ...scanOptions(flags, runtime, format), skillsOnly: flags.skillsOnly });
      const network = result.findings.filter((f) => f.area === 'network');
      const report = createReport('egress domains', {
        target: result.workspace,
        findings: network,
        suppressed: result.suppressed.filter((f) => f.area === 'network'),
        notes: result.notes,
        extra: { domains: result.domains },
      });
      if (format === 'text') {
        const lines = [`External domains in ${result.workspace}:`];
        if (result.domains.length === 0) lines.push('  (none)');
        const width = Math.max(6, ...result.domains.map((d) => d.host.length));
        for (const d of result.domains) lines.push(`  ${d.host.padEnd(width)}  ${String(d.count).padStart(5)}  ${d.allowlisted ? 'allowlisted' : 'NOT allowlisted'}  ${d.skills.length ? `skills: ${d.skills.join(', ')}` : d.files.slice(0, 3).join(', ')}`);
        const open = result.domains.filter((d) => !d.allowlisted).length;
        lines.push('', `${result.domains.length} domain(s), ${open} not allowlisted. Allow one: clawguard egress allowlist --add <domain>`);
        runtime.io.out(`${lines.join('\n')}\n`);
      } else emit(runtime, format, report);
      runtime.setExitCode(result.domains.some((d) => !d.allowlisted) ? EXIT.WARNINGS : EXIT.OK);
    });

  withWorkspace(addFormatOptions(egress.command('status').description('Quick status: skills, quarantined, blocked lines, last protect, allowlist size, highest risk.'), ['json', 'sarif', 'markdown']))
    .option('--workers <n>', 'scan threads (default: one per core)')
    .action(async (flags: EgressFlags) => {
      const format = pickFormat(flags);
      const s = await egressStatus(scanOptions(flags, runtime, format));
      const summary = {
        skills: s.skills,
        quarantined: s.quarantined,
        blockedLines: s.blockedLines,
        blockedFiles: s.blockedFiles,
        lastProtect: s.lastProtect ?? null,
        allowlist: s.allowlist,
        highestRisk: s.highestRisk,
        counts: s.counts,
      };
      if (format === 'text') {
        const lines = [
          `Workspace:     ${s.workspace}`,
          `Skills:        ${s.skills} active, ${s.quarantined.length} quarantined${s.quarantined.length ? ` (${s.quarantined.join(', ')})` : ''}`,
          `Blocked:       ${s.blockedLines} line(s) in ${s.blockedFiles} file(s)`,
          `Last protect:  ${s.lastProtect ? `${s.lastProtect.at} (quarantined ${s.lastProtect.quarantined.length}, blocked ${s.lastProtect.blockedLines} line(s))` : 'never'}`,
          `Allowlist:     ${s.allowlist.builtin} built-in + ${s.allowlist.custom} custom domain(s)`,
          `Highest risk:  ${s.highestRisk.toUpperCase()} (${s.counts.critical} critical, ${s.counts.high} high, ${s.counts.warning} warning, ${s.counts.info} info; ${s.suppressed.length} suppressed)`,
        ];
        if (s.highestRisk === 'critical') lines.push('', 'Next: clawguard egress protect   (quarantines critical skills, blocks high network lines)');
        runtime.io.out(`${lines.join('\n')}\n`);
      } else emit(runtime, format, createReport('egress status', { target: s.workspace, findings: s.findings, suppressed: s.suppressed, notes: s.notes, extra: { status: summary } }));
      runtime.setExitCode(exitCodeForFindings(s.findings));
    });

  withWorkspace(addFormatOptions(egress.command('block').argument('<skill>', 'skill folder name (e.g. weather) or workspace path (skills/weather)').description('Comment out CRITICAL/HIGH network and exfiltration statements in a skill\'s .py .js .mjs .cjs .ts .sh .bash files (backup kept, file stays parseable).'), ['json']))
    .option('--workers <n>', 'scan threads (default: one per core)')
    .action(async (skill: string, flags: EgressFlags) => {
      const format = pickFormat(flags);
      const r = await blockSkill({ ...scanOptions(flags, runtime, format), skill });
      const preface = [`Blocking network statements in ${r.skill}:`];
      for (const f of r.files) preface.push(`  ${f.status.padEnd(8)} ${f.file}${f.lines.length ? ` lines ${f.lines.join(',')}` : ''}${f.backup ? ` (backup ${f.backup})` : ''}${f.reason ? ` — ${f.reason}` : ''}`);
      if (r.files.length === 0) preface.push('  nothing to block');
      for (const m of r.manualReview) preface.push(`  REVIEW   ${m.file}${m.line ? `:${m.line}` : ''} ${m.ruleId} (${m.severity}) — ${m.why}`);
      if (r.backupDir) preface.push(`  backup set: ${r.backupDir}`);
      emit(runtime, format, createReport('egress block', { target: r.workspace, findings: r.findings, suppressed: r.suppressed, notes: r.notes, extra: { skill: r.skill, files: r.files, manualReview: r.manualReview, backupDir: r.backupDir } }), preface);
      runtime.setExitCode(r.manualReview.length ? EXIT.WARNINGS : EXIT.OK);
    });

  withWorkspace(addFormatOptions(egress.command('quarantine').argument('<skill>', 'skill folder name or workspace path').description('Move a skill out of every skills root (into .clawguard-quarantine/) so OpenClaw stops loading it.'), ['json']))
    .option('--reason <text>', 'why, recorded in the quarantine manifest')
    .action(async (skill: string, flags: EgressFlags & { reason?: string }) => {
      const format = pickFormat(flags);
      const r = await quarantineSkillByName({ ...locate(flags, runtime), skill, reason: flags.reason });
      if (format === 'json') runtime.io.out(`${JSON.stringify({ tool: 'clawguard', command: 'egress quarantine', ...r }, null, 2)}\n`);
      else runtime.io.out(r.status === 'already' ? `${r.skill} is already quarantined (${r.location}).\n` : `Quarantined ${r.skill} → ${r.location}. OpenClaw no longer loads it; undo with: clawguard egress unquarantine ${r.skill}\n`);
      runtime.setExitCode(EXIT.OK);
    });

  withWorkspace(addFormatOptions(egress.command('unquarantine').argument('<skill>', 'skill folder name or original workspace path').description('Restore a quarantined skill exactly (content, modes, path).'), ['json']))
    .option('--force', 'restore even if the quarantined copy changed since it was quarantined')
    .action(async (skill: string, flags: EgressFlags & { force?: boolean }) => {
      const format = pickFormat(flags);
      const r = await unquarantineSkillByName({ ...locate(flags, runtime), skill, force: flags.force });
      if (format === 'json') runtime.io.out(`${JSON.stringify({ tool: 'clawguard', command: 'egress unquarantine', ...r }, null, 2)}\n`);
      else runtime.io.out(r.status === 'already' ? `${r.skill} is not quarantined.\n` : `Restored ${r.skill}.${r.modified?.length ? ` Changed while quarantined: ${r.modified.join(', ')}.` : ''}\n`);
      runtime.setExitCode(EXIT.OK);
    });

  withWorkspace(addFormatOptions(egress.command('allowlist').description('Show the domain allowlist (built-in + .egress-allowlist.json), or add/remove a custom domain.'), ['json']))
    .option('--add <domain>', 'allow a domain and its subdomains')
    .option('--remove <domain>', 'remove a custom domain')
    .action(async (flags: EgressFlags & { add?: string; remove?: string }) => {
      const format = pickFormat(flags);
      const r = await manageAllowlist({ ...locate(flags, runtime), add: flags.add, remove: flags.remove });
      if (format === 'json') runtime.io.out(`${JSON.stringify({ tool: 'clawguard', command: 'egress allowlist', ...r }, null, 2)}\n`);
      else {
        const lines: string[] = [];
        if (r.change) lines.push(`${r.change.domain}: ${r.change.status}`, '');
        lines.push(`Custom (${r.file}):`, ...(r.custom.length ? r.custom.map((d) => `  ${d}`) : ['  (none)']), '', `Built-in (${r.builtin.length}):`, ...r.builtin.map((d) => `  ${d}`));
        runtime.io.out(`${lines.join('\n')}\n`);
      }
      runtime.setExitCode(EXIT.OK);
    });

  withWorkspace(addFormatOptions(egress.command('protect').description('Scan every skill, quarantine those with CRITICAL findings, block HIGH network lines in the rest, and report what is left.'), ['json', 'sarif', 'markdown']))
    .option('--workers <n>', 'scan threads (default: one per core)')
    .action(async (flags: EgressFlags) => {
      const format = pickFormat(flags);
      const r = await protectWorkspace(scanOptions(flags, runtime, format));
      const preface = ['Protect:'];
      preface.push(`  quarantined: ${r.quarantined.length ? r.quarantined.join(', ') : 'none'}`);
      const blocked = r.blocked.filter((b) => b.status === 'blocked');
      preface.push(`  blocked:     ${blocked.length ? blocked.map((b) => `${b.file} (lines ${b.lines.join(',')})`).join('; ') : 'none'}`);
      for (const m of r.manualReview) preface.push(`  REVIEW       ${m.file}${m.line ? `:${m.line}` : ''} ${m.ruleId} (${m.severity}) — ${m.why}`);
      preface.push(`  left:        ${r.remaining.critical} critical, ${r.remaining.high} high, ${r.remaining.warning} warning, ${r.remaining.info} info`);
      emit(runtime, format, createReport('egress protect', { target: r.workspace, findings: r.findings, suppressed: r.suppressed, notes: r.notes, extra: { quarantined: r.quarantined, blocked: r.blocked, manualReview: r.manualReview, backupDir: r.backupDir, remaining: r.remaining } }), preface);
      runtime.setExitCode(exitCodeForFindings(r.findings as Finding[]));
    });
  void scan;
};
