// The egress ledger at the workspace root: lines blocked (with their backups) and the last protect run.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { ClawguardError, hasErrnoCode } from '../core/errors.js';
import type { SeverityCounts } from '../core/types.js';

export const STATE_FILE = '.clawguard-egress.json';

export interface BlockedFileRecord {
  /** Workspace-relative path of the modified file. */
  file: string;
  /** Workspace-relative path of its `.bak` copy (the content before the first block). */
  backup: string;
  /** sha256 of the backup, so a scan can tell clawguard's own backup from a planted file. */
  backupSha256: string;
  /** Workspace-relative skill path. */
  skill: string;
  /** 1-based lines commented out (in the current file). */
  lines: number[];
  blockedAt: string;
}

export interface ProtectRecord {
  at: string;
  quarantined: string[];
  blockedLines: number;
  remaining: SeverityCounts;
}

export interface EgressState {
  version: 1;
  blocked: BlockedFileRecord[];
  lastProtect?: ProtectRecord;
}

export async function loadState(workspace: string): Promise<EgressState> {
  const file = join(workspace, STATE_FILE);
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as Partial<EgressState>;
    return { version: 1, blocked: Array.isArray(parsed.blocked) ? parsed.blocked : [], lastProtect: parsed.lastProtect };
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) return { version: 1, blocked: [] };
    throw new ClawguardError('CG_INPUT', `Cannot read ${file}: ${(err as Error).message}. Fix or delete it (it only records what clawguard blocked).`);
  }
}

export async function saveState(workspace: string, state: EgressState): Promise<void> {
  state.blocked.sort((a, b) => a.file.localeCompare(b.file));
  await writeFileAtomic(join(workspace, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o644 });
}
