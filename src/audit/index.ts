// `runAudit`: build the context once, run every check concurrently, apply fixes through one applier, apply suppressions.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { isObject } from '../core/openclaw/config.js';
import { applySuppressions, loadSuppressions, SUPPRESSIONS_FILE } from '../core/suppressions.js';
import type { Finding } from '../core/types.js';
import { CHECKS, SUPPRESSIONS_ACTIVE_ID } from './checks/index.js';
import { buildContext } from './context.js';
import { runDeepProbes } from './deep.js';
import { applyFixPlan, FIX_BACKUP_LABEL, type PlannedAction } from './fix.js';
import { get, str } from './model.js';
import type { AuditContext, AuditOptions, AuditResult, Check, CheckOutcome, FixResult } from './types.js';

export type { AuditOptions, AuditResult, Check, FixResult, FixStatus, DeepProbes } from './types.js';
export { CHECKS } from './checks/index.js';
export { FIX_BACKUP_LABEL } from './fix.js';
export { validateAgainstSchema, SCHEMA_VERSION } from './checks/hardening.js';

const OPENCLAW_SUPPRESSIONS_SOURCE = 'openclaw:security.audit.suppressions';

function fingerprint(f: Pick<Finding, 'ruleId' | 'location' | 'message'>): string {
  return createHash('sha256')
    .update(JSON.stringify([f.ruleId, f.location ?? null, f.message]))
    .digest('hex')
    .slice(0, 16);
}

function toFindings(check: Check, result: CheckOutcome): Finding[] {
  if (result.status !== 'fail') return [];
  return result.hits.map((hit) => {
    const ruleId = hit.id ?? check.id;
    const f: Finding = {
      ruleId,
      severity: hit.severity ?? check.severity,
      title: hit.title ?? check.title,
      message: hit.message,
      area: check.area,
      location: hit.location,
      evidence: hit.evidence,
      remediation: { text: hit.remediation ?? check.remediation, ...(check.fix ? { autoFix: 'audit --fix' as const } : {}) },
      openclawId: check.openclawId ? (hit.id ?? check.openclawId) : undefined,
      docs: `docs/rules/${check.id}.md`,
    };
    f.fingerprint = fingerprint(f);
    return f;
  });
}

async function runChecks(ctx: AuditContext): Promise<{ findings: Finding[]; notes: string[]; stats: { checks: number; passed: number; failed: number; skipped: number } }> {
  const active = CHECKS.filter((c) => ctx.deep || !c.deep);
  const notes: string[] = [];
  const stats = { checks: active.length, passed: 0, failed: 0, skipped: 0 };
  let done = 0;
  const results = await Promise.all(
    active.map(async (check) => {
      let outcome: CheckOutcome;
      try {
        outcome = await check.run(ctx);
      } catch (err) {
        outcome = { status: 'skip', reason: `internal error: ${(err as Error).message}` };
        notes.push(`Check ${check.id} could not run: ${(err as Error).message}.`);
      }
      ctx.options.onProgress?.(++done, active.length, check.id);
      return { check, outcome };
    }),
  );
  const findings: Finding[] = [];
  for (const { check, outcome } of results) {
    if (outcome.status === 'pass') stats.passed++;
    else if (outcome.status === 'skip') stats.skipped++;
    else stats.failed++;
    findings.push(...toFindings(check, outcome));
  }
  return { findings, notes, stats };
}

async function planFixes(ctx: AuditContext): Promise<PlannedAction[]> {
  const plans = await Promise.all(CHECKS.filter((c) => c.fix && (ctx.deep || !c.deep)).map(async (c) => ((await c.fix?.(ctx)) ?? []).map((action) => ({ checkId: c.id, action }))));
  return plans.flat();
}

/** OpenClaw's own suppressions: {checkId, titleIncludes?, detailIncludes?, reason?}, matched against the real check id. */
function applyOpenClawSuppressions(findings: Finding[], config: unknown): { active: Finding[]; suppressed: Finding[] } {
  const list = get(config as never, 'security.audit.suppressions');
  const rules = Array.isArray(list) ? list.filter(isObject) : [];
  if (!rules.length) return { active: findings, suppressed: [] };
  const active: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const f of findings) {
    const id = f.openclawId ?? f.ruleId;
    const rule =
      f.ruleId === SUPPRESSIONS_ACTIVE_ID
        ? undefined
        : rules.find((r) => {
            const checkId = str(r.checkId)?.trim();
            if (!checkId || (checkId !== id && checkId !== f.ruleId)) return false;
            const t = str(r.titleIncludes)?.trim().toLowerCase();
            if (t && !f.title.toLowerCase().includes(t)) return false;
            const d = str(r.detailIncludes)?.trim().toLowerCase();
            return !d || f.message.toLowerCase().includes(d);
          });
    if (rule) suppressed.push({ ...f, suppressed: { reason: str(rule.reason)?.trim() || '(no reason given)', source: OPENCLAW_SUPPRESSIONS_SOURCE } });
    else active.push(f);
  }
  return { active, suppressed };
}

export async function runAudit(opts: AuditOptions): Promise<AuditResult> {
  const started = performance.now();
  let ctx = await buildContext(opts);
  const notes: string[] = [];
  if (ctx.deep) {
    ctx.probes = await runDeepProbes(ctx);
    notes.push(...ctx.probes.notes);
  }

  let fixes: FixResult[] = [];
  let diff: string | undefined;
  let backupDir: string | undefined;
  if (opts.fix) {
    const outcome = await applyFixPlan(ctx, await planFixes(ctx), { dryRun: opts.dryRun === true });
    fixes = outcome.results;
    diff = outcome.diff;
    backupDir = outcome.backupDir;
    if (!opts.dryRun && fixes.some((f) => f.status === 'applied')) {
      const probes = ctx.probes;
      const gatewayEnv = ctx.gatewayEnv;
      ctx = await buildContext(opts);
      ctx.probes = probes;
      ctx.gatewayEnv = gatewayEnv;
    }
    if (backupDir) notes.push(`Backup of every changed file: ${backupDir} (undo with \`clawguard audit --undo\`).`);
  }

  const run = await runChecks(ctx);
  notes.push(...run.notes);
  const suppressionsFile = opts.suppressionsFile ?? join(ctx.paths.stateDir, SUPPRESSIONS_FILE);
  const rules = await loadSuppressions(suppressionsFile);
  const ours = applySuppressions(run.findings, rules, suppressionsFile);
  for (const e of ours.expired) notes.push(`Suppression of ${e.ruleId} in ${suppressionsFile} expired on ${e.expires}; the finding is active again.`);
  const theirs = applyOpenClawSuppressions(ours.active, ctx.config);
  if (!ctx.loaded.exists) notes.push(`No config at ${ctx.paths.configPath}: audited OpenClaw's defaults.`);

  return {
    target: { stateDir: ctx.paths.stateDir, configPath: ctx.paths.configPath, configExists: ctx.loaded.exists },
    findings: theirs.active,
    suppressed: [...ours.suppressed, ...theirs.suppressed],
    notes,
    fixes,
    diff,
    backupDir,
    probes: ctx.probes,
    stats: { ...run.stats, durationMs: Math.round(performance.now() - started) },
  };
}

export { FIX_BACKUP_LABEL as AUDIT_FIX_BACKUP_LABEL };
