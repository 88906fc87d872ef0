// The daily report as one self-contained HTML page: inline CSS and SVG charts, no script, no external asset, every string escaped.
import { SEVERITIES, type Finding, type Severity } from '../core/types.js';
import { formatLocation, isCloudInput, recommendations } from './build.js';
import type { DailyReport, ReportInputs, ReportSummary, SectionInput, SectionKey, ThreatInput } from './types.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SEVERITY_COLOR: Record<Severity, string> = { critical: '#b91c1c', high: '#ea580c', warning: '#ca8a04', info: '#2563eb' };
const BAR_COLOR = '#475569';

interface Bar {
  label: string;
  value: number;
  color?: string;
}

/** Horizontal bar chart: one labelled row per bar, value at the end. */
export function horizontalBars(title: string, bars: readonly Bar[], empty: string): string {
  if (bars.length === 0 || bars.every((b) => b.value === 0)) return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><p class="empty">${escapeHtml(empty)}</p></figure>`;
  const row = 26;
  const labelW = 190;
  const barW = 300;
  const max = Math.max(...bars.map((b) => b.value), 1);
  const height = bars.length * row + 8;
  const rows = bars
    .map((b, i) => {
      const y = i * row + 4;
      const w = Math.max(b.value > 0 ? 2 : 0, Math.round((b.value / max) * barW));
      const label = b.label.length > 28 ? `${b.label.slice(0, 27)}…` : b.label;
      return `<g><title>${escapeHtml(`${b.label}: ${b.value}`)}</title><text x="${labelW - 6}" y="${y + 16}" text-anchor="end" class="lbl">${escapeHtml(label)}</text><rect x="${labelW}" y="${y + 3}" width="${w}" height="${row - 8}" rx="3" fill="${b.color ?? BAR_COLOR}"/><text x="${labelW + w + 6}" y="${y + 16}" class="val">${b.value}</text></g>`;
    })
    .join('');
  return `<figure class="chart"><figcaption>${escapeHtml(title)}</figcaption><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${labelW + barW + 50} ${height}" width="100%" xmlns="http://www.w3.org/2000/svg">${rows}</svg></figure>`;
}

/** Column chart of the threat timeline, with hour labels every few buckets. */
export function timelineChart(title: string, timeline: ReportSummary['threats']['timeline']): string {
  const total = timeline.reduce((a, b) => a + b.count, 0);
  const w = 1040;
  const h = 200;
  const pad = { l: 34, r: 8, t: 10, b: 34 };
  const max = Math.max(...timeline.map((t) => t.count), 1);
  const colW = (w - pad.l - pad.r) / Math.max(1, timeline.length);
  const plotH = h - pad.t - pad.b;
  const cols = timeline
    .map((t, i) => {
      const ch = Math.round((t.count / max) * plotH);
      const x = pad.l + i * colW;
      const hour = t.start.slice(11, 16);
      const label = i % 4 === 0 ? `<text x="${(x + colW / 2).toFixed(1)}" y="${h - pad.b + 14}" text-anchor="middle" class="tick">${escapeHtml(hour)}</text>` : '';
      return `<g><title>${escapeHtml(`${t.start}: ${t.count} threat(s)`)}</title><rect x="${(x + 1).toFixed(1)}" y="${pad.t + plotH - ch}" width="${Math.max(1, colW - 2).toFixed(1)}" height="${ch}" fill="${t.count > 0 ? '#dc2626' : '#e2e8f0'}"/>${label}</g>`;
    })
    .join('');
  const axis = `<line x1="${pad.l}" y1="${pad.t + plotH}" x2="${w - pad.r}" y2="${pad.t + plotH}" stroke="#94a3b8"/><text x="${pad.l - 4}" y="${pad.t + 10}" text-anchor="end" class="tick">${max}</text><text x="${pad.l - 4}" y="${pad.t + plotH}" text-anchor="end" class="tick">0</text><text x="${w / 2}" y="${h - 4}" text-anchor="middle" class="tick">UTC, ${escapeHtml(timeline[0]?.start.slice(0, 10) ?? '')} → ${escapeHtml(timeline[timeline.length - 1]?.start.slice(0, 10) ?? '')}</text>`;
  return `<figure class="chart wide"><figcaption>${escapeHtml(title)} (${total})</figcaption><svg role="img" aria-label="${escapeHtml(title)}" viewBox="0 0 ${w} ${h}" width="100%" xmlns="http://www.w3.org/2000/svg">${cols}${axis}</svg></figure>`;
}

function table(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>, empty = 'None.'): string {
  if (rows.length === 0) return `<p class="empty">${escapeHtml(empty)}</p>`;
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c ?? '-')}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

function severityBadge(s: Severity): string {
  return `<span class="sev sev-${s}">${escapeHtml(s)}</span>`;
}

function findingsTable(list: readonly Finding[]): string {
  if (list.length === 0) return '<p class="empty">No active finding.</p>';
  const shown = list.slice(0, 50);
  return `<table><thead><tr><th>Severity</th><th>Rule</th><th>Title</th><th>Where</th></tr></thead><tbody>${shown
    .map((f) => `<tr><td>${severityBadge(f.severity)}</td><td><code>${escapeHtml(f.ruleId)}</code></td><td>${escapeHtml(f.title)}<div class="msg">${escapeHtml(f.message)}</div></td><td>${escapeHtml(formatLocation(f.location))}</td></tr>`)
    .join('')}</tbody></table>${list.length > shown.length ? `<p class="note">Showing ${shown.length} of ${list.length}; the JSON report has all of them.</p>` : ''}`;
}

const CSS = `
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#0f172a;background:#f8fafc}
body{margin:0 auto;max-width:1100px;padding:24px}
h1{font-size:1.6rem;margin:0 0 4px}h2{font-size:1.2rem;margin:28px 0 8px;border-bottom:1px solid #e2e8f0;padding-bottom:4px}
.meta{color:#475569;font-size:.9rem}
.status{display:inline-block;padding:6px 12px;border-radius:6px;font-weight:600;margin:12px 0}
.status-critical{background:#fee2e2;color:#991b1b}.status-warnings{background:#fef9c3;color:#854d0e}.status-clean{background:#dcfce7;color:#166534}
.cards{display:flex;flex-wrap:wrap;gap:10px;margin:10px 0}
.card{background:#fff;border:1px solid #e2e8f0;border-radius:8px;padding:10px 14px;min-width:120px}
.card b{display:block;font-size:1.5rem}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(420px,1fr));gap:14px}
.chart{background:#fff;border:1px solid #e2e8f0;border-radius:8px;margin:0;padding:10px}
.chart.wide{grid-column:1/-1}
figcaption{font-weight:600;margin-bottom:6px}
.lbl,.val,.tick{font-size:12px;fill:#334155}
table{border-collapse:collapse;width:100%;background:#fff;font-size:.88rem}
th,td{border:1px solid #e2e8f0;padding:5px 8px;text-align:left;vertical-align:top}
th{background:#f1f5f9}
.msg{color:#475569;font-size:.8rem;margin-top:2px}
.sev{border-radius:4px;padding:1px 6px;color:#fff;font-size:.8rem}
.sev-critical{background:${SEVERITY_COLOR.critical}}.sev-high{background:${SEVERITY_COLOR.high}}.sev-warning{background:${SEVERITY_COLOR.warning}}.sev-info{background:${SEVERITY_COLOR.info}}
.empty,.note{color:#64748b;font-style:italic}
.unavailable{background:#fff7ed;border:1px solid #fed7aa;padding:8px;border-radius:6px}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:.82rem}
@media print{.charts{display:block}.chart{break-inside:avoid;margin-bottom:10px}}
`;

const STATUS_TEXT: Record<ReportSummary['status'], string> = { critical: 'Critical risk: act now', warnings: 'Warnings worth review', clean: 'No active finding' };

export function renderHtml(inputs: ReportInputs, report: Omit<DailyReport, 'html'>, sections: Array<[SectionKey, string, SectionInput | undefined]>, threats: readonly ThreatInput[]): string {
  const s = report.summary;
  const date = inputs.generatedAt.toISOString().slice(0, 10);
  const charts = [
    horizontalBars('Findings by severity', SEVERITIES.map((sev) => ({ label: sev, value: s.bySeverity[sev], color: SEVERITY_COLOR[sev] })), 'No active finding.'),
    horizontalBars('Findings by area', s.byArea.slice(0, 10).map((a) => ({ label: a.area, value: a.count })), 'No active finding.'),
    timelineChart('Threats over time', s.threats.timeline),
    horizontalBars('Top threat destinations', s.threats.topDestinations.map((d) => ({ label: d.dest, value: d.count, color: '#dc2626' })), 'No threat in the window.'),
  ];
  if (inputs.egress.domains?.length) charts.push(horizontalBars('Domains reached by skills', inputs.egress.domains.slice(0, 10).map((d) => ({ label: d.host, value: d.count })), 'None.'));
  const body: string[] = [];
  body.push(`<h1>OpenClaw security daily report — ${escapeHtml(date)}</h1>`);
  body.push(`<div class="meta">Generated ${escapeHtml(inputs.generatedAt.toISOString())}${inputs.host ? ` on ${escapeHtml(inputs.host)}` : ''} · window ${escapeHtml(inputs.since.toISOString())} → ${escapeHtml(inputs.generatedAt.toISOString())} · clawguard ${escapeHtml(String(report.json.version ?? ''))}</div>`);
  body.push(`<div class="status status-${s.status}">${escapeHtml(STATUS_TEXT[s.status])}</div>`);
  body.push(`<div class="cards">${SEVERITIES.map((sev) => `<div class="card"><b style="color:${SEVERITY_COLOR[sev]}">${s.bySeverity[sev]}</b>${escapeHtml(sev)}</div>`).join('')}<div class="card"><b>${s.threats.total}</b>threats (${s.threats.blocked} blocked)</div><div class="card"><b>${report.suppressed.length}</b>suppressed</div></div>`);
  body.push(`<h2>Overview</h2>${table(
    ['Area', 'Findings', 'Critical', 'High', 'Warning', 'Info', 'Suppressed', 'Status'],
    s.sections.map((x) => [x.title, x.skipped || x.unavailable ? '-' : x.findings, x.bySeverity.critical, x.bySeverity.high, x.bySeverity.warning, x.bySeverity.info, x.suppressed, x.skipped ? 'not requested' : x.unavailable ? `not available: ${x.unavailable}` : x.findings === 0 ? 'clean' : 'review']),
  )}`);
  body.push(`<h2>Charts</h2><div class="charts">${charts.join('')}</div>`);
  let n = 0;
  for (const [key, title, sec] of sections) {
    if (!sec) continue;
    n++;
    body.push(`<h2 id="${key}">${n}. ${escapeHtml(title)}</h2>`);
    if (sec.target) body.push(`<p class="meta">Target: <code>${escapeHtml(sec.target)}</code></p>`);
    if (sec.unavailable) {
      body.push(`<p class="unavailable">Not available: ${escapeHtml(sec.unavailable)}</p>`);
      continue;
    }
    if (key === 'monitor') {
      const recent = [...threats].sort((a, b) => b.timestamp.localeCompare(a.timestamp)).slice(0, 30);
      body.push(`<p>${s.threats.total} threat(s) in the window; ${s.threats.blocked} blocked.</p>`);
      body.push(table(['Time', 'Type', 'Pattern', 'Direction', 'Destination', 'Action', 'Snippet (redacted)'], recent.map((t) => [t.timestamp, t.threat_type, t.pattern, t.direction, t.dest, t.action ?? 'logged', t.snippet ?? '']), 'No threat in the window.'));
    } else if (key === 'cloud' && inputs.cloud && isCloudInput(inputs.cloud)) {
      const c = inputs.cloud;
      const errs = Object.entries(c.errors).map(([k, v]) => `<p class="unavailable">${escapeHtml(k)}: not available: ${escapeHtml(v)}</p>`);
      body.push(`<p class="meta">Region ${escapeHtml(c.region)}</p>${errs.join('')}`);
      body.push(`<h3>Instances (${c.instances.length})</h3>${table(['Host', 'IP', 'Component', 'Version', 'Listen'], c.instances.map((i) => [i.instanceName ?? i.instanceId, i.ip, i.name, i.version, i.listenIp ? `${i.listenIp}:${i.port ?? ''}` : '']))}`);
      body.push(`<h3>Vulnerabilities (${c.vulns.length})</h3>${table(['Vulnerability', 'Host', 'Urgency'], c.vulns.map((v) => [v.title, v.instanceName ?? v.instanceId, v.necessity]))}`);
      body.push(`<h3>Baseline</h3>${table(['Check', 'High', 'Medium', 'Low', 'At risk'], c.baseline.map((b) => [b.riskName, b.high, b.medium, b.low, b.atRisk ? 'yes' : 'no']))}`);
      body.push(`<h3>Alerts (${c.alerts.length})</h3>${table(['Alert', 'Host', 'Level', 'Since'], c.alerts.map((a) => [a.name, a.instanceName ?? a.instanceId, a.level, a.occurred]))}`);
    } else {
      body.push(findingsTable(sec.findings));
    }
    if (sec.suppressed.length) body.push(`<p class="note">${sec.suppressed.length} suppressed finding(s), kept in the JSON report.</p>`);
    for (const note of sec.notes) body.push(`<p class="note">${escapeHtml(note)}</p>`);
  }
  body.push(`<h2>Recommendations</h2><ol>${recommendations(inputs, s).map((r) => `<li>${escapeHtml(r)}</li>`).join('')}</ol>`);
  // CSP forbids every fetch: the page cannot load anything, even if a string slipped through unescaped.
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>OpenClaw security daily report — ${escapeHtml(date)}</title>
<style>${CSS}</style></head>
<body>
${body.join('\n')}
</body></html>
`;
}
