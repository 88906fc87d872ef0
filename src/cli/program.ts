// Builds the commander program: global flags, then every command from the registry.
import { Command } from 'commander';
import { VERSION } from '../core/version.js';
import type { ExitCode } from './exit-codes.js';
import type { Io } from './io.js';

/** What a command's action resolves to; main.ts turns it into process.exitCode. */
export interface CommandRuntime {
  io: Io;
  /** Records the exit code of the command that ran. */
  setExitCode(code: ExitCode | number): void;
}

export type RegisterCommand = (program: Command, runtime: CommandRuntime) => void;

export function buildProgram(runtime: CommandRuntime, commands: readonly RegisterCommand[]): Command {
  const program = new Command('clawguard')
    .description('Security toolkit for self-hosted OpenClaw gateways: audit, egress, monitor, forensics, incident, cloud, report.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for unexpected errors')
    .showHelpAfterError('(run with --help for usage)')
    .configureHelp({ sortSubcommands: false, showGlobalOptions: true })
    // Set before registering: subcommands copy these settings when they are created, so a usage error in
    // `clawguard egress scan --bogus` becomes our exit 64 instead of commander's own process.exit(1).
    .exitOverride()
    .configureOutput({ writeOut: runtime.io.out, writeErr: runtime.io.err });
  for (const register of commands) register(program, runtime);
  return program;
}
