// Flag helpers shared by commands: output format, OpenClaw location, report emission.
import { Option, type Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { type OutputFormat, renderReport } from '../core/render/index.js';
import type { Report } from '../core/types.js';
import { exitCodeForFindings, type ExitCode } from './exit-codes.js';
import type { Io } from './io.js';

export interface FormatFlags {
  json?: boolean;
  sarif?: boolean;
  markdown?: boolean;
}

export interface LocateFlags {
  stateDir?: string;
  config?: string;
  profile?: string;
}

export function addFormatOptions(cmd: Command, formats: ReadonlyArray<'json' | 'sarif' | 'markdown'> = ['json', 'sarif', 'markdown']): Command {
  if (formats.includes('json')) cmd.option('--json', 'print JSON (machine-readable; suppressed findings included)');
  if (formats.includes('sarif')) cmd.option('--sarif', 'print SARIF 2.1.0 (for code-scanning UIs)');
  if (formats.includes('markdown')) cmd.option('--markdown', 'print Markdown');
  return cmd;
}

export function addLocateOptions(cmd: Command): Command {
  return cmd
    .option('--state-dir <dir>', 'OpenClaw state dir (default: $OPENCLAW_STATE_DIR, else ~/.openclaw)')
    .option('--config <file>', 'OpenClaw config file (default: $OPENCLAW_CONFIG_PATH, else <state-dir>/openclaw.json)')
    .addOption(new Option('--profile <name>', 'OpenClaw profile: ~/.openclaw-<name>'));
}

export function pickFormat(flags: FormatFlags): OutputFormat {
  const chosen = (['json', 'sarif', 'markdown'] as const).filter((f) => flags[f]);
  if (chosen.length > 1) throw new UsageError(`Choose one output format, not ${chosen.map((c) => `--${c}`).join(' and ')}.`);
  return chosen[0] ?? 'text';
}

/** Renders the report to stdout and returns the exit code its findings imply. */
export function emitReport(io: Io, report: Report, format: OutputFormat): ExitCode {
  io.out(renderReport(report, format, { color: io.isTTY && !io.env.NO_COLOR }));
  return exitCodeForFindings(report.findings);
}
