// Daily report build time and output sizes for growing inputs (findings + monitor threats), from dist/ (`npm run build` first).
//   node bench/report.mjs [--dist DIR] [--json]
import { join, resolve } from 'node:path';

const args = process.argv.slice(2);
const flag = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const DIST = resolve(flag('--dist', new URL('../dist/', import.meta.url).pathname));
const JSON_OUT = args.includes('--json');
const { buildDailyReport } = await import('file://' + join(DIST, 'report', 'index.js'));

const NOW = new Date('2026-01-02T12:00:00Z');
const SINCE = new Date(NOW.getTime() - 86_400_000);
const SEV = ['critical', 'high', 'warning', 'info'];
const AREAS = ['gateway', 'filesystem', 'secrets', 'sandbox', 'exfil', 'network'];

function inputs(findings, threats) {
  const mk = (n, area) => Array.from({ length: n }, (_, i) => ({ ruleId: `${area}.rule-${i % 40}`, severity: SEV[i % 4], area: AREAS[i % AREAS.length], title: `Finding ${i} <b>&</b>`, message: `details ${i}`, location: { file: `/srv/ws/skills/s${i % 300}/index.js`, line: i % 500 } }));
  const records = Array.from({ length: threats }, (_, i) => ({
    direction: i % 3 ? 'outbound' : 'inbound', threat_type: i % 3 ? 'EXFIL' : 'INJECTION', pattern: ['ai_api_key', 'pipe_to_shell', 'dotenv_file'][i % 3],
    dest: `host${i % 57}.example:443`, source: '127.0.0.1', timestamp: new Date(SINCE.getTime() + ((i * 7919) % 86_400_000)).toISOString(), severity: SEV[i % 2], action: i % 5 ? 'logged' : 'blocked', snippet: 'sk-ant…(108, sha256:1a2b3c4d)',
  }));
  const third = Math.floor(findings / 3);
  return { generatedAt: NOW, since: SINCE, host: 'bench', audit: { findings: mk(third, 'audit'), suppressed: [], notes: [] }, egress: { findings: mk(third, 'egress'), suppressed: [], notes: [], domains: Array.from({ length: 200 }, (_, i) => ({ host: `d${i}.example`, count: 200 - i })) }, forensics: { findings: mk(findings - 2 * third, 'forensics'), suppressed: [], notes: [] }, threats: { records, notes: [] } };
}

const rows = [];
for (const [name, findings, threats] of [['small', 100, 1_000], ['medium', 3_000, 30_000], ['big', 20_000, 300_000]]) {
  const input = inputs(findings, threats);
  buildDailyReport(input); // warm-up
  const samples = [];
  let report;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    report = buildDailyReport(input);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const json = JSON.stringify(report.json);
  rows.push({ name, findings, threats, samples: samples.length, p50_ms: +samples[2].toFixed(1), max_ms: +samples[4].toFixed(1), html_kb: Math.round(report.html.length / 1024), md_kb: Math.round(report.markdown.length / 1024), json_kb: Math.round(json.length / 1024), rss_mb: Math.round(process.memoryUsage().rss / 1048576), node: process.version, date: new Date().toISOString() });
}
if (JSON_OUT) for (const r of rows) console.log(JSON.stringify(r));
else {
  console.log('report build          findings  threats  p50 ms  max ms  html KB  md KB  json KB  RSS MB');
  for (const r of rows) console.log(`${r.name.padEnd(20)}  ${String(r.findings).padStart(8)}  ${String(r.threats).padStart(7)}  ${String(r.p50_ms).padStart(6)}  ${String(r.max_ms).padStart(6)}  ${String(r.html_kb).padStart(7)}  ${String(r.md_kb).padStart(5)}  ${String(r.json_kb).padStart(7)}  ${String(r.rss_mb).padStart(6)}`);
}
