// `clawguard forensics`: flags → runForensics → timeline (text / Markdown) or report (JSON / SARIF) → exit code.
import { Option, type Command } from 'commander';
import { createProgress } from '../core/progress.js';
import { renderReport } from '../core/render/index.js';
import { createReport } from '../core/report.js';
import { runForensics, parseTimeBound, renderTimelineMarkdown, renderTimelineText, type ForensicsOptions, type ForensicsResult } from '../forensics/index.js';
import { addFormatOptions, addLocateOptions, pickFormat, type FormatFlags, type LocateFlags } from './common.js';
import { exitCodeForFindings } from './exit-codes.js';
import type { RegisterCommand } from './program.js';

interface ForensicsFlags extends FormatFlags, LocateFlags {
  agent?: string;
  session?: string;
  since?: string;
  until?: string;
  logDir?: string;
  defaultLogs?: boolean;
  file?: string[];
  claudeHome?: string;
}

/** Flags → options; shared with `incident report`. */
export function forensicsOptionsFromFlags(flags: ForensicsFlags, env: NodeJS.ProcessEnv, signal?: AbortSignal): ForensicsOptions {
  return {
    stateDir: flags.stateDir,
    configPath: flags.config,
    profile: flags.profile,
    agent: flags.agent,
    session: flags.session,
    since: flags.since !== undefined ? parseTimeBound(flags.since, '--since') : undefined,
    until: flags.until !== undefined ? parseTimeBound(flags.until, '--until') : undefined,
    logDir: flags.defaultLogs === false ? null : flags.logDir,
    extraFiles: flags.file,
    claudeHome: flags.claudeHome,
    env,
    signal,
  };
}

export function forensicsReport(result: ForensicsResult, command = 'forensics') {
  return createReport(command, {
    target: result.target,
    findings: result.findings,
    suppressed: result.suppressed,
    notes: result.notes,
    extra: { timeline: result.timeline, sessions: result.sessions, sources: result.sources, stats: result.stats },
  });
}

export function addWindowOptions(cmd: Command): Command {
  return cmd
    .option('--since <time>', 'only events at or after this time: ISO (2026-11-25T23:00Z), date, epoch ms, or a duration back from now (24h, 7d)')
    .option('--until <time>', 'only events at or before this time (same forms as --since)');
}

export const registerForensics: RegisterCommand = (program, runtime) => {
  const cmd = program
    .command('forensics')
    .description(
      'Reconstruct what the agent did: reads every transcript (agent SQLite stores read-only, JSONL sessions, cold .jsonl.zst archives, claude-cli transcripts, gateway logs), flags secrets leaving, credential reads, download-and-run, reverse shells, destructive commands, persistence, self-tampering and prompt injection, and links each action to the inbound message behind it. Exit 0 clean, 1 warnings/high, 2 critical.',
    )
    .option('--agent <id>', 'only this agent (directory name under agents/)')
    .option('--session <id>', 'only this session id');
  addWindowOptions(cmd);
  cmd
    .option('--log-dir <dir>', "OpenClaw's default rolling-log directory to read (default /tmp/openclaw)")
    .option('--no-default-logs', 'do not read the default /tmp/openclaw log directory')
    .addOption(new Option('--file <path...>', 'extra transcript/log files to read (JSONL, .jsonl.zst, openclaw-agent.sqlite, .log)'))
    .option('--claude-home <dir>', 'home whose .claude/projects holds claude-cli transcripts (default: the OpenClaw home)');
  addLocateOptions(cmd);
  addFormatOptions(cmd);
  cmd.action(async (flags: ForensicsFlags) => {
    const format = pickFormat(flags);
    const opts = forensicsOptionsFromFlags(flags, runtime.io.env, runtime.io.signal);
    const progress = createProgress('forensics', { enabled: runtime.io.isTTY && format === 'text' && !runtime.io.env.CI });
    let totalSet = false;
    opts.onProgress = (read, total) => {
      if (!totalSet) {
        progress.setTotal(Math.max(1, Math.round(total / 1048576)));
        totalSet = true;
      }
      progress.tick(0, `${Math.round(read / 1048576)} MB`);
    };
    let result: ForensicsResult;
    try {
      result = await runForensics(opts);
    } finally {
      progress.stop();
    }
    const color = runtime.io.isTTY && !runtime.io.env.NO_COLOR;
    if (format === 'text') runtime.io.out(renderTimelineText(result, { color }));
    else if (format === 'markdown') runtime.io.out(renderTimelineMarkdown(result));
    else runtime.io.out(renderReport(forensicsReport(result), format, { color: false }));
    runtime.setExitCode(exitCodeForFindings(result.findings));
  });
};
