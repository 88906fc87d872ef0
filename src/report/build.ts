// Joins the capabilities' results into one daily report (summary, Markdown, JSON); a pure function of its inputs.
import { countBySeverity, sortFindings } from '../core/severity.js';
import { SEVERITIES, type Finding, type Location, type Severity } from '../core/types.js';
import { VERSION } from '../core/version.js';
import { renderHtml } from './html.js';
import type { CloudInput, DailyReport, ReportInputs, ReportSummary, SectionInput, SectionKey, SectionSummary, ThreatInput } from './types.js';

const TIMELINE_BUCKETS = 24;
const TOP = 10;
const MAX_ROWS = 25;

export function isCloudInput(c: ReportInputs['cloud']): c is CloudInput {
  return c !== undefined && 'instances' in c;
}

/** Escapes a value for a Markdown table cell or inline text: pipes, newlines, HTML and emphasis. */
export function mdText(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  return String(value)
    .replace(/[\r\n]+/g, ' ')
    // Control characters (ANSI escapes in a logged snippet) are shown, never sent to the terminal.
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([|\\`*_[\]])/g, '\\$1');
}

function mdTable(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  if (rows.length === 0) return '_None._\n';
  return `| ${headers.join(' | ')} |\n| ${headers.map(() => '---').join(' | ')} |\n${rows.map((r) => `| ${r.map(mdText).join(' | ')} |`).join('\n')}\n`;
}

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  if (loc.file) return `${loc.file}${loc.line ? `:${loc.line}${loc.column ? `:${loc.column}` : ''}` : ''}${loc.keyPath ? ` (${loc.keyPath})` : ''}`;
  return loc.keyPath ?? loc.endpoint ?? loc.ref ?? '';
}

function threatSeverity(t: ThreatInput): Severity {
  if (t.severity) return t.severity;
  return t.threat_type === 'INJECTION' || t.threat_type === 'EXFIL' ? 'high' : 'warning';
}

/** Groups threat records by (rule or pattern, destination, direction) into findings with counts. */
export function threatFindings(records: readonly ThreatInput[]): Finding[] {
  const groups = new Map<string, { first: ThreatInput; count: number; last: string; blocked: number; severity: Severity }>();
  for (const t of records) {
    const key = `${t.ruleId ?? t.pattern}\u0000${t.dest}\u0000${t.direction}`;
    const g = groups.get(key);
    const sev = threatSeverity(t);
    if (!g) groups.set(key, { first: t, count: 1, last: t.timestamp, blocked: t.action === 'blocked' ? 1 : 0, severity: sev });
    else {
      g.count++;
      if (t.timestamp > g.last) g.last = t.timestamp;
      if (t.action === 'blocked') g.blocked++;
      if (SEVERITIES.indexOf(sev) < SEVERITIES.indexOf(g.severity)) g.severity = sev;
    }
  }
  return [...groups.values()].map(({ first, count, last, blocked, severity }) => ({
    ruleId: first.ruleId ?? `monitor.${first.pattern}`,
    severity,
    title: `${first.threat_type === 'INJECTION' ? 'Injection' : 'Exfiltration'} (${first.pattern}) ${first.direction === 'inbound' ? 'from' : 'to'} ${first.dest}`,
    message: `${count} detection(s) by the monitor, last at ${last}${blocked ? `, ${blocked} blocked` : ''}.${first.snippet ? ` Example: ${first.snippet}` : ''}`,
    area: 'monitor',
    location: { endpoint: first.dest },
    evidence: first.snippet,
  }));
}

function counts<T>(items: readonly T[], key: (t: T) => string): Array<{ key: string; count: number }> {
  const m = new Map<string, number>();
  for (const i of items) m.set(key(i), (m.get(key(i)) ?? 0) + 1);
  return [...m.entries()].map(([k, count]) => ({ key: k, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}

function sectionSummary(key: SectionKey, title: string, s: { findings: Finding[]; suppressed: Finding[]; unavailable?: string } | undefined): SectionSummary {
  if (!s) return { key, title, findings: 0, suppressed: 0, bySeverity: countBySeverity([]), skipped: true };
  return { key, title, findings: s.findings.length, suppressed: s.suppressed.length, bySeverity: countBySeverity(s.findings), unavailable: s.unavailable };
}

function ymd(d: Date): string {
  return d.toISOString().slice(0, 10);
}

export function buildDailyReport(inputs: ReportInputs): DailyReport {
  const { generatedAt, since } = inputs;
  const inWindow = inputs.threats.records.filter((t) => {
    const ts = Date.parse(t.timestamp);
    return Number.isFinite(ts) && ts >= since.getTime() && ts <= generatedAt.getTime();
  });
  const monitor: SectionInput = { findings: threatFindings(inWindow), suppressed: [], notes: inputs.threats.notes, target: inputs.threats.logDir, unavailable: inputs.threats.unavailable };
  const cloud = inputs.cloud;
  const cloudSection: SectionInput | undefined = cloud === undefined ? undefined : isCloudInput(cloud) ? { findings: cloud.findings, suppressed: [], notes: cloud.notes } : { findings: [], suppressed: [], notes: [], unavailable: cloud.unavailable };
  const sorted = (s: SectionInput | undefined): SectionInput | undefined => (s ? { ...s, findings: sortFindings([...s.findings]), suppressed: sortFindings([...s.suppressed]) } : undefined);
  const sections: Array<[SectionKey, string, SectionInput | undefined]> = [
    ['audit', 'Configuration audit', sorted(inputs.audit)],
    ['egress', 'Skill egress', sorted(inputs.egress)],
    ['monitor', 'Monitor threats', sorted(monitor)],
    ['forensics', 'Forensics', sorted(inputs.forensics)],
    ['cloud', 'Alibaba Cloud Security Center', sorted(cloudSection)],
  ];
  const findings = sortFindings(sections.flatMap(([, , s]) => s?.findings ?? []));
  const suppressed = sortFindings(sections.flatMap(([, , s]) => s?.suppressed ?? []));
  const bySeverity = countBySeverity(findings);

  const span = Math.max(1, generatedAt.getTime() - since.getTime());
  const width = span / TIMELINE_BUCKETS;
  const timeline = Array.from({ length: TIMELINE_BUCKETS }, (_, i) => ({ start: new Date(since.getTime() + i * width).toISOString(), count: 0 }));
  for (const t of inWindow) {
    const i = Math.min(TIMELINE_BUCKETS - 1, Math.floor((Date.parse(t.timestamp) - since.getTime()) / width));
    const bucket = timeline[i];
    if (bucket) bucket.count++;
  }
  const summary: ReportSummary = {
    bySeverity,
    byArea: counts(findings, (f) => f.area || 'other').map(({ key, count }) => ({ area: key, count })),
    sections: sections.map(([key, title, s]) => sectionSummary(key, title, s)),
    threats: {
      total: inWindow.length,
      byType: Object.fromEntries(counts(inWindow, (t) => t.threat_type).map(({ key, count }) => [key, count])),
      blocked: inWindow.filter((t) => t.action === 'blocked').length,
      timeline,
      topDestinations: counts(inWindow, (t) => t.dest).slice(0, TOP).map(({ key, count }) => ({ dest: key, count })),
      topPatterns: counts(inWindow, (t) => t.pattern).slice(0, TOP).map(({ key, count }) => ({ pattern: key, count })),
    },
    status: bySeverity.critical > 0 ? 'critical' : bySeverity.high + bySeverity.warning > 0 ? 'warnings' : 'clean',
  };
  // The pages list the most recent threats only; sort once (the window can hold hundreds of thousands).
  const newest = [...inWindow].sort((a, b) => (a.timestamp < b.timestamp ? 1 : a.timestamp > b.timestamp ? -1 : 0)).slice(0, 30);
  const name = `security_report_${ymd(generatedAt).replace(/-/g, '')}`;
  const report: Omit<DailyReport, 'html'> = {
    name,
    summary,
    findings,
    suppressed,
    markdown: renderMarkdown(inputs, summary, sections, newest),
    json: {
      tool: 'clawguard',
      version: VERSION,
      command: 'report',
      generatedAt: generatedAt.toISOString(),
      window: { since: since.toISOString(), until: generatedAt.toISOString() },
      host: inputs.host,
      summary,
      sections: Object.fromEntries(sections.map(([key, , s]) => [key, s ? { target: s.target, unavailable: s.unavailable, findings: s.findings, suppressed: s.suppressed, notes: s.notes } : { skipped: true }])),
      threats: inWindow,
      egressDomains: inputs.egress.domains ?? [],
      cloud: cloud && isCloudInput(cloud) ? { region: cloud.region, instances: cloud.instances, vulns: cloud.vulns, baseline: cloud.baseline, alerts: cloud.alerts, errors: cloud.errors } : cloud,
    },
  };
  return { ...report, html: renderHtml(inputs, report, sections, newest) };
}

const STATUS_LINE: Record<ReportSummary['status'], string> = { critical: '🔴 Critical risk: act now', warnings: '🟡 Warnings worth review', clean: '✅ No active finding' };

function findingsTable(list: readonly Finding[]): string {
  const shown = list.slice(0, MAX_ROWS);
  return (
    mdTable(
      ['Severity', 'Rule', 'Title', 'Where'],
      shown.map((f) => [f.severity, f.ruleId, f.title, formatLocation(f.location)]),
    ) + (list.length > shown.length ? `\n> Showing ${shown.length} of ${list.length} findings; the JSON report has all of them.\n` : '')
  );
}

function renderMarkdown(inputs: ReportInputs, summary: ReportSummary, sections: Array<[SectionKey, string, SectionInput | undefined]>, threats: ThreatInput[]): string {
  const out: string[] = [];
  out.push(`# OpenClaw security daily report — ${ymd(inputs.generatedAt)}\n`);
  out.push(`Generated ${inputs.generatedAt.toISOString()}${inputs.host ? ` on ${mdText(inputs.host)}` : ''} · window ${inputs.since.toISOString()} → ${inputs.generatedAt.toISOString()}\n`);
  out.push(`**${STATUS_LINE[summary.status]}** — critical ${summary.bySeverity.critical}, high ${summary.bySeverity.high}, warning ${summary.bySeverity.warning}, info ${summary.bySeverity.info}\n`);
  out.push('## Overview\n');
  out.push(
    mdTable(
      ['Area', 'Findings', 'Critical', 'High', 'Warning', 'Info', 'Suppressed', 'Status'],
      summary.sections.map((s) => [s.title, s.skipped || s.unavailable ? '-' : s.findings, s.bySeverity.critical, s.bySeverity.high, s.bySeverity.warning, s.bySeverity.info, s.suppressed, s.skipped ? 'not requested' : s.unavailable ? `not available: ${s.unavailable}` : s.findings === 0 ? 'clean' : 'review']),
    ),
  );
  let n = 0;
  for (const [key, title, s] of sections) {
    if (!s) continue;
    n++;
    out.push(`\n## ${n}. ${title}\n`);
    if (s.target) out.push(`Target: \`${s.target.replace(/[`\r\n]/g, ' ')}\`\n`);
    if (s.unavailable) {
      out.push(`Not available: ${mdText(s.unavailable)}\n`);
      continue;
    }
    if (key === 'monitor') {
      out.push(`${summary.threats.total} threat(s) in the window (${Object.entries(summary.threats.byType).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}), ${summary.threats.blocked} blocked.\n`);
      if (summary.threats.topDestinations.length) out.push(`\n**Top destinations**\n\n${mdTable(['Destination', 'Threats'], summary.threats.topDestinations.map((d) => [d.dest, d.count]))}`);
      const recent = [...threats].sort((a, b) => b.timestamp.localeCompare(a.timestamp)).slice(0, 20);
      if (recent.length) out.push(`\n**Most recent**\n\n${mdTable(['Time', 'Type', 'Pattern', 'Direction', 'Destination', 'Action'], recent.map((t) => [t.timestamp, t.threat_type, t.pattern, t.direction, t.dest, t.action ?? 'logged']))}`);
    } else if (key === 'cloud' && inputs.cloud && isCloudInput(inputs.cloud)) {
      out.push(cloudMarkdown(inputs.cloud));
    } else {
      out.push(findingsTable(s.findings));
      if (key === 'egress' && inputs.egress.domains?.length) out.push(`\n**Domains reached by skills**\n\n${mdTable(['Domain', 'References'], inputs.egress.domains.slice(0, TOP).map((d) => [d.host, d.count]))}`);
    }
    if (s.suppressed.length) out.push(`\n${s.suppressed.length} suppressed finding(s) (kept in the JSON report).\n`);
    for (const note of s.notes) out.push(`\n> ${mdText(note)}\n`);
  }
  out.push(`\n## Recommendations\n\n${recommendations(inputs, summary).map((r, i) => `${i + 1}. ${r}`).join('\n')}\n`);
  return out.join('\n');
}

function cloudMarkdown(c: CloudInput): string {
  const atRisk = c.baseline.filter((b) => b.atRisk);
  const dim = (k: keyof CloudInput['errors'], value: string, ok: boolean, good: string, bad: string) => [value, c.errors[k] ? `not available: ${c.errors[k]}` : ok ? good : bad];
  let md = `Region: ${c.region}\n\n${mdTable(
    ['Dimension', 'Count', 'Status'],
    [
      ['OpenClaw instances', ...dim('instances', String(c.instances.length), c.instances.length > 0, '✅ found', '⚠️ no instance found')],
      ['Unfixed vulnerabilities', ...dim('vulns', String(c.vulns.length), c.vulns.length === 0, '✅ none', '🔴 at risk')],
      ['Baseline risks', ...dim('baseline', `${atRisk.length}/${c.baseline.length}`, atRisk.length === 0, '✅ compliant', '🔴 at risk')],
      ['Unhandled alerts', ...dim('alerts', String(c.alerts.length), c.alerts.length === 0, '✅ none', '🔴 alerts')],
    ],
  )}`;
  if (c.instances.length) md += `\n**Instances**\n\n${mdTable(['Host', 'IP', 'Component', 'Version', 'Listen'], c.instances.slice(0, 20).map((i) => [i.instanceName ?? i.instanceId, i.ip, i.name, i.version, i.listenIp ? `${i.listenIp}:${i.port ?? ''}` : '']))}${c.instances.length > 20 ? `\n> First 20 of ${c.instances.length}.\n` : ''}`;
  if (c.vulns.length) {
    const asap = c.vulns.filter((v) => v.necessity === 'asap').length;
    const later = c.vulns.filter((v) => v.necessity === 'later').length;
    md += `\n**Vulnerabilities**: 🔴 urgent ${asap} · 🟡 later ${later} · 🟢 other ${c.vulns.length - asap - later}\n\n${c.vulns
      .slice(0, 10)
      .map((v) => `- **${mdText(v.title)}** @ ${mdText(v.instanceName ?? v.instanceId)} (urgency: ${mdText(v.necessity)})`)
      .join('\n')}\n`;
  }
  if (atRisk.length) md += `\n**Baseline**: 🔴 ${atRisk.length} check group(s) failing (high ${atRisk.reduce((a, b) => a + b.high, 0)}, medium ${atRisk.reduce((a, b) => a + b.medium, 0)})\n\n${atRisk.slice(0, 10).map((b) => `- ${mdText(b.riskName)} (high ${b.high}, medium ${b.medium})`).join('\n')}\n`;
  if (c.alerts.length) md += `\n**Alerts**\n\n${c.alerts.slice(0, 10).map((a) => `- **${mdText(a.name)}** @ ${mdText(a.instanceName ?? a.instanceId)} (level: ${mdText(a.level)})`).join('\n')}\n`;
  return md;
}

export function recommendations(inputs: ReportInputs, summary: ReportSummary): string[] {
  const recs: string[] = [];
  const sec = (k: SectionKey) => summary.sections.find((s) => s.key === k);
  const audit = sec('audit');
  if (audit && audit.findings > 0) recs.push(`Configuration: fix the ${audit.bySeverity.critical + audit.bySeverity.high} critical/high audit finding(s); \`clawguard audit --fix\` applies the safe ones.`);
  const egress = sec('egress');
  if (egress && egress.findings > 0) recs.push('Skills: review the egress findings; `clawguard egress block` or `egress quarantine` for skills you do not trust.');
  if (summary.threats.total > 0) recs.push(`Traffic: ${summary.threats.total} threat(s) in the window${summary.threats.blocked < summary.threats.total ? '; consider enforce mode so the monitor blocks them' : ''}.`);
  const forensics = sec('forensics');
  if (forensics && forensics.findings > 0) recs.push('Forensics: the session logs show suspicious tool calls; run `clawguard incident` to contain and rotate credentials.');
  const cloud = inputs.cloud;
  if (cloud && isCloudInput(cloud)) {
    if (cloud.vulns.length) recs.push('Vulnerabilities: upgrade OpenClaw on the affected hosts, then `clawguard cloud push-tasks <uuid>` to re-scan.');
    if (cloud.baseline.some((b) => b.atRisk)) recs.push('Baseline: drill into failing checks with `clawguard cloud baseline <uuid> --risk-id N` and harden them.');
    if (cloud.alerts.length) recs.push('Alerts: handle the unhandled Security Center alerts in the console.');
    recs.push('Guardrail: make sure the OpenClaw security guardrail runs on every host (`clawguard cloud guardrail status`).');
  }
  for (const s of summary.sections) if (s.unavailable) recs.push(`${s.title} was not available (${s.unavailable}); fix that so tomorrow's report is complete.`);
  if (recs.length === 0) recs.push('Current state is good: keep the daily report and the monitor running.');
  return recs;
}
