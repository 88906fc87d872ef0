// Machine-readable JSON output: the report envelope with severity counts, suppressed findings included.
import { countBySeverity } from '../severity.js';
import type { Report } from '../types.js';

export function renderJson(report: Report): string {
  const summary = { ...countBySeverity(report.findings), suppressed: report.suppressed.length };
  const { tool, version, command, target, generatedAt, findings, suppressed, notes, extra } = report;
  return `${JSON.stringify({ tool, version, command, target, generatedAt, summary, findings, suppressed, notes, ...extra }, null, 2)}\n`;
}
