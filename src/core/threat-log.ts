// The monitor's threat log: append-only JSONL (`threats.jsonl`) with the ClawSec Monitor seed's fields.
import { createReadStream } from 'node:fs';
import { appendFile, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { ClawguardError, hasErrnoCode } from './errors.js';
import { clipSnippet } from './redact.js';
import type { Severity } from './types.js';

/** Where the monitor keeps its CA, pid file, threat log and operational log unless configured otherwise (the seed's default). */
export const DEFAULT_MONITOR_LOG_DIR = '/tmp/clawsec';
/** File name of the threat log inside the log dir. */
export const THREATS_FILE = 'threats.jsonl';
/** Longest snippet kept in a record, in characters (the seed's bound). */
export const MAX_SNIPPET_CHARS = 200;

export type ThreatDirection = 'outbound' | 'inbound';
export type ThreatProtocol = 'http' | 'https' | 'ws' | 'wss';
export type ThreatType = 'EXFIL' | 'INJECTION';
export type ThreatAction = 'logged' | 'blocked';

/** One detection by the monitor, one JSON object per line of `threats.jsonl`. Never holds a secret in clear. */
export interface ThreatRecord {
  /** `outbound` = agent → internet (requests), `inbound` = internet → agent (responses). */
  direction: ThreatDirection;
  /** Protocol of the inspected message: plain HTTP, HTTPS (MITM), WebSocket over either. */
  protocol: ThreatProtocol;
  /** `EXFIL` for data leaving (secrets, sensitive paths), `INJECTION` for commands arriving. */
  threat_type: ThreatType;
  /** The seed's pattern name (`ai_api_key`, `pipe_to_shell`, …) or the detect rule id when the seed has none. */
  pattern: string;
  /** Up to 200 characters of context, already redacted (`prefix…(len, sha256:8)`). */
  snippet: string;
  /** Client address that sent the traffic (IP, without port). */
  source: string;
  /** The upstream the proxy talks to, `host:port`. */
  dest: string;
  /** ISO-8601 UTC time of the detection. */
  timestamp: string;
  /** The detect rule id that fired (`secret.anthropic-api-key`). */
  ruleId?: string;
  severity?: Severity;
  /** `blocked` when enforce mode refused the request, else `logged`. */
  action?: ThreatAction;
}

export interface ReadThreatsOptions {
  /** Only records at or after this time (Date or ISO-8601 string). */
  since?: Date | string;
  /** Only records at or before this time. */
  until?: Date | string;
  /** Keep only the newest `limit` records (after the time filter). */
  limit?: number;
}

const DIRECTIONS: ReadonlySet<string> = new Set(['outbound', 'inbound']);
const PROTOCOLS: ReadonlySet<string> = new Set(['http', 'https', 'ws', 'wss']);
const THREAT_TYPES: ReadonlySet<string> = new Set(['EXFIL', 'INJECTION']);

/** Path of the threat log in `logDir`. */
export function threatLogPath(logDir: string): string {
  return join(logDir, THREATS_FILE);
}

/** Serialises one record as a single JSONL line (snippet clipped, field order as the seed). */
export function formatThreatLine(rec: ThreatRecord): string {
  const out: ThreatRecord = {
    direction: rec.direction,
    protocol: rec.protocol,
    threat_type: rec.threat_type,
    pattern: rec.pattern,
    snippet: clipSnippet(rec.snippet, MAX_SNIPPET_CHARS),
    source: rec.source,
    dest: rec.dest,
    timestamp: rec.timestamp,
  };
  if (rec.ruleId !== undefined) out.ruleId = rec.ruleId;
  if (rec.severity !== undefined) out.severity = rec.severity;
  if (rec.action !== undefined) out.action = rec.action;
  return `${JSON.stringify(out)}\n`;
}

/**
 * Appends one record to `<logDir>/threats.jsonl` (created 0600, the dir 0700 when missing). One write
 * per line with O_APPEND, so concurrent appenders never interleave within a line.
 */
export async function appendThreat(logDir: string, rec: ThreatRecord): Promise<void> {
  const line = formatThreatLine(rec);
  try {
    await appendFile(threatLogPath(logDir), line, { mode: 0o600, flag: 'a' });
  } catch (err) {
    if (!hasErrnoCode(err, 'ENOENT')) throw ioError(logDir, err);
    await mkdir(logDir, { recursive: true, mode: 0o700 });
    await appendFile(threatLogPath(logDir), line, { mode: 0o600, flag: 'a' }).catch((e: unknown) => {
      throw ioError(logDir, e);
    });
  }
}

/** Whether a parsed JSON value has the seed's required fields with valid values. */
export function isThreatRecord(v: unknown): v is ThreatRecord {
  if (typeof v !== 'object' || v === null) return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.direction === 'string' && DIRECTIONS.has(r.direction) &&
    typeof r.protocol === 'string' && PROTOCOLS.has(r.protocol) &&
    typeof r.threat_type === 'string' && THREAT_TYPES.has(r.threat_type) &&
    typeof r.pattern === 'string' &&
    typeof r.snippet === 'string' &&
    typeof r.source === 'string' &&
    typeof r.dest === 'string' &&
    typeof r.timestamp === 'string' && !Number.isNaN(Date.parse(r.timestamp))
  );
}

/**
 * Reads `<logDir>/threats.jsonl`, oldest first (newest last). Lines that are not valid records (a torn
 * last line, hand edits) are skipped. A missing file is an empty log. Streams the file, keeping at most
 * `limit` records in memory.
 */
export async function readThreats(logDir: string, opts: ReadThreatsOptions = {}): Promise<ThreatRecord[]> {
  const since = toTime(opts.since, 'since');
  const until = toTime(opts.until, 'until');
  const limit = opts.limit;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new ClawguardError('CG_USAGE', `Invalid threat limit ${String(limit)}: expected a non-negative integer.`);
  }
  if (limit === 0) return [];
  const out: ThreatRecord[] = [];
  const stream = createReadStream(threatLogPath(logDir), { encoding: 'utf8' });
  try {
    const lines = createInterface({ input: stream, crlfDelay: Infinity });
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        continue;
      }
      if (!isThreatRecord(parsed)) continue;
      const t = Date.parse(parsed.timestamp);
      if (since !== undefined && t < since) continue;
      if (until !== undefined && t > until) continue;
      out.push(parsed);
      if (limit !== undefined && out.length > limit * 2) out.splice(0, out.length - limit);
    }
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) return [];
    throw ioError(logDir, err);
  } finally {
    stream.destroy();
  }
  return limit !== undefined && out.length > limit ? out.slice(out.length - limit) : out;
}

function toTime(v: Date | string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const t = v instanceof Date ? v.getTime() : Date.parse(v);
  if (Number.isNaN(t)) throw new ClawguardError('CG_USAGE', `Invalid ${name} time ${String(v)}: expected an ISO-8601 date.`);
  return t;
}

function ioError(logDir: string, err: unknown): ClawguardError {
  const code = (err as NodeJS.ErrnoException).code ?? 'error';
  return new ClawguardError('CG_IO', `Cannot access the threat log in ${logDir} (${code}). Check the monitor's log_dir.`, { cause: err });
}
