// The incident record: one Markdown document joining the audit, the forensic timeline and the monitor's threats for a time window.
import { countBySeverity } from '../core/severity.js';
import type { ThreatRecord } from '../core/threat-log.js';
import type { Finding } from '../core/types.js';

/** One capability's contribution, or why it is missing. */
export type Part<T> = { ok: true; value: T } | { ok: false; error: string };

export interface IncidentRecordInput {
  target: string;
  generatedAt: string;
  since?: number;
  until?: number;
  audit: Part<{ findings: Finding[]; suppressed: Finding[]; notes: string[] }>;
  /** Forensic findings plus its timeline already rendered as Markdown (headings from level 3). */
  forensics: Part<{ findings: Finding[]; timelineMarkdown: string; sessions: number }>;
  threats: Part<{ records: ThreatRecord[]; logDir: string }>;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function window(input: IncidentRecordInput): string {
  const f = (t?: number) => (t === undefined ? 'open' : new Date(t).toISOString());
  return `${f(input.since)} → ${f(input.until)}`;
}

function findingRows(findings: Finding[], limit: number): string[] {
  const rows = ['| severity | rule | title | where |', '| --- | --- | --- | --- |'];
  for (const f of findings.slice(0, limit)) {
    const where = f.location ? [f.location.file, f.location.keyPath, f.location.endpoint, f.location.ref].filter(Boolean).join(' ') : '';
    rows.push(`| ${f.severity} | \`${f.ruleId}\` | ${md(f.title)} | ${md(where)} |`);
  }
  if (findings.length > limit) rows.push(`| … | | ${findings.length - limit} more (run the command with --json) | |`);
  return rows;
}

/** Renders the record. Pure: every input is already gathered. */
export function renderIncidentRecord(input: IncidentRecordInput): string {
  const out: string[] = [`# Incident record — ${md(input.target)}`, '', `Generated ${input.generatedAt} by clawguard. Window: ${window(input)}.`, ''];
  const all: Finding[] = [...(input.audit.ok ? input.audit.value.findings : []), ...(input.forensics.ok ? input.forensics.value.findings : [])];
  const counts = countBySeverity(all);
  const threatCount = input.threats.ok ? input.threats.value.records.length : 0;
  out.push('## Summary', '');
  out.push(`- Audit: ${input.audit.ok ? `${input.audit.value.findings.length} findings` : `not available (${md(input.audit.error)})`}`);
  out.push(`- Forensics: ${input.forensics.ok ? `${input.forensics.value.findings.length} findings in ${input.forensics.value.sessions} sessions` : `not available (${md(input.forensics.error)})`}`);
  out.push(`- Monitor threats: ${input.threats.ok ? `${threatCount} in the window` : `not available (${md(input.threats.error)})`}`);
  out.push(`- Total: ${counts.critical} critical, ${counts.high} high, ${counts.warning} warning.`, '');
  out.push('## Response checklist (contain, rotate, audit)', '');
  out.push('- [ ] Contain: `clawguard incident contain --lockdown` (stops the gateway, denies exec, sandboxes every session)');
  out.push('- [ ] Rotate: `clawguard incident rotate` (new gateway token; the list of provider/channel keys to rotate by hand)');
  out.push('- [ ] Audit: review the findings below, then `clawguard audit --fix`', '');
  out.push('## Forensic timeline', '');
  if (input.forensics.ok) out.push(input.forensics.value.timelineMarkdown.trim(), '');
  else out.push(`Not available: ${md(input.forensics.error)}`, '');
  out.push('## Monitor threats', '');
  if (!input.threats.ok) out.push(`Not available: ${md(input.threats.error)}`, '');
  else if (threatCount === 0) out.push(`No threats recorded in ${md(input.threats.value.logDir)} for the window.`, '');
  else {
    out.push('| time | type | direction | pattern | destination | action | snippet |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const t of input.threats.value.records.slice(-200)) {
      out.push(`| ${t.timestamp} | ${t.threat_type} | ${t.direction} | ${md(t.pattern)} | ${md(t.dest)} | ${t.action ?? 'logged'} | ${md(t.snippet)} |`);
    }
    if (threatCount > 200) out.push('', `${threatCount - 200} older threats not shown.`);
    out.push('');
  }
  out.push('## Audit', '');
  if (!input.audit.ok) out.push(`Not available: ${md(input.audit.error)}`, '');
  else {
    out.push(...findingRows(input.audit.value.findings, 100), '');
    if (input.audit.value.notes.length) out.push(...input.audit.value.notes.map((n) => `- ${md(n)}`), '');
  }
  return `${out.join('\n')}\n`;
}
