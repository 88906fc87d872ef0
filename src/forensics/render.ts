// Human renderings of the forensic timeline: text (terminal) and Markdown (incident records), one section per session.
import { createColors } from 'picocolors';
import { countBySeverity } from '../core/severity.js';
import type { Severity } from '../core/types.js';
import type { ForensicsResult, SessionSummary, TimelineEntry } from './types.js';

const LABEL: Record<Severity, string> = { critical: 'CRITICAL', high: 'HIGH', warning: 'WARNING', info: 'INFO' };

function sessionKey(agentId: string, sessionId: string): string {
  return `${agentId}\0${sessionId}`;
}

function groupTimeline(result: ForensicsResult): Map<string, TimelineEntry[]> {
  const by = new Map<string, TimelineEntry[]>();
  for (const e of result.timeline) {
    const k = sessionKey(e.agentId, e.sessionId);
    const list = by.get(k) ?? [];
    list.push(e);
    by.set(k, list);
  }
  return by;
}

function countsLine(s: SessionSummary): string {
  const f = s.findings;
  return `${f.critical} critical, ${f.high} high, ${f.warning} warning`;
}

function topTools(s: SessionSummary): string {
  return Object.entries(s.tools)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([t, n]) => `${t}×${n}`)
    .join(' ');
}

function shortTime(iso: string): string {
  return iso ? iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z') : '—'.padEnd(20);
}

export function renderTimelineText(result: ForensicsResult, options: { color: boolean }): string {
  const c = createColors(options.color);
  const paint: Record<Severity, (s: string) => string> = { critical: (s) => c.bold(c.red(s)), high: c.red, warning: c.yellow, info: c.cyan };
  const lines: string[] = [c.bold(`clawguard forensics — ${result.target}`)];
  const grouped = groupTimeline(result);
  const flagged = result.sessions.filter((s) => grouped.has(sessionKey(s.agentId, s.sessionId)));
  const clean = result.sessions.length - flagged.length;
  for (const s of flagged) {
    lines.push('', c.bold(c.underline(`session ${s.sessionId}`)) + c.dim(`  agent ${s.agentId} · ${s.source}${s.channel ? ` · ${s.channel}` : ''}`));
    lines.push(c.dim(`  ${s.firstTime ?? '?'} → ${s.lastTime ?? '?'} · ${s.inboundMessages} inbound, ${s.toolCalls} tool calls · ${countsLine(s)} · ${topTools(s)}`));
    for (const e of grouped.get(sessionKey(s.agentId, s.sessionId)) ?? []) {
      if (e.actor === 'inbound') {
        lines.push(`  ${shortTime(e.time)}  ${c.cyan('⇢ inbound ')} ${e.summary}`);
        continue;
      }
      const sev = e.severity ? paint[e.severity](LABEL[e.severity].padEnd(8)) : ''.padEnd(8);
      lines.push(`  ${shortTime(e.time)}  ${sev}  ${e.actor}/${e.tool}  ${e.summary}`);
      lines.push(c.dim(`  ${' '.repeat(20)}  ${e.ruleIds.join(', ')}${e.evidence ? ` · evidence: ${e.evidence}` : ''}`));
      lines.push(c.dim(`  ${' '.repeat(20)}  at ${e.ref}`));
    }
  }
  if (clean > 0) lines.push('', c.green(`${clean} other session(s) read: nothing suspicious.`));
  if (result.suppressed.length > 0) lines.push('', c.dim(`${result.suppressed.length} finding(s) suppressed (see --json).`));
  if (result.notes.length > 0) {
    lines.push('');
    for (const n of result.notes) lines.push(c.dim(`note: ${n}`));
  }
  const counts = countBySeverity(result.findings);
  const mb = (result.stats.bytes / 1048576).toFixed(1);
  const summary = `Summary: ${counts.critical} critical, ${counts.high} high, ${counts.warning} warning, ${counts.info} info; ${result.suppressed.length} suppressed · ${result.sessions.length} sessions, ${result.stats.records} records, ${mb} MB in ${(result.stats.durationMs / 1000).toFixed(1)} s${result.stats.corrupt ? `, ${result.stats.corrupt} corrupt skipped` : ''}`;
  lines.push('', counts.critical ? c.bold(c.red(summary)) : counts.high + counts.warning ? c.yellow(summary) : c.green(summary));
  return `${lines.join('\n')}\n`;
}

function md(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/`/g, 'ˋ').replace(/\r?\n/g, ' ');
}

/** Markdown timeline; `headingLevel` lets `incident report` nest it. */
export function renderTimelineMarkdown(result: ForensicsResult, options: { headingLevel?: number } = {}): string {
  const h = '#'.repeat(options.headingLevel ?? 1);
  const out: string[] = [`${h} Forensic timeline — ${md(result.target)}`, ''];
  const counts = countBySeverity(result.findings);
  out.push(`${counts.critical} critical, ${counts.high} high, ${counts.warning} warning findings in ${result.sessions.length} sessions (${result.stats.records} records read${result.stats.corrupt ? `, ${result.stats.corrupt} corrupt skipped` : ''}).`, '');
  const grouped = groupTimeline(result);
  for (const s of result.sessions) {
    const entries = grouped.get(sessionKey(s.agentId, s.sessionId));
    if (!entries) continue;
    out.push(`${h}# Session \`${s.sessionId}\``, '');
    out.push(`Agent \`${s.agentId}\` · source ${s.source}${s.channel ? ` · channel ${md(s.channel)}` : ''} · ${s.firstTime ?? '?'} → ${s.lastTime ?? '?'} · ${s.inboundMessages} inbound, ${s.toolCalls} tool calls · ${countsLine(s)}`, '');
    out.push('| time | severity | actor | tool | what | rules | evidence |', '| --- | --- | --- | --- | --- | --- | --- |');
    for (const e of entries) {
      out.push(`| ${shortTime(e.time)} | ${e.severity ?? ''} | ${e.actor} | ${md(e.tool)} | ${md(e.summary)} | ${e.ruleIds.join(', ')} | ${e.evidence ? `\`${md(e.evidence)}\`` : ''} |`);
    }
    out.push('');
  }
  const clean = result.sessions.filter((s) => !grouped.has(sessionKey(s.agentId, s.sessionId)));
  if (clean.length) out.push(`${clean.length} other session(s) read with nothing suspicious.`, '');
  if (result.notes.length) {
    out.push(`${h}# Notes`, '');
    for (const n of result.notes) out.push(`- ${md(n)}`);
    out.push('');
  }
  return `${out.join('\n')}\n`;
}
