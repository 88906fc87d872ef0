// The egress mutations and summaries: block, quarantine, unquarantine, protect, status, allowlist.
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { relative, sep } from 'node:path';
import { loadAllowlist, saveAllowlist, validateAllowlistEntry, normalizeHost } from '../core/allowlist.js';
import { BackupSet, writeFileAtomic } from '../core/atomic.js';
import { ClawguardError, hasErrnoCode } from '../core/errors.js';
import { resolveInsideRoot } from '../core/safe-path.js';
import { countBySeverity, severityRank } from '../core/severity.js';
import type { Finding, Severity, SeverityCounts } from '../core/types.js';
import { blockLanguageFor, blockStatements, BLOCK_MARKER } from './block.js';
import { isBlockable } from './findings.js';
import { findQuarantined, listQuarantined, quarantineSkill, unquarantineSkill, type QuarantinedSkill } from './quarantine.js';
import { scanEgress } from './scan.js';
import { loadState, saveState, type BlockedFileRecord } from './state.js';
import type { EgressLocateOptions, EgressScanOptions, EgressScanResult, SkillInfo } from './types.js';
import { assertSkillArgument, BACKUPS_DIR, discoverSkills, findSkill, resolveWorkspace, skillOwnerIndex } from './workspace.js';

export interface BlockOptions extends EgressScanOptions {
  skill: string;
}

export interface BlockedFile {
  file: string;
  status: 'blocked' | 'already' | 'failed';
  /** Lines commented out by this run. */
  lines: number[];
  backup?: string;
  verifiedBy?: string;
  reason?: string;
}

export interface ManualReviewItem {
  file: string;
  line?: number;
  ruleId: string;
  severity: Severity;
  why: string;
}

export interface BlockResult {
  workspace: string;
  skill: string;
  files: BlockedFile[];
  manualReview: ManualReviewItem[];
  /** The backup set directory (manifest + copies), when anything changed. */
  backupDir?: string;
  /** Findings still active in the skill after blocking. */
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
}

const isBlockCandidate = (f: Finding) => (f.severity === 'critical' || f.severity === 'high') && (f.area === 'network' || f.area === 'exfil') && f.location?.line !== undefined;

async function requireSkill(workspace: string, query: string): Promise<SkillInfo> {
  assertSkillArgument(query);
  const { skills, escapes } = await discoverSkills(workspace);
  const skill = findSkill(skills, query);
  if (skill) {
    await resolveInsideRoot(workspace, skill.path);
    return skill;
  }
  const q = query.replace(/\/+$/, '');
  const escaped = escapes.find((e) => e.path === q || e.path.endsWith(`/${q}`));
  if (escaped) throw new ClawguardError('CG_PATH_OUTSIDE_ROOT', `Refusing skill "${query}": ${escaped.path} resolves outside the workspace (${escaped.target}).`);
  const quarantined = findQuarantined(await listQuarantined(workspace), query);
  if (quarantined) throw new ClawguardError('CG_NOT_FOUND', `Skill "${query}" is quarantined (${quarantined.manifest.originalPath}); unquarantine it first.`);
  throw new ClawguardError('CG_NOT_FOUND', `No skill "${query}" in ${workspace} (looked for a folder with SKILL.md under skills/ and .agents/skills/).`);
}

async function sha256(data: Buffer | string): Promise<string> {
  return createHash('sha256').update(data).digest('hex');
}

async function exists(path: string): Promise<boolean> {
  try {
    await fs.lstat(path);
    return true;
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) return false;
    throw err;
  }
}

/** Applies block to the findings of one skill's scan; shared by `block` and `protect`. */
async function blockFindings(workspace: string, skill: SkillInfo, findings: readonly Finding[], backups: BackupSet, blocked: BlockedFileRecord[]): Promise<{ files: BlockedFile[]; manualReview: ManualReviewItem[] }> {
  const files: BlockedFile[] = [];
  const manualReview: ManualReviewItem[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const f of findings.filter(isBlockCandidate)) {
    const file = f.location?.file as string;
    if (!isBlockable(file)) {
      manualReview.push({ file, line: f.location?.line, ruleId: f.ruleId, severity: f.severity, why: blockLanguageFor(file) ? 'inside an archive' : 'not a code file block edits (.py .js .mjs .cjs .ts .sh .bash)' });
      continue;
    }
    const list = byFile.get(file) ?? [];
    list.push(f);
    byFile.set(file, list);
  }
  for (const [file, list] of [...byFile.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
    const real = await resolveInsideRoot(workspace, file);
    const realRel = relative(workspace, real).split(sep).join('/');
    const before = await fs.readFile(real);
    const text = before.toString('utf8');
    if (Buffer.from(text, 'utf8').compare(before) !== 0) {
      files.push({ file, status: 'failed', lines: [], reason: 'not valid UTF-8; block it by hand' });
      for (const f of list) manualReview.push({ file, line: f.location?.line, ruleId: f.ruleId, severity: f.severity, why: 'not valid UTF-8' });
      continue;
    }
    const targets = list.map((f) => ({ line: f.location?.line as number, column: f.location?.column ?? 1 }));
    const edit = blockStatements(text, realRel, targets);
    for (const fail of edit.failed) {
      const f = list.find((x) => x.location?.line === fail.line) as Finding;
      manualReview.push({ file, line: fail.line, ruleId: f.ruleId, severity: f.severity, why: fail.reason });
    }
    if (edit.lines.length === 0) {
      files.push({ file, status: edit.failed.length ? 'failed' : 'already', lines: [], verifiedBy: edit.verifiedBy, ...(edit.failed.length ? { reason: edit.failed[0]?.reason } : {}) });
      continue;
    }
    // The `.bak` keeps the content before clawguard's first block of this file.
    await resolveInsideRoot(workspace, `${realRel}.bak`);
    let record = blocked.find((b) => b.file === realRel);
    let backupRel = record?.backup;
    if (!record || !(await exists(`${workspace}/${record.backup}`))) {
      backupRel = `${realRel}.bak`;
      if (await exists(`${workspace}/${backupRel}`)) backupRel = `${realRel}.clawguard.bak`;
      await resolveInsideRoot(workspace, backupRel);
      await backups.save(`${workspace}/${backupRel}`);
      const mode = (await fs.stat(real)).mode & 0o7777;
      await writeFileAtomic(`${workspace}/${backupRel}`, before, { mode: mode & 0o666 });
      record = { file: realRel, backup: backupRel, backupSha256: await sha256(before), skill: skill.path, lines: [], blockedAt: new Date().toISOString() };
      blocked.push(record);
    }
    await backups.save(real);
    await writeFileAtomic(real, edit.text);
    record.lines = [...new Set([...record.lines, ...edit.lines])].sort((a, b) => a - b);
    record.blockedAt = new Date().toISOString();
    files.push({ file, status: 'blocked', lines: edit.lines, backup: backupRel, verifiedBy: edit.verifiedBy });
  }
  return { files, manualReview };
}

/** `egress block <skill>`: comments out CRITICAL/HIGH network and exfiltration statements in the skill's code files. */
export async function blockSkill(opts: BlockOptions): Promise<BlockResult> {
  const { dir: workspace } = await resolveWorkspace(opts);
  const skill = await requireSkill(workspace, opts.skill);
  const scan = await scanEgress({ ...opts, workspace, skills: [skill.path] });
  const state = await loadState(workspace);
  await resolveInsideRoot(workspace, BACKUPS_DIR);
  const backups = await BackupSet.create(workspace, 'egress block');
  const { files, manualReview } = await blockFindings(workspace, skill, scan.findings, backups, state.blocked);
  const backupDir = await backups.commit();
  if (files.some((f) => f.status === 'blocked')) await saveState(workspace, state);
  const after = files.some((f) => f.status === 'blocked') ? await scanEgress({ ...opts, workspace, skills: [skill.path] }) : scan;
  return { workspace, skill: skill.path, files, manualReview, backupDir, findings: after.findings, suppressed: after.suppressed, notes: after.notes };
}

export interface QuarantineResult {
  workspace: string;
  skill: string;
  status: 'quarantined' | 'already' | 'restored';
  /** Where the skill now lives. */
  location: string;
  modified?: string[];
}

export async function quarantineSkillByName(opts: EgressLocateOptions & { skill: string; reason?: string }): Promise<QuarantineResult> {
  const { dir: workspace } = await resolveWorkspace(opts);
  assertSkillArgument(opts.skill);
  const already = findQuarantined(await listQuarantined(workspace), opts.skill);
  const { skills } = await discoverSkills(workspace);
  if (already && !findSkill(skills, opts.skill)) return { workspace, skill: already.manifest.originalPath, status: 'already', location: relative(workspace, already.slot) };
  const skill = await requireSkill(workspace, opts.skill);
  const outcome = await quarantineSkill(workspace, skill, opts.reason ?? 'clawguard egress quarantine');
  return { workspace, skill: outcome.skill, status: outcome.status, location: relative(workspace, outcome.slot).split(sep).join('/') };
}

export async function unquarantineSkillByName(opts: EgressLocateOptions & { skill: string; force?: boolean }): Promise<QuarantineResult> {
  const { dir: workspace } = await resolveWorkspace(opts);
  assertSkillArgument(opts.skill);
  const list = await listQuarantined(workspace);
  const item: QuarantinedSkill | undefined = findQuarantined(list, opts.skill);
  if (!item) {
    const { skills } = await discoverSkills(workspace);
    const present = findSkill(skills, opts.skill);
    if (present) return { workspace, skill: present.path, status: 'already', location: present.path };
    throw new ClawguardError('CG_NOT_FOUND', `No quarantined skill "${opts.skill}" in ${workspace}.`);
  }
  const outcome = await unquarantineSkill(workspace, item, { force: opts.force });
  return { workspace, skill: outcome.skill, status: outcome.status, location: outcome.skill, modified: outcome.modified };
}

export interface ProtectResult {
  workspace: string;
  quarantined: string[];
  blocked: BlockedFile[];
  manualReview: ManualReviewItem[];
  backupDir?: string;
  /** Findings left in the non-quarantined part of the workspace after protecting. */
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
  remaining: SeverityCounts;
}

/**
 * `egress protect`: scans every non-quarantined skill, quarantines those with a CRITICAL finding,
 * blocks HIGH network/exfiltration statements in the rest, then rescans and reports what is left.
 */
export async function protectWorkspace(opts: EgressScanOptions): Promise<ProtectResult> {
  const { dir: workspace } = await resolveWorkspace(opts);
  const scan = await scanEgress({ ...opts, workspace, skillsOnly: true });
  const ownerOf = skillOwnerIndex(scan.skills);
  const skillOf = (f: Finding) => ownerOf(f.location?.file);
  const critical = new Set<string>();
  for (const f of scan.findings) if (f.severity === 'critical') {
    const s = skillOf(f);
    if (s) critical.add(s.path);
  }
  const quarantined: string[] = [];
  for (const path of [...critical].sort()) {
    const skill = scan.skills.find((s) => s.path === path) as SkillInfo;
    const outcome = await quarantineSkill(workspace, skill, 'clawguard egress protect: critical finding');
    if (outcome.status === 'quarantined') quarantined.push(path);
  }
  const state = await loadState(workspace);
  await resolveInsideRoot(workspace, BACKUPS_DIR);
  const backups = await BackupSet.create(workspace, 'egress protect');
  const blocked: BlockedFile[] = [];
  const manualReview: ManualReviewItem[] = [];
  for (const skill of scan.skills) {
    if (critical.has(skill.path)) continue;
    const own = scan.findings.filter((f) => skillOf(f)?.path === skill.path && f.severity === 'high');
    if (own.length === 0) continue;
    const r = await blockFindings(workspace, skill, own, backups, state.blocked);
    blocked.push(...r.files);
    manualReview.push(...r.manualReview);
  }
  const backupDir = await backups.commit();
  // The ledger goes first: the rescan must know the `.bak` files block just wrote.
  await saveState(workspace, state);
  const after = await scanEgress({ ...opts, workspace, skillsOnly: true });
  const remaining = countBySeverity(after.findings);
  state.lastProtect = { at: new Date().toISOString(), quarantined, blockedLines: blocked.reduce((n, b) => n + b.lines.length, 0), remaining };
  await saveState(workspace, state);
  return { workspace, quarantined, blocked, manualReview, backupDir, findings: after.findings, suppressed: after.suppressed, notes: [...scan.notes.filter((n) => !n.includes('quarantined skill')), ...after.notes], remaining };
}

export interface StatusResult {
  workspace: string;
  skills: number;
  quarantined: string[];
  blockedLines: number;
  blockedFiles: number;
  lastProtect?: { at: string; quarantined: string[]; blockedLines: number; remaining: SeverityCounts };
  allowlist: { builtin: number; custom: number };
  highestRisk: Severity | 'none';
  counts: SeverityCounts;
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
}

/** `egress status`: one skills-only scan plus the ledger (quarantine, blocks, last protect, allowlist). */
export async function egressStatus(opts: EgressScanOptions): Promise<StatusResult> {
  const { dir: workspace } = await resolveWorkspace(opts);
  const [scan, quarantined, state, allowlist] = await Promise.all([
    scanEgress({ ...opts, workspace, skillsOnly: true }),
    listQuarantined(workspace),
    loadState(workspace),
    loadAllowlist(workspace),
  ]);
  let blockedLines = 0;
  let blockedFiles = 0;
  for (const b of state.blocked) {
    try {
      const text = await fs.readFile(`${workspace}/${b.file}`, 'utf8');
      const n = text.split('\n').filter((l) => l.includes(BLOCK_MARKER)).length;
      blockedLines += n;
      if (n) blockedFiles++;
    } catch {
      continue;
    }
  }
  const counts = countBySeverity(scan.findings);
  const highest = scan.findings.map((f) => f.severity).sort((a, b) => severityRank(a) - severityRank(b))[0] ?? 'none';
  return {
    workspace,
    skills: scan.skills.length,
    quarantined: quarantined.map((q) => q.manifest.originalPath),
    blockedLines,
    blockedFiles,
    lastProtect: state.lastProtect,
    allowlist: { builtin: allowlist.builtin.length, custom: allowlist.custom.length },
    highestRisk: highest,
    counts,
    findings: scan.findings,
    suppressed: scan.suppressed,
    notes: scan.notes,
  };
}

export interface AllowlistResult {
  workspace: string;
  file: string;
  builtin: readonly string[];
  custom: string[];
  change?: { action: 'add' | 'remove'; domain: string; status: 'added' | 'removed' | 'already' | 'absent' };
}

/** `egress allowlist [--add D | --remove D]`: shows or edits `.egress-allowlist.json` (atomic write). */
export async function manageAllowlist(opts: EgressLocateOptions & { add?: string; remove?: string }): Promise<AllowlistResult> {
  if (opts.add !== undefined && opts.remove !== undefined) throw new ClawguardError('CG_USAGE', 'Use --add or --remove, not both.');
  const { dir: workspace } = await resolveWorkspace(opts);
  const list = await loadAllowlist(workspace);
  await resolveInsideRoot(workspace, list.file);
  let change: AllowlistResult['change'];
  if (opts.add !== undefined) {
    const domain = validateAllowlistEntry(opts.add);
    const present = list.custom.includes(domain);
    if (!present) {
      list.custom.push(domain);
      await saveAllowlist(list);
    }
    change = { action: 'add', domain, status: present ? 'already' : 'added' };
  } else if (opts.remove !== undefined) {
    const domain = normalizeHost(opts.remove.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '');
    if (!domain) throw new ClawguardError('CG_USAGE', `"${opts.remove}" is not a domain.`);
    const present = list.custom.includes(domain);
    if (present) {
      list.custom = list.custom.filter((d) => d !== domain);
      await saveAllowlist(list);
    }
    const builtin = list.builtin.includes(domain);
    if (!present && builtin) throw new ClawguardError('CG_USAGE', `${domain} is a built-in safe domain and cannot be removed; suppress specific findings instead.`);
    change = { action: 'remove', domain, status: present ? 'removed' : 'absent' };
  }
  return { workspace, file: list.file, builtin: list.builtin, custom: [...new Set(list.custom)].sort(), change };
}

export type { EgressScanResult };
