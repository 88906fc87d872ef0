// The one fix applier: runs every check's plan (config edits in the owning JSON5 file, then chmods), atomically, with one backup set.
import { promises as fs } from 'node:fs';
import { dirname } from 'node:path';
import { BackupSet, writeFileAtomic } from '../core/atomic.js';
import { describeError, hasErrnoCode } from '../core/errors.js';
import { findKeyOwner, getPath, parseJson5, type JsonObject, type JsonValue } from '../core/openclaw/config.js';
import { editJson5, type Json5Edit } from '../core/openclaw/json5-edit.js';
import { redactIn, redactSpans } from '../core/redact.js';
import { validateAgainstSchema } from './checks/hardening.js';
import { plaintextSlots } from './checks/secrets.js';
import { unifiedDiff } from './diff.js';
import { dotted, get } from './model.js';
import { scanSecretsInText } from './secret-scan.js';
import type { AuditContext, FixAction, FixResult } from './types.js';

export const FIX_BACKUP_LABEL = 'audit --fix';

export interface PlannedAction {
  checkId: string;
  action: FixAction;
}

export interface FixOutcome {
  results: FixResult[];
  diff?: string;
  backupDir?: string;
}

function chmodDesc(a: Extract<FixAction, { kind: 'chmod' }>): string {
  return `chmod ${a.mode.toString(8)} ${a.path}`;
}

/** Secrets that may appear in a diff of the config: generated values, literal auth/hooks secrets, plaintext slots. */
function knownSecrets(ctx: AuditContext, planned: readonly PlannedAction[]): string[] {
  const out = new Set<string>();
  for (const p of planned) if (p.action.kind === 'config-set' && p.action.display !== undefined && typeof p.action.value === 'string') out.add(p.action.value);
  for (const key of ['gateway.auth.token', 'gateway.auth.password', 'hooks.token', 'gateway.remote.token']) {
    const v = get(ctx.config, key);
    if (typeof v === 'string' && v.trim().length >= 4) out.add(v.trim());
  }
  for (const s of plaintextSlots(ctx.config)) out.add(s.value);
  return [...out].sort((a, b) => b.length - a.length);
}

async function redactDiff(ctx: AuditContext, diff: string, planned: readonly PlannedAction[]): Promise<string> {
  let text = diff;
  for (const s of knownSecrets(ctx, planned)) text = redactIn(text, s);
  const matches = await scanSecretsInText(text, 'config');
  if (matches) {
    const spans: Array<[number, number]> = [];
    const lines = text.split('\n');
    const lineStart: number[] = [];
    let off = 0;
    for (const l of lines) {
      lineStart.push(off);
      off += l.length + 1;
    }
    for (const m of matches as Array<{ line: number; column: number; evidence: string } & { start?: number; end?: number }>) {
      if (typeof m.start === 'number' && typeof m.end === 'number') spans.push([m.start, m.end]);
    }
    text = redactSpans(text, spans);
  }
  return text;
}

/** Applies (or, with dryRun, only describes) the planned actions. Config edits go first, then chmods. */
export async function applyFixPlan(ctx: AuditContext, planned: readonly PlannedAction[], options: { dryRun: boolean }): Promise<FixOutcome> {
  const results: FixResult[] = [];
  const backup = await BackupSet.create(ctx.paths.stateDir, FIX_BACKUP_LABEL);

  // 1. Config edits, grouped by the file that owns each key; first action per key wins.
  const seenKeys = new Set<string>();
  const byFile = new Map<string, { text: string; edits: Json5Edit[]; results: FixResult[] }>();
  const mainPath = ctx.paths.configPath;
  for (const { checkId, action } of planned) {
    if (action.kind !== 'config-set') continue;
    const key = dotted(action.path);
    if (seenKeys.has(key)) continue;
    seenKeys.add(key);
    const current = getPath(ctx.config, action.path as Array<string | number>);
    const desc = `set ${key}${action.display === undefined ? ` = ${JSON.stringify(action.value)}` : ''}`;
    if (action.onlyIf ? !action.onlyIf(current) : JSON.stringify(current) === JSON.stringify(action.value)) {
      results.push({ checkId, action: desc, path: mainPath, status: 'already' });
      continue;
    }
    const owner = ctx.loaded.exists ? findKeyOwner(ctx.loaded, action.path as Array<string | number>) : undefined;
    const file = owner?.path ?? mainPath;
    let entry = byFile.get(file);
    if (!entry) {
      entry = { text: owner?.text ?? (ctx.loaded.sources.find((s) => s.path === file)?.text ?? '{\n}\n'), edits: [], results: [] };
      byFile.set(file, entry);
    }
    entry.edits.push({ path: action.path, value: action.value as JsonValue });
    const detail = action.display !== undefined ? `generated a ${String(action.value).length}-character random value (${action.reason}); written to ${file} at ${key}; restart the gateway and update its clients` : action.reason;
    const r: FixResult = { checkId, action: desc, path: file, status: 'applied', detail };
    entry.results.push(r);
    results.push(r);
  }

  const diffs: string[] = [];
  const issuesBefore = new Set(validateAgainstSchema(ctx.config).map((i) => `${i.path}:${i.message}`));
  const newTexts = new Map<string, string>();
  for (const [file, entry] of byFile) {
    try {
      const next = editJson5(entry.text, entry.edits, file);
      newTexts.set(file, next);
    } catch (err) {
      for (const r of entry.results) r.status = `failed:${(err as { code?: string }).code ?? 'edit'}`;
    }
  }
  // No fix may make the config invalid: validate the merged result against the installed OpenClaw's keys.
  if (newTexts.size > 0) {
    let merged: JsonObject = ctx.config;
    try {
      const patched = ctx.loaded.sources.map((s) => ({ ...s, value: newTexts.has(s.path) ? (parseJson5(newTexts.get(s.path) as string, s.path) as JsonObject) : s.value }));
      merged = patched.length ? mergeSources(patched, ctx.paths.configPath) : (parseJson5(newTexts.get(mainPath) ?? '{}', mainPath) as JsonObject);
    } catch {
      /* a parse failure is caught by editJson5 above */
    }
    const introduced = validateAgainstSchema(merged).filter((i) => !issuesBefore.has(`${i.path}:${i.message}`));
    if (introduced.length) {
      for (const entry of byFile.values()) for (const r of entry.results) r.status = 'failed:would-invalidate-config';
      newTexts.clear();
    }
  }
  for (const [file, next] of newTexts) {
    const before = byFile.get(file)?.text ?? '';
    diffs.push(unifiedDiff(file, ctx.loaded.sources.some((s) => s.path === file) ? before : '', next));
    if (options.dryRun) continue;
    try {
      await backup.save(file);
      await fs.mkdir(dirname(file), { recursive: true, mode: 0o700 });
      await writeFileAtomic(file, next);
    } catch (err) {
      for (const r of byFile.get(file)?.results ?? []) r.status = `failed:${(err as NodeJS.ErrnoException).code ?? 'io'}`;
    }
  }

  // 2. chmods: never follow symlinks, skip missing, only tighten.
  const seenPaths = new Set<string>();
  for (const { checkId, action } of planned) {
    if (action.kind !== 'chmod' || seenPaths.has(action.path)) continue;
    seenPaths.add(action.path);
    const desc = chmodDesc(action);
    let stat;
    try {
      stat = await fs.lstat(action.path);
    } catch (err) {
      results.push({ checkId, action: desc, path: action.path, status: hasErrnoCode(err, 'ENOENT', 'ENOTDIR') ? 'skipped:missing' : `failed:${(err as NodeJS.ErrnoException).code ?? 'stat'}` });
      continue;
    }
    if (stat.isSymbolicLink()) {
      results.push({ checkId, action: desc, path: action.path, status: 'skipped:symlink' });
      continue;
    }
    if (action.expect === 'dir' && !stat.isDirectory()) {
      results.push({ checkId, action: desc, path: action.path, status: 'skipped:not-a-directory' });
      continue;
    }
    if (action.expect === 'file' && !stat.isFile()) {
      results.push({ checkId, action: desc, path: action.path, status: 'skipped:not-a-file' });
      continue;
    }
    const mode = stat.mode & 0o777;
    if ((mode & ~action.mode) === 0) {
      results.push({ checkId, action: desc, path: action.path, status: 'already' });
      continue;
    }
    const target = mode & action.mode;
    const r: FixResult = { checkId, action: `chmod ${target.toString(8)} ${action.path}`, path: action.path, status: 'applied', detail: `was ${mode.toString(8)}` };
    results.push(r);
    if (options.dryRun) continue;
    try {
      await backup.save(action.path);
      await fs.chmod(action.path, target);
    } catch (err) {
      r.status = `failed:${(err as NodeJS.ErrnoException).code ?? describeError(err)}`;
    }
  }

  const diff = diffs.filter(Boolean).join('');
  const backupDir = options.dryRun ? undefined : await backup.commit();
  return { results, diff: diff ? await redactDiff(ctx, diff, planned) : undefined, backupDir };
}

function mergeSources(sources: Array<{ path: string; value: JsonObject; includes: string[] }>, mainPath: string): JsonObject {
  const byPath = new Map(sources.map((s) => [s.path, s]));
  const load = (path: string, depth: number): JsonObject => {
    const s = byPath.get(path);
    if (!s || depth > 10) return {};
    let merged: JsonObject = {};
    for (const inc of s.includes) merged = deep(merged, load(inc, depth + 1));
    const { $include: _i, ...own } = s.value;
    return deep(merged, own);
  };
  return load(mainPath, 0);
}

function deep(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const prev = out[k];
    out[k] = prev && typeof prev === 'object' && !Array.isArray(prev) && v && typeof v === 'object' && !Array.isArray(v) ? deep(prev as JsonObject, v as JsonObject) : v;
  }
  return out;
}
