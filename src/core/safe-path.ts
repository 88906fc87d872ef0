// Path containment: never follow a symlink out of the target root.
import { promises as fs } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { PathOutsideRootError, hasErrnoCode } from './errors.js';

export function isInside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/**
 * Resolves `path` (relative to `root` or absolute) through every symlink and returns the real path,
 * throwing PathOutsideRootError if it lands outside the real `root`. A missing leaf is allowed:
 * its parent must resolve inside.
 */
export async function resolveInsideRoot(root: string, path: string): Promise<string> {
  const realRoot = await fs.realpath(root);
  const absolute = resolve(realRoot, path);
  let real: string;
  try {
    real = await fs.realpath(absolute);
  } catch (err) {
    if (!hasErrnoCode(err, 'ENOENT')) throw err;
    const parent = await fs.realpath(resolve(absolute, '..'));
    real = resolve(parent, absolute.split(sep).pop() ?? '');
  }
  if (!isInside(realRoot, real)) throw new PathOutsideRootError(path, root);
  return real;
}
