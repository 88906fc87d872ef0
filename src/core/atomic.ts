// Atomic file replacement (temp file + fsync + rename) and backup sets with a manifest, so every change can be undone.
import { createHash, randomBytes } from 'node:crypto';
import { constants, promises as fs } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { ClawguardError, hasErrnoCode } from './errors.js';

export interface AtomicWriteOptions {
  /** File mode for the new file; default: the existing file's mode, else 0o600. */
  mode?: number;
}

/** Writes `data` to `path` atomically: a sibling temp file, fsync, then rename over the target. */
export async function writeFileAtomic(path: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): Promise<void> {
  let mode = options.mode;
  if (mode === undefined) {
    try {
      mode = (await fs.stat(path)).mode & 0o7777;
    } catch (err) {
      if (!hasErrnoCode(err, 'ENOENT')) throw err;
      mode = 0o600;
    }
  }
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  const handle = await fs.open(temp, constants.O_CREAT | constants.O_EXCL | constants.O_WRONLY, mode);
  try {
    await handle.writeFile(data);
    await handle.chmod(mode);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(temp, path);
  } catch (err) {
    await fs.rm(temp, { force: true });
    throw new ClawguardError('CG_IO', `Cannot replace ${path}: ${(err as Error).message}`, { cause: err });
  }
}

/** One file recorded in a backup set. */
export interface BackupEntry {
  /** Path relative to the backup set's root. */
  path: string;
  /** Whether the file existed before the change (a restore deletes files that did not). */
  existed: boolean;
  /** Mode bits before the change. */
  mode?: number;
  /** sha256 of the content before the change. */
  sha256?: string;
  /** Name of the saved copy inside the backup directory. */
  copy?: string;
}

export interface BackupManifest {
  version: 1;
  /** What made the change, e.g. `audit --fix`. */
  label: string;
  createdAt: string;
  root: string;
  entries: BackupEntry[];
}

const BACKUP_DIR_NAME = '.clawguard-backups';

/**
 * A set of backups taken before one operation. `save` copies a file (content + mode) once;
 * `commit` writes the manifest. `restoreLatestBackup` undoes the whole set.
 */
export class BackupSet {
  readonly dir: string;
  private readonly entries = new Map<string, BackupEntry>();
  private constructor(readonly root: string, readonly label: string, dir: string) {
    this.dir = dir;
  }

  static async create(root: string, label: string): Promise<BackupSet> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const dir = join(root, BACKUP_DIR_NAME, `${stamp}-${label.replace(/[^a-z0-9]+/gi, '-')}`);
    return new BackupSet(root, label, dir);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Records the current state of `path` (content and mode, or absence). Idempotent per path. */
  async save(path: string): Promise<void> {
    const rel = relative(this.root, path);
    if (this.entries.has(rel)) return;
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    let entry: BackupEntry;
    try {
      const stat = await fs.lstat(path);
      if (stat.isDirectory()) {
        entry = { path: rel, existed: true, mode: stat.mode & 0o7777 };
      } else {
        const content = await fs.readFile(path);
        const copy = `${this.entries.size}-${basename(path)}`;
        await fs.writeFile(join(this.dir, copy), content, { mode: 0o600 });
        entry = { path: rel, existed: true, mode: stat.mode & 0o7777, sha256: createHash('sha256').update(content).digest('hex'), copy };
      }
    } catch (err) {
      if (!hasErrnoCode(err, 'ENOENT')) throw err;
      entry = { path: rel, existed: false };
    }
    this.entries.set(rel, entry);
  }

  async commit(): Promise<string | undefined> {
    if (this.entries.size === 0) return undefined;
    const manifest: BackupManifest = {
      version: 1,
      label: this.label,
      createdAt: new Date().toISOString(),
      root: this.root,
      entries: [...this.entries.values()],
    };
    await fs.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await writeFileAtomic(join(this.dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`, { mode: 0o600 });
    return this.dir;
  }
}

export interface RestoreResult {
  backupDir: string;
  label: string;
  restored: string[];
  removed: string[];
}

/** Restores the newest backup set under `root` whose label matches, then marks it used. */
export async function restoreLatestBackup(root: string, label: string): Promise<RestoreResult | undefined> {
  const base = join(root, BACKUP_DIR_NAME);
  let names: string[];
  try {
    names = (await fs.readdir(base)).sort().reverse();
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) return undefined;
    throw err;
  }
  for (const name of names) {
    if (name.endsWith('.restored')) continue;
    const dir = join(base, name);
    let manifest: BackupManifest;
    try {
      manifest = JSON.parse(await fs.readFile(join(dir, 'manifest.json'), 'utf8')) as BackupManifest;
    } catch {
      continue;
    }
    if (manifest.label !== label) continue;
    const result: RestoreResult = { backupDir: dir, label, restored: [], removed: [] };
    for (const entry of manifest.entries) {
      const target = join(root, entry.path);
      if (!entry.existed) {
        await fs.rm(target, { force: true });
        result.removed.push(target);
      } else if (entry.copy) {
        await writeFileAtomic(target, await fs.readFile(join(dir, entry.copy)), { mode: entry.mode });
        result.restored.push(target);
      } else if (entry.mode !== undefined) {
        await fs.chmod(target, entry.mode);
        result.restored.push(target);
      }
    }
    await fs.rename(dir, `${dir}.restored`);
    return result;
  }
  return undefined;
}
