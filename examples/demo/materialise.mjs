// The demo OpenClaw home as `npm start`, the conformance run and bench/audit use it: a copy with the loose
// modes a careless install has (git keeps no permission bits).
import { chmodSync, cpSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DEMO_STATE = join(dirname(fileURLToPath(import.meta.url)), 'state');

/** Directories 755 and files 644 (umask 022): what a hurried setup leaves behind. */
export function loosenModes(dir) {
  chmodSync(dir, 0o755);
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) loosenModes(full);
    else chmodSync(full, 0o644);
  }
}

/** Copies the demo state dir to `<root>/state` with loose modes and a group-writable config; returns its path. */
export function materialiseDemo(root) {
  const state = join(root, 'state');
  cpSync(DEMO_STATE, state, { recursive: true });
  loosenModes(state);
  chmodSync(join(state, 'openclaw.json'), 0o664);
  return state;
}
