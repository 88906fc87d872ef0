// Applies config changes in place (JSON5 comments kept), each file written atomically after a backup.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { BackupSet, writeFileAtomic } from '../core/atomic.js';
import { findKeyOwner, type JsonValue, type LoadedConfig } from '../core/openclaw/config.js';
import { editJson5 } from '../core/openclaw/json5-edit.js';
import { resolveInsideRoot } from '../core/safe-path.js';

export interface PlannedEdit {
  path: string[];
  value: JsonValue;
}

export interface WriteOutcome {
  /** Files changed. */
  files: string[];
  /** Backup directory (undo with `restoreLatestBackup(root, label)`), when anything changed. */
  backupDir?: string;
}

/**
 * Writes `edits` into the file that owns each key (the main config, or the `$include` that defines it). The backup
 * root is the config's directory; a file resolving outside it (a symlinked include) is refused.
 */
export async function applyConfigEdits(loaded: LoadedConfig, edits: readonly PlannedEdit[], label: string): Promise<WriteOutcome> {
  if (edits.length === 0) return { files: [] };
  const root = dirname(loaded.path);
  const byFile = new Map<string, PlannedEdit[]>();
  for (const e of edits) {
    const owner = loaded.exists ? (findKeyOwner(loaded, e.path)?.path ?? loaded.path) : loaded.path;
    const list = byFile.get(owner) ?? [];
    list.push(e);
    byFile.set(owner, list);
  }
  const backup = await BackupSet.create(root, label);
  const files: string[] = [];
  for (const [file, list] of byFile) {
    const safe = await resolveInsideRoot(root, file);
    const text = loaded.sources.find((s) => s.path === file)?.text ?? (await fs.readFile(safe, 'utf8').catch(() => '{}\n'));
    const next = editJson5(text, list.map((e) => ({ path: e.path, value: e.value })));
    if (next === text) continue;
    await backup.save(safe);
    await fs.mkdir(dirname(safe), { recursive: true, mode: 0o700 });
    await writeFileAtomic(safe, next, { mode: 0o600 });
    files.push(safe);
  }
  const backupDir = files.length ? await backup.commit() : undefined;
  return { files, backupDir };
}
