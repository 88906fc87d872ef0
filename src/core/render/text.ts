// Human text output: findings grouped by area, then severity; colour only when the stream is a TTY.
import { createColors } from 'picocolors';
import { countBySeverity, sortFindings } from '../severity.js';
import { SEVERITIES, type Finding, type Location, type Report, type Severity } from '../types.js';

export interface TextOptions {
  color: boolean;
  /** Show info findings (default true). */
  showInfo?: boolean;
}

const LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', warning: 'WARNING', info: 'INFO' };

export function formatLocation(loc: Location | undefined): string {
  if (!loc) return '';
  const parts: string[] = [];
  if (loc.file) parts.push(loc.line ? `${loc.file}:${loc.line}${loc.column ? `:${loc.column}` : ''}` : loc.file);
  if (loc.keyPath) parts.push(loc.keyPath);
  if (loc.endpoint) parts.push(loc.endpoint);
  if (loc.ref) parts.push(loc.ref);
  return parts.join(' ');
}

export function renderText(report: Report, options: TextOptions): string {
  const c = createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = {
    critical: (s) => c.bold(c.red(s)),
    high: c.red,
    warning: c.yellow,
    info: c.cyan,
  };
  const lines: string[] = [];
  lines.push(c.bold(`clawguard ${report.command}${report.target ? ` — ${report.target}` : ''}`));
  const shown = report.findings.filter((f) => options.showInfo !== false || f.severity !== 'info');
  const byArea = new Map<string, Finding[]>();
  for (const f of sortFindings([...shown])) {
    const list = byArea.get(f.area) ?? [];
    list.push(f);
    byArea.set(f.area, list);
  }
  const areas = [...byArea.keys()].sort();
  for (const area of areas) {
    lines.push('', c.bold(c.underline(area)));
    for (const f of byArea.get(area) ?? []) {
      const where = formatLocation(f.location);
      lines.push(`  ${paint[f.severity](LABEL[f.severity].padEnd(8))} ${f.ruleId}  ${f.title}`);
      if (f.message && f.message !== f.title) lines.push(`           ${c.dim(f.message)}`);
      if (where) lines.push(`           at ${where}`);
      if (f.evidence) lines.push(`           evidence: ${f.evidence}`);
      if (f.remediation) {
        const auto = f.remediation.autoFix ? c.green(` [${f.remediation.autoFix}]`) : '';
        lines.push(`           fix: ${f.remediation.text}${auto}`);
      }
    }
  }
  if (report.suppressed.length > 0) {
    lines.push('', c.bold(c.underline('suppressed')));
    for (const f of sortFindings([...report.suppressed])) {
      const s = f.suppressed;
      const until = s?.expires ? ` until ${s.expires}` : '';
      lines.push(`  ${c.dim(LABEL[f.severity].padEnd(8))} ${f.ruleId}  ${formatLocation(f.location)} — ${s?.reason ?? ''}${until}`);
    }
  }
  if (report.notes.length > 0) {
    lines.push('');
    for (const note of report.notes) lines.push(c.dim(`note: ${note}`));
  }
  lines.push('', summaryLine(report, c));
  return `${lines.join('\n')}\n`;
}

function summaryLine(report: Report, c: ReturnType<typeof createColors>): string {
  const counts = countBySeverity(report.findings);
  const parts = SEVERITIES.map((s) => `${counts[s]} ${s}`);
  const text = `Summary: ${parts.join(', ')}; ${report.suppressed.length} suppressed`;
  if (counts.critical > 0) return c.bold(c.red(text));
  if (counts.high + counts.warning > 0) return c.yellow(text);
  return c.green(text);
}
