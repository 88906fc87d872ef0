// Walks workspace folders without ever following a symlink out of the workspace, listing every file to scan.
import { lstatSync, readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
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
  /** Called for each file as it is found (walk order), so scanning can start before the walk ends. */
  onFile?(entry: WalkEntry): void;
}

const toRel = (workspace: string, path: string) => relative(workspace, path).split(sep).join('/');

/** Directories listed between yields to the event loop (so Ctrl-C and progress still get a turn). */
const DIRS_PER_TURN = 256;

const realpathOrUndefined = (path: string): string | undefined => {
  try {
    return realpathSync.native(path);
  } catch {
    return undefined;
  }
};

/**
 * Lists every file under `start` (workspace-relative). Regular files are listed with their size;
 * symlinks are resolved and followed only while they stay inside the workspace (each real
 * directory once, so link loops end); everything else is reported.
 * File calls are synchronous: a walk is thousands of tiny metadata calls, and a thread-pool hop per
 * call made a 12,000-file walk take 1.2 s where the calls themselves take about 50 ms.
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

  const addFile = (path: string, rel: string, knownSize?: number): void => {
    if (seenFiles.has(rel)) return;
    seenFiles.add(rel);
    let size = knownSize;
    if (size === undefined) {
      try {
        size = lstatSync(path).size;
      } catch (err) {
        if (hasErrnoCode(err, 'ENOENT')) return;
        size = 0;
      }
    }
    const entry = { path, rel, size };
    result.files.push(entry);
    options.onFile?.(entry);
  };

  const visitDir = ({ dir, viaLink, isStart }: DirJob): void => {
    if (viaLink || isStart) {
      const real = realpathOrUndefined(dir) ?? dir;
      if (visitedDirs.has(real)) return;
      // A walk root reached through a link elsewhere is left to its own walk (one path per file).
      if (!isStart && startReals.includes(real)) return;
      visitedDirs.add(real);
    }
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
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
        addFile(path, rel);
      } else if (entry.isSymbolicLink()) {
        const target = realpathOrUndefined(path);
        if (target === undefined) {
          result.dangling.push(rel);
          continue;
        }
        if (!isInside(workspace, target)) {
          result.escapes.push({ rel, target });
          continue;
        }
        let stat: Stats | undefined;
        try {
          stat = statSync(target);
        } catch {
          stat = undefined;
        }
        // A linked directory already covered by a walk root is scanned under its own path, once.
        if (stat?.isDirectory()) {
          if (!startReals.some((r) => isInside(r, target))) queue.push({ dir: path, viaLink: true, isStart: false });
        } else if (stat?.isFile()) addFile(path, rel, stat.size);
        else result.special.push({ rel, what: 'symlink to a special file' });
      } else {
        result.special.push({ rel, what: entry.isFIFO() ? 'named pipe (FIFO)' : entry.isSocket() ? 'socket' : 'device or special file' });
      }
    }
  };

  const startReals: string[] = [];
  for (const start of starts) {
    const real = realpathOrUndefined(join(workspace, start));
    if (real && isInside(workspace, real)) startReals.push(real);
  }
  for (const start of starts) {
    const path = join(workspace, start);
    const real = realpathOrUndefined(path);
    if (!real) continue;
    if (!isInside(workspace, real)) {
      result.escapes.push({ rel: start, target: real });
      continue;
    }
    const stat = statSync(real);
    if (stat.isDirectory()) queue.push({ dir: path, viaLink: false, isStart: true });
    else if (stat.isFile()) addFile(path, start, stat.size);
  }
  for (let listed = 0; queue.length > 0 && !options.signal?.aborted; listed++) {
    visitDir(queue.pop() as DirJob);
    if (listed % DIRS_PER_TURN === DIRS_PER_TURN - 1) await new Promise((resolve) => setImmediate(resolve));
  }
  const byRel = (a: { rel: string }, b: { rel: string }) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0);
  result.files.sort(byRel);
  result.escapes.sort(byRel);
  result.special.sort(byRel);
  result.dangling.sort();
  return result;
}
