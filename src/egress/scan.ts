// scanEgress: walks the workspace (or its skills), scans every file on the worker pool, and turns matches into findings.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isAllowed, loadAllowlist } from '../core/allowlist.js';
import { createProgress } from '../core/progress.js';
import { applySuppressions, loadSuppressions, SUPPRESSIONS_FILE } from '../core/suppressions.js';
import type { Finding } from '../core/types.js';
import { contentKindFor } from './classify.js';
import { findingFromEvent, findingFromMatch, specialFileFinding, symlinkEscapeFinding } from './findings.js';
import { createScanPool, DEFAULT_ENGINE_MODULE, interrupted } from './pool.js';
import { listQuarantined } from './quarantine.js';
import { loadState, STATE_FILE } from './state.js';
import type { DomainUse, EgressScanOptions, EgressScanResult, FileScanOutput, FileTask, SkillInfo } from './types.js';
import { walkFiles, type WalkEntry, type WalkResult } from './walk.js';
import { BACKUPS_DIR, discoverSkills, QUARANTINE_DIR, resolveWorkspace, skillOwnerIndex } from './workspace.js';

const DEFAULT_STREAM_THRESHOLD = 4 * 1024 * 1024;
const EXCLUDED_DIRS = new Set(['.git', QUARANTINE_DIR, BACKUPS_DIR]);
const EXCLUDED_FILES = new Set([STATE_FILE]);

async function sha256File(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await fs.readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}

export async function scanEgress(opts: EgressScanOptions): Promise<EgressScanResult> {
  const started = performance.now();
  const { dir: workspace, source } = await resolveWorkspace(opts);
  const notes: string[] = [];
  if (source !== 'flag') notes.push(`workspace ${workspace} (from ${source === 'cwd' ? 'the current directory: no OpenClaw workspace configured' : source})`);
  const [discovery, quarantined, allowlist, state, suppressionRules] = await Promise.all([
    discoverSkills(workspace),
    listQuarantined(workspace),
    loadAllowlist(workspace),
    loadState(workspace),
    loadSuppressions(join(workspace, SUPPRESSIONS_FILE)),
  ]);
  let skills = discovery.skills;
  if (opts.skills) {
    const wanted = new Set(opts.skills);
    skills = skills.filter((s) => wanted.has(s.path));
  }
  const findings: Finding[] = [];
  for (const e of discovery.escapes) {
    if (opts.skills && !opts.skills.some((s) => e.path === s || e.path.startsWith(`${s}/`))) continue;
    findings.push(symlinkEscapeFinding(e.path, e.target, e.path, true));
  }
  if (quarantined.length) notes.push(`${quarantined.length} quarantined skill(s) not scanned: ${quarantined.map((q) => q.manifest.originalPath).join(', ')}`);

  const starts = opts.skills || opts.skillsOnly ? skills.map((s) => s.path) : ['.'];
  const progress = opts.progress ? createProgress('egress scan') : undefined;
  // Files are scanned as the walk finds them: workers start (and warm up) while the walk goes on.
  const pool = createScanPool({
    workers: opts.workers,
    engineModule: opts.engineModule ?? DEFAULT_ENGINE_MODULE,
    streamThreshold: opts.streamThreshold ?? DEFAULT_STREAM_THRESHOLD,
    signal: opts.signal,
    onResult: (_o, task) => progress?.tick(1, task.rel),
  });
  // clawguard's own `.bak` copies are skipped only while they still hash to what block wrote.
  const ownBackups = new Map(state.blocked.map((b) => [b.backup, b.backupSha256]));
  const tasks: FileTask[] = [];
  const backupCandidates: WalkEntry[] = [];
  const addTask = (f: WalkEntry) => {
    const task: FileTask = { index: tasks.length, path: f.path, rel: f.rel, size: f.size, kind: contentKindFor(f.rel) };
    tasks.push(task);
    pool.add(task);
  };
  let outputs: FileScanOutput[];
  let walked: WalkResult;
  let skippedBackups = 0;
  try {
    walked = await walkFiles(workspace, starts, {
      exclude: EXCLUDED_DIRS,
      signal: opts.signal,
      onFile: (f) => {
        if (EXCLUDED_FILES.has(f.rel)) return;
        if (ownBackups.has(f.rel)) backupCandidates.push(f);
        else addTask(f);
      },
    });
    for (const f of backupCandidates) {
      if ((await sha256File(f.path)) === ownBackups.get(f.rel)) skippedBackups++;
      else addTask(f);
    }
    progress?.setTotal(tasks.length);
    outputs = await pool.finish();
    if (opts.signal?.aborted) throw interrupted();
  } catch (err) {
    await pool.close();
    throw err;
  } finally {
    progress?.stop();
  }
  if (skippedBackups) notes.push(`${skippedBackups} backup file(s) written by \`egress block\` were not rescanned (unchanged since)`);
  const skillOf = skillOwnerIndex(skills);
  const reported = new Set(discovery.escapes.map((e) => e.path));
  for (const e of walked.escapes) if (!reported.has(e.rel)) findings.push(symlinkEscapeFinding(e.rel, e.target, skillOf(e.rel)?.path, false));
  for (const s of walked.special) findings.push(specialFileFinding(s.rel, s.what, skillOf(s.rel)?.path));
  if (walked.dangling.length) notes.push(`${walked.dangling.length} dangling symlink(s) skipped: ${walked.dangling.slice(0, 5).join(', ')}${walked.dangling.length > 5 ? ', …' : ''}`);
  const workers = pool.workers;
  const totalBytes = tasks.reduce((n, t) => n + (t.size ?? 0), 0);
  let bytes = 0;
  // Results are read in path order, whatever order the walk and the workers produced them in; only
  // files with something to report are sorted and looked up (most have nothing: no per-file work in
  // the tail of a 60,000-file scan).
  const reporting: FileTask[] = [];
  for (const task of tasks) {
    const output = outputs[task.index];
    if (!output) continue;
    if (output.gone || output.events.length > 0 || output.matches.length > 0) reporting.push(task);
    else bytes += output.bytes;
  }
  const inPathOrder = reporting.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));

  let allowlisted = 0;
  const latin1: string[] = [];
  const archiveNotes: string[] = [];
  const domains = new Map<string, { count: number; files: Set<string>; skills: Set<string> }>();
  // The same few hosts recur in thousands of matches: each is judged against the allowlist once.
  const allowedHosts = new Map<string, boolean>();
  const hostAllowed = (host: string) => {
    let allowed = allowedHosts.get(host);
    if (allowed === undefined) allowedHosts.set(host, (allowed = isAllowed(host, allowlist)));
    return allowed;
  };
  const gone: string[] = [];
  for (const task of inPathOrder) {
    const output = outputs[task.index];
    if (!output) continue;
    if (output.gone) {
      gone.push(task.rel);
      continue;
    }
    const skill = skillOf(task.rel)?.path;
    const ctx = { file: task.rel, skill };
    bytes += output.bytes;
    for (const e of output.events) {
      if (e.kind === 'latin1' || e.kind === 'utf16') latin1.push(task.rel);
      else if (e.kind === 'archive-note') archiveNotes.push(`${task.rel}: ${e.detail}`);
      const f = findingFromEvent(e, ctx);
      if (f) findings.push(f);
    }
    const seen = new Set<string>();
    for (const m of output.matches) {
      for (const host of m.hosts) {
        const d = domains.get(host) ?? { count: 0, files: new Set<string>(), skills: new Set<string>() };
        d.count++;
        d.files.add(m.file ?? task.rel);
        if (skill) d.skills.add(skill);
        domains.set(host, d);
      }
      // The allowlist speaks for hosts only: secrets, exfiltration and injection are never allowlisted.
      if ((m.category === 'network' || m.category === 'domain') && m.hosts.length > 0 && m.hosts.every(hostAllowed)) {
        allowlisted++;
        continue;
      }
      const key = `${m.file ?? ''}:${m.ruleId}:${m.line}:${m.column}:${m.hash}`;
      if (seen.has(key)) continue;
      seen.add(key);
      findings.push(findingFromMatch(m, m.file ? { file: m.file, skill } : ctx));
    }
  }
  if (latin1.length) notes.push(`${latin1.length} file(s) were not UTF-8 and were decoded leniently (latin1/UTF-16) before scanning: ${latin1.slice(0, 5).join(', ')}${latin1.length > 5 ? ', …' : ''}`);
  for (const n of archiveNotes.slice(0, 20)) notes.push(n);
  if (gone.length) notes.push(`${gone.length} file(s) were removed while the scan ran and were not scanned: ${gone.slice(0, 5).join(', ')}${gone.length > 5 ? ', …' : ''}`);

  const outcome = applySuppressions(findings, suppressionRules, SUPPRESSIONS_FILE, new Date(), (f) => (f.fingerprint ? [f.fingerprint] : []));
  for (const r of outcome.expired) notes.push(`suppression for ${r.ruleId}${r.path ? ` (${r.path})` : ''} expired on ${r.expires}; renew or remove it in ${SUPPRESSIONS_FILE}`);

  return {
    workspace,
    findings: outcome.active,
    suppressed: outcome.suppressed,
    notes,
    skills,
    domains: buildDomainList(domains, hostAllowed),
    stats: {
      files: tasks.length - gone.length + walked.special.length,
      bytes: bytes || totalBytes,
      skills: skills.length,
      quarantined: quarantined.length,
      allowlisted,
      durationMs: Math.round(performance.now() - started),
      workers,
    },
  };
}

function buildDomainList(domains: Map<string, { count: number; files: Set<string>; skills: Set<string> }>, allowed: (host: string) => boolean): DomainUse[] {
  return [...domains.entries()]
    .map(([host, d]) => ({ host, count: d.count, allowlisted: allowed(host), files: [...d.files].sort().slice(0, 20), skills: [...d.skills].sort() }))
    .sort((a, b) => Number(a.allowlisted) - Number(b.allowlisted) || b.count - a.count || a.host.localeCompare(b.host));
}
