#!/usr/bin/env node
// Process entry: the only place that touches process.exitCode, signals and the fatal handler.
import { CommanderError } from 'commander';
import { describeError } from '../core/errors.js';
import { EXIT, exitCodeForError } from './exit-codes.js';
import type { Io } from './io.js';
import { loadCommands } from './commands.js';
import { buildProgram } from './program.js';

async function main(argv: string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const io: Io = {
    out: (text) => void process.stdout.write(text),
    err: (text) => void process.stderr.write(text),
    isTTY: process.stdout.isTTY === true,
    stdinIsTTY: process.stdin.isTTY === true,
    env: process.env,
    signal: controller.signal,
    debug,
  };
  let code: number = EXIT.OK;
  const program = buildProgram({ io, setExitCode: (c) => (code = c) }, await loadCommands(argv));
  try {
    await program.parseAsync(argv);
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Explicit --help / --version exit 0; help shown because a subcommand is missing is a usage error.
      return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    }
    const exit = exitCodeForError(err);
    io.err(`clawguard: ${describeError(err)}${exit === EXIT.INTERNAL && !debug ? ' (run with --debug for details)' : ''}\n`);
    if (debug && err instanceof Error && err.stack) io.err(`${err.stack}\n`);
    return exit;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(`clawguard: ${describeError(err)}\n`);
    process.exitCode = EXIT.INTERNAL;
  },
);
