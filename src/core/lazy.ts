// Loads heavy or native dependencies on first use, so commands that never need them start fast and
// a missing native build fails only the feature that needs it, with one line saying how to repair it.
import { createRequire } from 'node:module';
import type BetterSqlite3 from 'better-sqlite3';
import { ClawguardError } from './errors.js';

const require = createRequire(import.meta.url);

/** Returns a getter that `require`s `name` once, on first call. */
export function lazyRequire<T>(name: string, remedy?: string): () => T {
  let loaded: T | undefined;
  return () => {
    if (loaded === undefined) {
      try {
        loaded = require(name) as T;
      } catch (err) {
        throw new ClawguardError('CG_INTERNAL', `Cannot load ${name}: ${(err as Error).message.split('\n')[0]}${remedy ? `. ${remedy}` : ''}`, { cause: err });
      }
    }
    return loaded;
  };
}

/** better-sqlite3 is native: it compiles at install time; without it only the SQLite readers fail. */
export const loadSqlite: () => typeof BetterSqlite3 = lazyRequire<typeof BetterSqlite3>(
  'better-sqlite3',
  'Reading OpenClaw SQLite stores needs its native build: run `npm rebuild better-sqlite3` (needs python3, make and a C++ compiler)',
);
