#!/usr/bin/env node
// `npm start`: copies the demo OpenClaw home to a temp dir, gives it the loose modes a careless install has
// (git keeps no permission bits), audits the copy with the built CLI and removes it; the repo stays clean.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { materialiseDemo } from './materialise.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const cli = join(here, '..', '..', 'dist', 'cli', 'main.js');
const tmp = mkdtempSync(join(tmpdir(), 'clawguard-demo-'));
const state = materialiseDemo(tmp);

const args = [cli, 'audit', '--state-dir', state, '--log-dir', join(tmp, 'tmp-openclaw'), ...process.argv.slice(2)];
const res = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, HOME: tmp, OPENCLAW_HOME: tmp } });
rmSync(tmp, { recursive: true, force: true });
const code = res.status ?? 70;
process.stdout.write(`\n(clawguard audit exited ${code}: 0 clean, 1 warnings, 2 critical — see docs/audit.md)\n`);
process.exit(0);
