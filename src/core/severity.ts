// Ordering, counting and sorting of findings by severity.
import { SEVERITIES, type Finding, type Severity, type SeverityCounts } from './types.js';

const RANK: Record<Severity, number> = { critical: 0, high: 1, warning: 2, info: 3 };

export function severityRank(severity: Severity): number {
  return RANK[severity];
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** The higher of two severities. */
export function maxSeverity(a: Severity, b: Severity): Severity {
  return RANK[a] <= RANK[b] ? a : b;
}

export function countBySeverity(findings: readonly Finding[]): SeverityCounts {
  const counts: SeverityCounts = { critical: 0, high: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity]++;
  return counts;
}

/** Stable order: severity, then rule id, then location. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    RANK[a.severity] - RANK[b.severity] ||
    a.ruleId.localeCompare(b.ruleId) ||
    (a.location?.file ?? '').localeCompare(b.location?.file ?? '') ||
    (a.location?.line ?? 0) - (b.location?.line ?? 0) ||
    (a.location?.keyPath ?? '').localeCompare(b.location?.keyPath ?? '') ||
    a.message.localeCompare(b.message)
  );
}

export function sortFindings<T extends Finding>(findings: T[]): T[] {
  return findings.sort(compareFindings);
}
