// Every command and subcommand explains itself: a description, help text for every option and argument, a
// docs/<command>.md page per top-level command, linked from docs/index.md; `--help` works from the real CLI.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Command } from 'commander';
import { REPO_ROOT, runCli } from '../test-support/cli.js';
import type { Io } from './io.js';
import { loadCommands } from './commands.js';
import { buildProgram } from './program.js';

const ALL_COMMANDS = await loadCommands(['node', 'clawguard']);

function walk(cmd: Command, path: string[] = []): Array<{ path: string[]; cmd: Command }> {
  const here = { path, cmd };
  return [here, ...cmd.commands.flatMap((sub) => walk(sub, [...path, sub.name()]))];
}

function program(): Command {
  const io: Io = { out: () => {}, err: () => {}, isTTY: false, stdinIsTTY: false, env: {}, signal: new AbortController().signal, debug: false };
  return buildProgram({ io, setExitCode: () => {} }, ALL_COMMANDS);
}

const all = walk(program()).filter((c) => c.path.length > 0);
const topLevel = all.filter((c) => c.path.length === 1).map((c) => c.path[0] as string);

describe('CLI help', () => {
  it('--version and -V print the package version without loading any command', async () => {
    const { version } = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    assert.deepEqual(await loadCommands(['node', 'clawguard', '--version']), []);
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      assert.equal(r.code, 0);
      assert.equal(r.stdout.trim(), version);
    }
  });
  it('registers at least one command', () => {
    assert.ok(topLevel.length > 0, 'no command registered in src/cli/commands.ts');
  });

  it('gives every command and subcommand a description', () => {
    const missing = all.filter((c) => !c.cmd.description().trim()).map((c) => c.path.join(' '));
    assert.deepEqual(missing, [], `commands without a description: ${missing.join(', ')}`);
  });

  it('gives every option a help text', () => {
    const missing: string[] = [];
    for (const { path, cmd } of walk(program())) {
      for (const opt of cmd.options) if (!opt.description?.trim()) missing.push(`${['clawguard', ...path].join(' ')} ${opt.flags}`);
    }
    assert.deepEqual(missing, [], `options without help text: ${missing.join(', ')}`);
  });

  it('gives every argument a help text', () => {
    const missing: string[] = [];
    for (const { path, cmd } of all) {
      for (const arg of cmd.registeredArguments) if (!arg.description?.trim()) missing.push(`${path.join(' ')} <${arg.name()}>`);
    }
    assert.deepEqual(missing, [], `arguments without help text: ${missing.join(', ')}`);
  });

  it('renders --help for every command and subcommand, naming each option', () => {
    for (const { path, cmd } of all) {
      const text = cmd.helpInformation();
      assert.match(text, /^Usage: /m, `${path.join(' ')}: help has no usage line`);
      for (const opt of cmd.options.filter((o) => !o.hidden)) assert.ok(text.includes(opt.flags), `${path.join(' ')}: --help does not show ${opt.flags}`);
      for (const sub of cmd.commands) assert.ok(text.includes(sub.name()), `${path.join(' ')}: --help does not list ${sub.name()}`);
    }
  });

  it('has docs/<command>.md for every top-level command, linked from docs/index.md', () => {
    const missing = topLevel.filter((name) => !existsSync(join(REPO_ROOT, 'docs', `${name}.md`)));
    assert.deepEqual(missing, [], `missing doc pages: ${missing.map((n) => `docs/${n}.md`).join(', ')}`);
    const index = readFileSync(join(REPO_ROOT, 'docs', 'index.md'), 'utf8');
    const unlinked = topLevel.filter((name) => !index.includes(`(${name}.md)`));
    assert.deepEqual(unlinked, [], `docs/index.md does not link: ${unlinked.join(', ')}`);
  });

  it('prints --help from the real CLI for the program and every top-level command', { timeout: 120_000 }, async () => {
    const root = await runCli(['--help']);
    assert.equal(root.code, 0, root.stderr);
    for (const name of topLevel) assert.ok(root.stdout.includes(name), `clawguard --help does not list ${name}`);
    const runs = await Promise.all(topLevel.map((name) => runCli([name, '--help']).then((r) => ({ name, ...r }))));
    for (const r of runs) {
      assert.equal(r.code, 0, `clawguard ${r.name} --help exited ${r.code}: ${r.stderr}`);
      assert.match(r.stdout, new RegExp(`^Usage: clawguard ${r.name}`, 'm'));
    }
  });
});
