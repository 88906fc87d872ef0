// Operator suppressions: by rule, path glob and/or content hash, with a reason and optional expiry; never silent.
import { promises as fs } from 'node:fs';
import { ClawguardError, hasErrnoCode } from './errors.js';
import type { Finding } from './types.js';

export interface SuppressionRule {
  /** Rule id, or a prefix ending in `*` (`secret.*`). */
  ruleId: string;
  /** Path glob (`*` within a segment, `**` across segments), matched against the finding's file. */
  path?: string;
  /** Finding fingerprint or match hash. */
  hash?: string;
  /** Required: why this is accepted. */
  reason: string;
  /** ISO date (YYYY-MM-DD or full timestamp); after it the suppression no longer applies. */
  expires?: string;
}

export interface SuppressionFile {
  suppressions: SuppressionRule[];
}

export const SUPPRESSIONS_FILE = '.clawguard-suppressions.json';

function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] as string;
    if (ch === '*' && glob[i + 1] === '*') {
      re += '.*';
      i++;
      if (glob[i + 1] === '/') i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`(^|/)${re}$`);
}

/** Loads and validates a suppressions file; a missing file means none. */
export async function loadSuppressions(file: string): Promise<SuppressionRule[]> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) return [];
    throw new ClawguardError('CG_IO', `Cannot read suppressions file ${file}: ${(err as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ClawguardError('CG_INPUT', `Cannot parse suppressions file ${file}: ${(err as Error).message}`);
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as SuppressionFile | null)?.suppressions;
  if (!Array.isArray(list)) throw new ClawguardError('CG_INPUT', `Suppressions file ${file} must hold {"suppressions": [...]}.`);
  return list.map((entry, i) => {
    const e = entry as Partial<SuppressionRule>;
    if (typeof e.ruleId !== 'string' || !e.ruleId) throw new ClawguardError('CG_INPUT', `${file}: suppression #${i + 1} needs a ruleId.`);
    if (typeof e.reason !== 'string' || !e.reason.trim()) throw new ClawguardError('CG_INPUT', `${file}: suppression #${i + 1} (${e.ruleId}) needs a reason.`);
    if (e.expires !== undefined && Number.isNaN(Date.parse(e.expires))) throw new ClawguardError('CG_INPUT', `${file}: suppression #${i + 1} has an invalid expires date "${e.expires}".`);
    return { ruleId: e.ruleId, path: e.path, hash: e.hash, reason: e.reason, expires: e.expires };
  });
}

function matches(rule: SuppressionRule, f: Finding, hashes: readonly string[]): boolean {
  const idOk = rule.ruleId.endsWith('*') ? f.ruleId.startsWith(rule.ruleId.slice(0, -1)) : f.ruleId === rule.ruleId;
  if (!idOk) return false;
  if (rule.path) {
    const file = (f.location?.file ?? f.location?.keyPath ?? '').replace(/\\/g, '/');
    if (!globToRegExp(rule.path).test(file)) return false;
  }
  if (rule.hash && ![f.fingerprint, ...hashes].includes(rule.hash)) return false;
  return true;
}

export interface SuppressionOutcome<T extends Finding> {
  active: T[];
  suppressed: T[];
  /** Suppressions whose expiry has passed (reported so they can be renewed or removed). */
  expired: SuppressionRule[];
}

/**
 * Splits findings into active and suppressed. `extraHashes` lets a caller offer more hashes per
 * finding (e.g. the match hash besides the fingerprint).
 */
export function applySuppressions<T extends Finding>(
  findings: readonly T[],
  rules: readonly SuppressionRule[],
  source: string,
  now: Date = new Date(),
  extraHashes: (f: T) => readonly string[] = () => [],
): SuppressionOutcome<T> {
  const live = rules.filter((r) => !r.expires || Date.parse(r.expires) >= now.getTime() - (r.expires.length <= 10 ? 86_399_999 : 0));
  const expired = rules.filter((r) => !live.includes(r));
  const active: T[] = [];
  const suppressed: T[] = [];
  for (const f of findings) {
    const hit = live.find((r) => matches(r, f, extraHashes(f)));
    if (hit) suppressed.push({ ...f, suppressed: { reason: hit.reason, expires: hit.expires, source } });
    else active.push(f);
  }
  return { active, suppressed, expired };
}
