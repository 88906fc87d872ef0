// Markdown output for reports and issue trackers: a summary table, then findings by area.
import { countBySeverity, sortFindings } from '../severity.js';
import { SEVERITIES, type Report } from '../types.js';
import { formatLocation } from './text.js';

/** Escapes the characters that would break a Markdown table cell or inline code. */
export function escapeMarkdown(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

export function renderMarkdown(report: Report): string {
  const counts = countBySeverity(report.findings);
  const out: string[] = [];
  out.push(`# clawguard ${report.command}`, '');
  if (report.target) out.push(`Target: \`${report.target}\`  `);
  out.push(`Generated: ${report.generatedAt} by clawguard ${report.version}`, '');
  out.push('| severity | count |', '| --- | ---: |');
  for (const s of SEVERITIES) out.push(`| ${s} | ${counts[s]} |`);
  out.push(`| suppressed | ${report.suppressed.length} |`, '');
  const byArea = new Map<string, typeof report.findings>();
  for (const f of sortFindings([...report.findings])) byArea.set(f.area, [...(byArea.get(f.area) ?? []), f]);
  for (const area of [...byArea.keys()].sort()) {
    out.push(`## ${area}`, '', '| severity | rule | finding | where | evidence | fix |', '| --- | --- | --- | --- | --- | --- |');
    for (const f of byArea.get(area) ?? []) {
      out.push(
        `| ${f.severity} | \`${f.ruleId}\` | ${escapeMarkdown(f.title)}${f.message && f.message !== f.title ? `: ${escapeMarkdown(f.message)}` : ''} | ${escapeMarkdown(formatLocation(f.location))} | ${f.evidence ? `\`${escapeMarkdown(f.evidence)}\`` : ''} | ${escapeMarkdown(f.remediation?.text ?? '')} |`,
      );
    }
    out.push('');
  }
  if (report.suppressed.length > 0) {
    out.push('## Suppressed', '', '| severity | rule | where | reason | expires |', '| --- | --- | --- | --- | --- |');
    for (const f of sortFindings([...report.suppressed])) {
      out.push(`| ${f.severity} | \`${f.ruleId}\` | ${escapeMarkdown(formatLocation(f.location))} | ${escapeMarkdown(f.suppressed?.reason ?? '')} | ${f.suppressed?.expires ?? ''} |`);
    }
    out.push('');
  }
  if (report.notes.length > 0) {
    out.push('## Notes', '');
    for (const n of report.notes) out.push(`- ${escapeMarkdown(n)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
