// Transcript and log sources: per-agent SQLite stores (read-only), JSONL sessions, cold `.jsonl.zst` archives, claude-cli transcripts, gateway logs — all streamed.
import { createReadStream, promises as fs } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, type Readable } from 'node:stream';
import type Database from 'better-sqlite3';
import { loadSqlite } from '../core/lazy.js';
import { Decompress, decompress } from 'fzstd';
import { describeError, hasErrnoCode } from '../core/errors.js';
import type { SourceEvent } from './analyze.js';
import type { SourceStat } from './types.js';

/** A file to read, and how. */
export interface SourceFile {
  kind: SourceStat['kind'];
  path: string;
  agentId: string;
  /** Session id implied by the file name (JSONL, claude-cli); the header or rows may refine it. */
  sessionId?: string;
  channel?: string;
  bytes: number;
}

/** A record that could not be decoded: reported as a note and skipped. */
export interface CorruptRecord {
  corrupt: true;
  ref: string;
  reason: string;
}

export type SourceItem = SourceEvent | CorruptRecord;

export interface ReadFilter {
  session?: string;
}

const utf8 = new TextDecoder('utf-8');

function lineReader(stream: Readable) {
  return createInterface({ input: stream, crlfDelay: Infinity });
}

function parseObject(text: string): Record<string, unknown> | string {
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    return 'not a JSON object';
  } catch (err) {
    return describeError(err);
  }
}

/** Counts bytes as they are read, for statistics and progress. */
export interface ByteCounter {
  bytes: number;
}

function countedStream(path: string, counter: ByteCounter): Readable {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  stream.on('data', (chunk) => {
    counter.bytes += chunk.length;
  });
  return stream;
}

/** JSONL transcripts and claude-cli files: one event per line. */
async function* readJsonl(file: SourceFile, counter: ByteCounter): AsyncGenerator<SourceItem> {
  let lineNo = 0;
  let sessionId = file.sessionId ?? basename(file.path).replace(/\.jsonl$/, '');
  for await (const line of lineReader(countedStream(file.path, counter))) {
    lineNo++;
    if (!line.trim()) continue;
    const event = parseObject(line);
    const ref = `${file.path}:${lineNo}`;
    if (typeof event === 'string') {
      yield { corrupt: true, ref, reason: event };
      continue;
    }
    // A header starts a session; exported files may hold several back to back.
    if (event.type === 'session' && typeof event.id === 'string') sessionId = event.id;
    if (file.kind === 'claude-cli' && typeof event.sessionId === 'string') sessionId = event.sessionId;
    yield { kind: file.kind, agentId: file.agentId, sessionId, event, ref, file: file.path, line: lineNo, channel: file.channel };
  }
}

/** Gateway logs: JSONL records (`{"0":…,"_meta":{…},"time":…,"message":…}`); plain-text lines are scanned as they are. */
async function* readLog(file: SourceFile, counter: ByteCounter): AsyncGenerator<SourceItem> {
  let lineNo = 0;
  const sessionId = basename(file.path);
  for await (const line of lineReader(countedStream(file.path, counter))) {
    lineNo++;
    if (!line.trim()) continue;
    const parsed = line.startsWith('{') ? parseObject(line) : undefined;
    const event = typeof parsed === 'object' ? parsed : { message: line };
    yield { kind: 'log', agentId: 'gateway', sessionId, event, ref: `${file.path}:${lineNo}`, file: file.path, line: lineNo };
  }
}

/**
 * Cold archives `sessions/cold/<sha256>.jsonl.zst` (src/config/sessions/session-cold-storage-codec.ts): zstd JSONL of
 * `{"kind":"header",sessionId,…}`, `{"kind":"event","row":{seq,event_json,created_at}}` and index rows. Reset/delete
 * archives hold plain transcript lines; both shapes are accepted.
 */
async function* readColdArchive(file: SourceFile, counter: ByteCounter): AsyncGenerator<SourceItem> {
  const input = countedStream(file.path, counter);
  const out = new PassThrough();
  const decoder = new Decompress((chunk, final) => {
    out.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if (final) out.end();
  });
  input.on('data', (chunk) => {
    try {
      decoder.push(chunk as Buffer);
    } catch (err) {
      out.destroy(err as Error);
      input.destroy();
    }
  });
  input.on('end', () => {
    try {
      decoder.push(new Uint8Array(0), true);
    } catch (err) {
      out.destroy(err as Error);
    }
    if (!out.writableEnded) out.end();
  });
  input.on('error', (err) => out.destroy(err));
  let lineNo = 0;
  let sessionId = file.sessionId ?? basename(file.path);
  try {
    for await (const line of lineReader(out)) {
      lineNo++;
      if (!line.trim()) continue;
      const rec = parseObject(line);
      const ref = `${file.path}:${lineNo}`;
      if (typeof rec === 'string') {
        yield { corrupt: true, ref, reason: rec };
        continue;
      }
      if (rec.kind === 'header' && typeof rec.sessionId === 'string') {
        sessionId = rec.sessionId;
        continue;
      }
      let event: Record<string, unknown> | string = rec;
      let createdAt: number | undefined;
      if (rec.kind === 'event' && rec.row && typeof rec.row === 'object') {
        const row = rec.row as Record<string, unknown>;
        createdAt = typeof row.created_at === 'number' ? row.created_at : undefined;
        event = typeof row.event_json === 'string' ? parseObject(row.event_json) : 'event row without event_json';
      } else if (typeof rec.kind === 'string') {
        continue; // identity/active/index/fts rows: projections of the events
      }
      if (typeof event === 'string') {
        yield { corrupt: true, ref, reason: event };
        continue;
      }
      if (event.type === 'session' && typeof event.id === 'string') sessionId = event.id;
      yield { kind: 'cold', agentId: file.agentId, sessionId, event, ref, file: file.path, line: lineNo, createdAt };
    }
  } catch (err) {
    yield { corrupt: true, ref: `${file.path}:${lineNo + 1}`, reason: `zstd stream: ${describeError(err)}` };
  }
}

function tableColumns(db: Database.Database, table: string): Set<string> {
  try {
    return new Set((db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string }>).map((r) => r.name));
  } catch {
    return new Set();
  }
}

/** Per-session metadata from the agent store: bound channel and claude-cli bindings. */
export interface StoreMeta {
  channels: Map<string, string>;
  /** claude-cli session id → OpenClaw session id. */
  cliBindings: Map<string, string>;
}

export function readStoreMeta(db: Database.Database): StoreMeta {
  const meta: StoreMeta = { channels: new Map(), cliBindings: new Map() };
  const windows = tableColumns(db, 'session_windows');
  if (windows.has('channel')) {
    for (const row of db.prepare('SELECT session_id, channel FROM session_windows WHERE channel IS NOT NULL').iterate() as Iterable<{ session_id: string; channel: string }>) {
      meta.channels.set(row.session_id, row.channel);
    }
  }
  if (tableColumns(db, 'session_nodes').has('entry_json')) {
    for (const row of db.prepare('SELECT current_session_id, entry_json FROM session_nodes').iterate() as Iterable<{ current_session_id: string; entry_json: string }>) {
      collectCliBindings(row.entry_json, row.current_session_id, meta.cliBindings);
      if (!meta.channels.has(row.current_session_id)) {
        const ch = channelOfEntry(row.entry_json);
        if (ch) meta.channels.set(row.current_session_id, ch);
      }
    }
  }
  return meta;
}

/** `cliSessionBindings: {"claude-cli": {sessionId}}`, and the older `claudeCliSessionId` / `cliSessionIds`. */
export function collectCliBindings(entryJson: string | Record<string, unknown>, sessionId: string, into: Map<string, string>): void {
  let entry: unknown = entryJson;
  if (typeof entryJson === 'string') {
    try {
      entry = JSON.parse(entryJson);
    } catch {
      return;
    }
  }
  if (!entry || typeof entry !== 'object') return;
  const e = entry as Record<string, unknown>;
  const add = (v: unknown) => {
    if (typeof v === 'string' && v) into.set(v, sessionId);
    else if (v && typeof v === 'object' && typeof (v as Record<string, unknown>).sessionId === 'string') into.set((v as Record<string, string>).sessionId, sessionId);
  };
  if (e.cliSessionBindings && typeof e.cliSessionBindings === 'object') for (const v of Object.values(e.cliSessionBindings)) add(v);
  if (e.cliSessionIds && typeof e.cliSessionIds === 'object') for (const v of Object.values(e.cliSessionIds)) add(v);
  add(e.claudeCliSessionId);
}

/** Channel of a session entry (`lastChannel`, `delivery.route.channel`, `origin.provider`). */
export function channelOfEntry(entryJson: string | Record<string, unknown>): string | undefined {
  let e: unknown = entryJson;
  if (typeof entryJson === 'string') {
    try {
      e = JSON.parse(entryJson);
    } catch {
      return undefined;
    }
  }
  if (!e || typeof e !== 'object') return undefined;
  const r = e as Record<string, any>;
  const v = r.lastChannel ?? r.channel ?? r.delivery?.route?.channel ?? r.delivery?.context?.channel ?? r.deliveryContext?.channel ?? r.origin?.provider;
  return typeof v === 'string' ? v : undefined;
}

/**
 * The per-agent store `agents/<id>/agent/openclaw-agent.sqlite`, opened read-only. Rows of `transcript_events` are
 * iterated in (session_id, seq) order; `event_zstd` rows (OpenClaw compresses events ≥ 1 KiB that shrink) are decoded here.
 */
async function* readSqlite(file: SourceFile, counter: ByteCounter, filter: ReadFilter, notes: string[]): AsyncGenerator<SourceItem> {
  let db: Database.Database;
  try {
    db = new (loadSqlite())(file.path, { readonly: true, fileMustExist: true });
  } catch (err) {
    notes.push(`Cannot open ${file.path} read-only: ${describeError(err)}; skipped.`);
    return;
  }
  try {
    const cols = tableColumns(db, 'transcript_events');
    if (!cols.has('session_id') || !cols.has('seq')) {
      notes.push(`${file.path} has no transcript_events table (not an OpenClaw agent store?); skipped.`);
      return;
    }
    let meta: StoreMeta = { channels: new Map(), cliBindings: new Map() };
    try {
      meta = readStoreMeta(db);
    } catch (err) {
      notes.push(`${file.path}: cannot read session metadata (${describeError(err)}); channels unknown.`);
    }
    const select = ['session_id', 'seq', cols.has('created_at') ? 'created_at' : 'NULL AS created_at', cols.has('event_json') ? 'event_json' : 'NULL AS event_json', cols.has('event_zstd') ? 'event_zstd' : 'NULL AS event_zstd'].join(', ');
    const where = filter.session ? ' WHERE session_id = ?' : '';
    const stmt = db.prepare(`SELECT ${select} FROM transcript_events${where} ORDER BY session_id, seq`);
    const rows = (filter.session ? stmt.iterate(filter.session) : stmt.iterate()) as Iterable<{ session_id: string; seq: number; created_at: number | null; event_json: string | null; event_zstd: Buffer | null }>;
    let n = 0;
    for (const row of rows) {
      const ref = `${file.path}#${row.session_id}/${row.seq}`;
      let text: string | undefined;
      if (typeof row.event_json === 'string') {
        text = row.event_json;
        counter.bytes += text.length;
      } else if (row.event_zstd) {
        counter.bytes += row.event_zstd.length;
        try {
          text = utf8.decode(decompress(row.event_zstd));
        } catch (err) {
          yield { corrupt: true, ref, reason: `event_zstd does not decode: ${describeError(err)}` };
          continue;
        }
      }
      if (text === undefined) {
        yield { corrupt: true, ref, reason: 'row has neither event_json nor event_zstd' };
        continue;
      }
      const event = parseObject(text);
      if (typeof event === 'string') {
        yield { corrupt: true, ref, reason: event };
        continue;
      }
      yield { kind: 'sqlite', agentId: file.agentId, sessionId: row.session_id, event, ref, file: file.path, createdAt: row.created_at ?? undefined, channel: meta.channels.get(row.session_id) };
      // Let other work (signals, progress) run now and then without slowing the loop.
      if (++n % 5000 === 0) await new Promise((r) => setImmediate(r));
    }
    yield* readArchivedGenerations(db, file, counter, filter);
  } catch (err) {
    notes.push(`${file.path}: read stopped (${describeError(err)}); later rows skipped.`);
  } finally {
    db.close();
  }
}

/**
 * Transcripts of reset or deleted sessions kept in `session_transcript_archives.archive_blob` (plain or zstd JSONL,
 * src/config/sessions/session-accessor.sqlite-archive-read.ts). A session an attacker deleted is still here.
 */
function* readArchivedGenerations(db: Database.Database, file: SourceFile, counter: ByteCounter, filter: ReadFilter): Generator<SourceItem> {
  const cols = tableColumns(db, 'session_transcript_archives');
  if (!cols.has('archive_blob') || !cols.has('session_id')) return;
  const where = filter.session ? ' WHERE session_id = ?' : '';
  const stmt = db.prepare(`SELECT session_id, archive_name, encoding, reason, archive_blob FROM session_transcript_archives${where} ORDER BY session_id, created_at`);
  const rows = (filter.session ? stmt.iterate(filter.session) : stmt.iterate()) as Iterable<{ session_id: string; archive_name: string; encoding: string; reason: string; archive_blob: Buffer }>;
  for (const row of rows) {
    const base = `${file.path}#archive/${row.archive_name}`;
    counter.bytes += row.archive_blob.length;
    let text: string;
    try {
      text = utf8.decode(row.encoding === 'zstd' ? decompress(row.archive_blob) : row.archive_blob);
    } catch (err) {
      yield { corrupt: true, ref: base, reason: `archive does not decode: ${describeError(err)}` };
      continue;
    }
    let sessionId = row.session_id;
    let lineNo = 0;
    for (const line of text.split('\n')) {
      lineNo++;
      if (!line.trim()) continue;
      const event = parseObject(line);
      const ref = `${base}:${lineNo}`;
      if (typeof event === 'string') {
        yield { corrupt: true, ref, reason: event };
        continue;
      }
      if (event.type === 'session' && typeof event.id === 'string') sessionId = event.id;
      yield { kind: 'cold', agentId: file.agentId, sessionId, event, ref, file: `${file.path}#archive/${row.archive_name}`, createdAt: undefined };
    }
  }
}

/** Streams every record of one source file. */
export function readSource(file: SourceFile, counter: ByteCounter, filter: ReadFilter, notes: string[]): AsyncGenerator<SourceItem> {
  switch (file.kind) {
    case 'sqlite':
      return readSqlite(file, counter, filter, notes);
    case 'cold':
      return readColdArchive(file, counter);
    case 'log':
      return readLog(file, counter);
    default:
      return readJsonl(file, counter);
  }
}

// ---- discovery ------------------------------------------------------------------------------

async function listDir(dir: string): Promise<import('node:fs').Dirent[]> {
  try {
    return await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT', 'ENOTDIR')) return [];
    throw err;
  }
}

async function sizeOf(path: string): Promise<number> {
  try {
    return (await fs.stat(path)).size;
  } catch {
    return 0;
  }
}

export interface DiscoverOptions {
  stateDir: string;
  agent?: string;
  /** Where OpenClaw writes its rolling log by default (`/tmp/openclaw`), or null. */
  logDir: string | null;
  /** `logging.file` from the config, when set. */
  configuredLogFile?: string;
  claudeHome: string;
  extraFiles: string[];
}

/** Finds every transcript and log source. Symlinks are not followed (a note says which were skipped). */
export async function discoverSources(opts: DiscoverOptions, notes: string[]): Promise<SourceFile[]> {
  const files: SourceFile[] = [];
  const agentsDir = join(opts.stateDir, 'agents');
  const cliBindings = new Map<string, { agentId: string; sessionId: string }>();
  for (const agent of await listDir(agentsDir)) {
    if (!agent.isDirectory()) continue;
    if (opts.agent && agent.name !== opts.agent) continue;
    const agentId = agent.name;
    const store = join(agentsDir, agentId, 'agent', 'openclaw-agent.sqlite');
    const storeStat = await fs.lstat(store).catch(() => undefined);
    if (storeStat?.isFile()) {
      files.push({ kind: 'sqlite', path: store, agentId, bytes: storeStat.size });
      try {
        const db = new (loadSqlite())(store, { readonly: true, fileMustExist: true });
        try {
          for (const [cli, sid] of readStoreMeta(db).cliBindings) cliBindings.set(cli, { agentId, sessionId: sid });
        } finally {
          db.close();
        }
      } catch {
        // reported when the store is read
      }
    } else if (storeStat?.isSymbolicLink()) notes.push(`${store} is a symlink; not followed.`);
    const sessionsDir = join(agentsDir, agentId, 'sessions');
    const index = await fs.readFile(join(sessionsDir, 'sessions.json'), 'utf8').catch(() => undefined);
    const channels = new Map<string, string>();
    if (index) {
      try {
        const parsed = JSON.parse(index) as Record<string, Record<string, unknown>>;
        for (const entry of Object.values(parsed)) {
          if (!entry || typeof entry.sessionId !== 'string') continue;
          const ch = channelOfEntry(entry);
          if (ch) channels.set(entry.sessionId, ch);
          const m = new Map<string, string>();
          collectCliBindings(entry, entry.sessionId, m);
          for (const [cli, sid] of m) cliBindings.set(cli, { agentId, sessionId: sid });
        }
      } catch {
        notes.push(`${join(sessionsDir, 'sessions.json')} is not valid JSON; session channels unknown.`);
      }
    }
    for (const ent of await listDir(sessionsDir)) {
      const p = join(sessionsDir, ent.name);
      if (ent.isSymbolicLink()) {
        notes.push(`${p} is a symlink; not followed.`);
        continue;
      }
      if (ent.isFile() && ent.name.endsWith('.jsonl')) {
        const sessionId = ent.name.replace(/(?:\.trajectory)?\.jsonl$/, '');
        files.push({ kind: 'jsonl', path: p, agentId, sessionId, channel: channels.get(sessionId), bytes: await sizeOf(p) });
      }
    }
    for (const ent of await listDir(join(sessionsDir, 'cold'))) {
      const p = join(sessionsDir, 'cold', ent.name);
      if (ent.isFile() && ent.name.endsWith('.jsonl.zst')) files.push({ kind: 'cold', path: p, agentId, bytes: await sizeOf(p) });
    }
  }
  // claude-cli backed agents keep tool calls in Claude Code's own transcripts (openclaw#140273).
  const projects = join(opts.claudeHome, '.claude', 'projects');
  for (const proj of await listDir(projects)) {
    if (!proj.isDirectory()) continue;
    for (const ent of await listDir(join(projects, proj.name))) {
      if (!ent.isFile() || !ent.name.endsWith('.jsonl')) continue;
      const cliId = ent.name.replace(/\.jsonl$/, '');
      const bound = cliBindings.get(cliId);
      const agentId = bound?.agentId ?? 'claude-cli';
      if (opts.agent && agentId !== opts.agent) continue;
      const p = join(projects, proj.name, ent.name);
      files.push({ kind: 'claude-cli', path: p, agentId, sessionId: cliId, bytes: await sizeOf(p) });
    }
  }
  // Gateway logs: the configured file and its rotations, else OpenClaw's default rolling log.
  const logCandidates: string[] = [];
  if (opts.configuredLogFile) {
    const dir = dirname(opts.configuredLogFile);
    const stem = basename(opts.configuredLogFile).replace(/\.log$/, '');
    for (const ent of await listDir(dir)) if (ent.isFile() && ent.name.startsWith(stem)) logCandidates.push(join(dir, ent.name));
  }
  if (opts.logDir) {
    for (const ent of await listDir(opts.logDir)) if (ent.isFile() && /^openclaw-\d{4}-\d{2}-\d{2}(?:\.\d+)?\.log$/.test(ent.name)) logCandidates.push(join(opts.logDir, ent.name));
  }
  for (const ent of await listDir(join(opts.stateDir, 'logs'))) if (ent.isFile() && /\.(?:log|jsonl)$/.test(ent.name)) logCandidates.push(join(opts.stateDir, 'logs', ent.name));
  if (!opts.agent) for (const p of [...new Set(logCandidates)].sort()) files.push({ kind: 'log', path: p, agentId: 'gateway', bytes: await sizeOf(p) });
  for (const p of opts.extraFiles) files.push({ ...classifyExtra(p), bytes: await sizeOf(p) });
  return files;
}

function classifyExtra(path: string): Omit<SourceFile, 'bytes'> {
  if (path.endsWith('.sqlite') || path.endsWith('.db')) return { kind: 'sqlite', path, agentId: basename(dirname(dirname(path))) || 'extra' };
  if (path.endsWith('.zst')) return { kind: 'cold', path, agentId: 'extra' };
  if (path.endsWith('.log')) return { kind: 'log', path, agentId: 'gateway' };
  return { kind: 'jsonl', path, agentId: 'extra', sessionId: basename(path).replace(/\.jsonl$/, '') };
}
