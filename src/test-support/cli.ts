// Test helpers: run the built CLI as a child process, and make temp dirs that clean themselves up.
import { spawn } from 'node:child_process';
import { mkdtempSync, promises as fs, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** True when tests run from src/ under tsx (a helper's inner loop) rather than from the built dist/. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
export const CLI_PATH = fileURLToPath(new URL(FROM_SOURCE ? '../cli/main.ts' : '../cli/main.js', import.meta.url));
/** Node arguments that start the CLI: the built file, or the source through tsx. */
export const CLI_NODE_ARGS: readonly string[] = FROM_SOURCE ? ['--import', 'tsx', CLI_PATH] : [CLI_PATH];

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  input?: string;
  timeoutMs?: number;
}

/** Runs `node dist/cli/main.js ...args` with an isolated HOME unless the caller sets one. */
export function runCli(args: readonly string[], options: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CLI_NODE_ARGS, ...args], {
      cwd: options.cwd,
      env: { PATH: process.env.PATH, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** A fresh real directory under the OS temp dir (realpath'd, so symlink checks see the truth). */
export function makeTempDir(prefix = 'clawguard-test-'): string {
  return realpathSync(mkdtempSync(join(tmpdir(), prefix)));
}

export async function removeDir(dir: string): Promise<void> {
  await fs.rm(dir, { recursive: true, force: true });
}

/** Writes files from a `{relativePath: content}` map; `mode` per file via `[content, mode]`. */
export async function writeTree(root: string, files: Record<string, string | Buffer | [string | Buffer, number]>): Promise<void> {
  for (const [rel, spec] of Object.entries(files)) {
    const full = join(root, rel);
    await fs.mkdir(join(full, '..'), { recursive: true });
    const [content, mode] = Array.isArray(spec) ? spec : [spec, undefined];
    await fs.writeFile(full, content);
    if (mode !== undefined) await fs.chmod(full, mode);
  }
}
