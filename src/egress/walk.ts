// Walks workspace folders without ever following a symlink out of the workspace, listing every file to scan.
import { promises as fs } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { hasErrnoCode } from '../core/errors.js';
import { isInside } from '../core/safe-path.js';

export interface WalkEntry {
  /** Absolute path (through any in-workspace symlink). */
  path: string;
  /** Workspace-relative path with `/` separators. */
  rel: string;
  size: number;
}

export interface WalkResult {
  files: WalkEntry[];
  /** Symlinks resolving outside the workspace: reported, never followed. */
  escapes: Array<{ rel: string; target: string }>;
  /** Entries that are not regular files or directories (FIFO, socket, device), or could not be listed. */
  special: Array<{ rel: string; what: string }>;
  /** Symlinks whose target does not exist. */
  dangling: string[];
}

export interface WalkOptions {
  /** Workspace-relative directories never entered (clawguard's own dirs, `.git`). */
  exclude?: ReadonlySet<string>;
  signal?: AbortSignal;
}

const toRel = (workspace: string, path: string) => relative(workspace, path).split(sep).join('/');

/** Directories listed at once: enough to keep the disk busy, few enough to keep memory flat. */
const DIR_LANES = 16;

/**
 * Lists every file under `start` (workspace-relative). Regular files are listed with their size;
 * symlinks are resolved and followed only while they stay inside the workspace (each real
 * directory once, so link loops end); everything else is reported.
 */
export async function walkFiles(workspace: string, starts: readonly string[], options: WalkOptions = {}): Promise<WalkResult> {
  const result: WalkResult = { files: [], escapes: [], special: [], dangling: [] };
  const exclude = options.exclude ?? new Set<string>();
  const visitedDirs = new Set<string>();
  const seenFiles = new Set<string>();

  interface DirJob {
    dir: string;
    /** Reached through a symlink: loops and already-walked roots must be checked. */
    viaLink: boolean;
    isStart: boolean;
  }
  const queue: DirJob[] = [];

  const visitDir = async ({ dir, viaLink, isStart }: DirJob): Promise<void> => {
    if (viaLink || isStart) {
      const real = await fs.realpath(dir).catch(() => dir);
      if (visitedDirs.has(real)) return;
      // A walk root reached through a link elsewhere is left to its own walk (one path per file).
      if (!isStart && startReals.includes(real)) return;
      visitedDirs.add(real);
    }
    let entries: import('node:fs').Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (!hasErrnoCode(err, 'ENOENT')) result.special.push({ rel: toRel(workspace, dir), what: `directory cannot be listed (${(err as NodeJS.ErrnoException).code ?? 'error'})` });
      return;
    }
    for (const entry of entries) {
      const path = join(dir, entry.name);
      const rel = toRel(workspace, path);
      if (exclude.has(rel)) continue;
      if (entry.isDirectory()) {
        queue.push({ dir: path, viaLink, isStart: false });
      } else if (entry.isFile()) {
        await addFile(path, rel);
      } else if (entry.isSymbolicLink()) {
        let target: string;
        try {
          target = await fs.realpath(path);
        } catch {
          result.dangling.push(rel);
          continue;
        }
        if (!isInside(workspace, target)) {
          result.escapes.push({ rel, target });
          continue;
        }
        const stat = await fs.stat(target).catch(() => undefined);
        // A linked directory already covered by a walk root is scanned under its own path, once.
        if (stat?.isDirectory()) {
          if (!startReals.some((r) => isInside(r, target))) queue.push({ dir: path, viaLink: true, isStart: false });
        } else if (stat?.isFile()) await addFile(path, rel, stat.size);
        else result.special.push({ rel, what: 'symlink to a special file' });
      } else {
        result.special.push({ rel, what: entry.isFIFO() ? 'named pipe (FIFO)' : entry.isSocket() ? 'socket' : 'device or special file' });
      }
    }
  };

  /** A few lanes drain the directory queue: parallel I/O with memory bounded by the queue of paths. */
  const drain = async (): Promise<void> => {
    let busy = 0;
    await new Promise<void>((resolve, reject) => {
      const lane = async (): Promise<void> => {
        while (queue.length > 0 && !options.signal?.aborted) {
          const job = queue.pop() as DirJob;
          busy++;
          try {
            await visitDir(job);
          } finally {
            busy--;
          }
          // Wake idle lanes for the directories this one just queued.
          while (running < DIR_LANES && queue.length > running) start();
        }
        running--;
        if (running === 0 && busy === 0) resolve();
      };
      let running = 0;
      const start = () => {
        running++;
        lane().catch(reject);
      };
      start();
    });
  };

  const addFile = async (path: string, rel: string, knownSize?: number): Promise<void> => {
    if (seenFiles.has(rel)) return;
    seenFiles.add(rel);
    let size = knownSize;
    if (size === undefined) {
      try {
        size = (await fs.lstat(path)).size;
      } catch (err) {
        if (hasErrnoCode(err, 'ENOENT')) return;
        size = 0;
      }
    }
    result.files.push({ path, rel, size });
  };

  const startReals: string[] = [];
  for (const start of starts) {
    const real = await fs.realpath(join(workspace, start)).catch(() => undefined);
    if (real && isInside(workspace, real)) startReals.push(real);
  }
  for (const start of starts) {
    const path = join(workspace, start);
    const real = await fs.realpath(path).catch(() => undefined);
    if (!real) continue;
    if (!isInside(workspace, real)) {
      result.escapes.push({ rel: start, target: real });
      continue;
    }
    const stat = await fs.stat(real);
    if (stat.isDirectory()) queue.push({ dir: path, viaLink: false, isStart: true });
    else if (stat.isFile()) await addFile(path, start, stat.size);
  }
  if (queue.length > 0) await drain();
  const byRel = (a: { rel: string }, b: { rel: string }) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
  result.files.sort(byRel);
  result.escapes.sort(byRel);
  result.special.sort(byRel);
  result.dangling.sort();
  return result;
}
