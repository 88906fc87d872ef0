// The monitor's operational log `clawsec.log`: leveled lines, rotated at 10 MB keeping 3 backups (the seed's policy).
import { closeSync, fstatSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLevel } from './config.js';

export const OPLOG_FILE = 'clawsec.log';
export const OPLOG_MAX_BYTES = 10 * 1024 * 1024;
export const OPLOG_BACKUPS = 3;

const RANK: Record<LogLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

export interface OpLogOptions {
  maxBytes?: number;
  backups?: number;
  /** Also copy lines here (foreground mode mirrors to stderr). */
  mirror?: (line: string) => void;
}

/**
 * Synchronous appends (a few lines per connection, never per chunk), so a crash loses nothing and
 * rotation cannot interleave with a write. Rotation: clawsec.log → .1 → .2 → .3, oldest dropped.
 */
export class OpLog {
  readonly path: string;
  private fd: number | null = null;
  private size = 0;
  private readonly min: number;
  private readonly maxBytes: number;
  private readonly backups: number;

  constructor(logDir: string, level: LogLevel, private readonly opts: OpLogOptions = {}) {
    this.path = join(logDir, OPLOG_FILE);
    this.min = RANK[level];
    this.maxBytes = opts.maxBytes ?? OPLOG_MAX_BYTES;
    this.backups = opts.backups ?? OPLOG_BACKUPS;
  }

  enabled(level: LogLevel): boolean {
    return RANK[level] >= this.min;
  }

  debug(msg: string): void {
    this.write('DEBUG', msg);
  }
  info(msg: string): void {
    this.write('INFO', msg);
  }
  warn(msg: string): void {
    this.write('WARNING', msg);
  }
  error(msg: string): void {
    this.write('ERROR', msg);
  }

  write(level: LogLevel, msg: string): void {
    if (RANK[level] < this.min) return;
    const line = `${new Date().toISOString()} ${level} ${msg.replace(/[\r\n]+/g, ' ')}\n`;
    this.opts.mirror?.(line);
    try {
      this.open();
      if (this.fd === null) return;
      const bytes = Buffer.byteLength(line);
      if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
      if (this.fd === null) return;
      writeSync(this.fd, line);
      this.size += bytes;
    } catch {
      // The operational log must never take the proxy down (disk full, dir removed).
    }
  }

  close(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
  }

  private open(): void {
    if (this.fd !== null) return;
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = fstatSync(this.fd).size;
  }

  private rotate(): void {
    this.close();
    rmSync(`${this.path}.${this.backups}`, { force: true });
    for (let i = this.backups - 1; i >= 1; i--) {
      try {
        renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
      } catch {
        // gap in the chain
      }
    }
    renameSync(this.path, `${this.path}.1`);
    this.open();
  }
}
