#!/usr/bin/env node
// `npm run conformance`: runs the real `openclaw security audit --json` and `clawguard audit --json` on the same state dirs
// (the demo and every audit fixture) and prints the real check ids each side reported that the other did not.
// Installs its own openclaw with ../shared/reference/openclaw-install.sh into a cache dir (OPENCLAW_ANCHOR_DIR overrides).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { materialiseDemo } from '../examples/demo/materialise.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(repo, 'dist', 'cli', 'main.js'))) {
  console.error('conformance: build first (npm run build).');
  process.exit(64);
}
// A private copy of dist/, so a rebuild during the (minutes-long) run cannot pull the CLI away; it still resolves node_modules.
const dist = join(repo, 'node_modules', '.cache', `clawguard-conformance-${process.pid}`, 'dist');
cpSync(join(repo, 'dist'), dist, { recursive: true });
cpSync(join(repo, 'package.json'), join(dist, '..', 'package.json'));
process.on('exit', () => rmSync(dirname(dist), { recursive: true, force: true }));
const { AUDIT_FIXTURES } = await import(pathToFileURL(join(dist, 'audit', 'fixtures.js')).href);
const { materialiseFixture } = await import(pathToFileURL(join(dist, 'audit', 'fixtures-materialise.js')).href);

// 1. The real OpenClaw, installed once into a cache dir.
const installer = resolve(repo, '..', 'shared', 'reference', 'openclaw-install.sh');
const anchorDir = process.env.OPENCLAW_ANCHOR_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'clawguard', 'openclaw-anchor');
mkdirSync(anchorDir, { recursive: true });
console.error(`conformance: ensuring openclaw in ${anchorDir} (first run installs it, ~30 s)`);
const installOut = execFileSync('bash', [installer, anchorDir], { stdio: ['ignore', 'pipe', 'inherit'] }).toString();
const pathLine = /export PATH="([^"]+)"/.exec(installOut)?.[1]?.replace('$PATH', process.env.PATH ?? '');
if (!pathLine) throw new Error('openclaw-install.sh printed no PATH line');
const openclawVersion = execFileSync('openclaw', ['--version'], { env: { ...process.env, PATH: pathLine, HOME: tmpdir() } }).toString().trim();

function run(cmd, args, env, timeoutMs) {
  return new Promise((resolveRun) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolveRun({ code, out, err });
    });
  });
}

function parseJson(text) {
  const start = text.indexOf('{');
  if (start < 0) return undefined;
  try {
    return JSON.parse(text.slice(start));
  } catch {
    return undefined;
  }
}

const sev = (s) => (s === 'warn' ? 'warning' : s);

/** The demo as `npm start` audits it: a copy with loose modes. */
function demoCase(root) {
  const state = materialiseDemo(root);
  return { root, stateDir: state, args: ['--state-dir', state, '--log-dir', join(root, 'tmp-openclaw')], env: { HOME: root } };
}

const cases = [{ name: 'demo', materialise: async (root) => demoCase(root), openclawValid: true }, ...AUDIT_FIXTURES.map((f) => ({ name: f.name, materialise: (root) => materialiseFixture(f, root), openclawValid: f.openclawValid !== false }))];

async function runCase(c) {
  const ocRoot = mkdtempSync(join(tmpdir(), 'conf-oc-'));
  const cgRoot = mkdtempSync(join(tmpdir(), 'conf-cg-'));
  try {
    const oc = await c.materialise(ocRoot);
    const cg = await c.materialise(cgRoot);
    const ocEnv = { PATH: pathLine, ...oc.env, HOME: ocRoot, OPENCLAW_HOME: ocRoot, OPENCLAW_STATE_DIR: oc.stateDir, OPENCLAW_CONFIG_PATH: join(oc.stateDir, 'openclaw.json'), NO_COLOR: '1' };
    const cgEnv = { PATH: process.env.PATH, ...cg.env, NO_COLOR: '1' };
    const [ocRes, cgRes] = await Promise.all([run('openclaw', ['security', 'audit', '--json'], ocEnv, 180_000), run(process.execPath, [join(dist, 'cli', 'main.js'), 'audit', '--json', ...cg.args], cgEnv, 60_000)]);
    const ocJson = parseJson(ocRes.out);
    const cgJson = parseJson(cgRes.out);
    const result = { name: c.name, openclawValid: c.openclawValid };
    if (!cgJson) return { ...result, error: `clawguard printed no JSON (exit ${cgRes.code}): ${cgRes.err.slice(0, 200)}` };
    const cgIds = new Map();
    for (const f of cgJson.findings) if (f.openclawId) cgIds.set(f.openclawId, [...(cgIds.get(f.openclawId) ?? []), f.severity]);
    if (!ocJson || ocJson.ok === false || !Array.isArray(ocJson.findings)) {
      return { ...result, refused: (ocJson?.error?.message ?? ocRes.err.split('\n').find(Boolean) ?? `exit ${ocRes.code}`).slice(0, 160), cgOnly: [...cgIds.keys()] };
    }
    const ocIds = new Map();
    for (const f of ocJson.findings) ocIds.set(f.checkId, [...(ocIds.get(f.checkId) ?? []), sev(f.severity)]);
    const missed = [...ocIds.keys()].filter((id) => !cgIds.has(id)).sort();
    const extra = [...cgIds.keys()].filter((id) => !ocIds.has(id)).sort();
    const both = [...ocIds.keys()].filter((id) => cgIds.has(id));
    const severity = both.filter((id) => !ocIds.get(id).some((s) => cgIds.get(id).includes(s))).map((id) => `${id} (openclaw ${[...new Set(ocIds.get(id))].join('/')}, clawguard ${[...new Set(cgIds.get(id))].join('/')})`);
    return { ...result, ocCount: ocIds.size, matched: both.length, missed, extra, severity };
  } finally {
    rmSync(ocRoot, { recursive: true, force: true });
    rmSync(cgRoot, { recursive: true, force: true });
  }
}

const only = process.argv.slice(2);
const selected = only.length ? cases.filter((c) => only.includes(c.name)) : cases;
const results = [];
const queue = [...selected];
const workers = Array.from({ length: Number(process.env.CONFORMANCE_JOBS ?? 2) }, async () => {
  while (queue.length) {
    const c = queue.shift();
    const r = await runCase(c);
    results.push(r);
    console.error(`  ${r.name}: ${r.error ? 'ERROR' : r.refused ? 'openclaw refused' : `${r.matched}/${r.ocCount} matched`}`);
  }
});
await Promise.all(workers);
results.sort((a, b) => selected.indexOf(selected.find((c) => c.name === a.name)) - selected.indexOf(selected.find((c) => c.name === b.name)));

let ocTotal = 0;
let matched = 0;
let missedTotal = 0;
let extraTotal = 0;
let sevTotal = 0;
let refused = 0;
let unexpectedRefusals = 0;
console.log(`openclaw ${openclawVersion} vs clawguard (dist) — ${selected.length} state dirs\n`);
for (const r of results) {
  if (r.error) {
    console.log(`${r.name}: ERROR ${r.error}`);
    continue;
  }
  if (r.refused) {
    refused++;
    if (r.openclawValid) unexpectedRefusals++;
    console.log(`${r.name}: openclaw refused to audit (${r.refused})${r.openclawValid ? '  <-- unexpected' : ' (expected: invalid config)'}`);
    continue;
  }
  ocTotal += r.ocCount;
  matched += r.matched;
  missedTotal += r.missed.length;
  extraTotal += r.extra.length;
  sevTotal += r.severity.length;
  console.log(`${r.name}: ${r.matched}/${r.ocCount} openclaw ids matched`);
  if (r.missed.length) console.log(`  missed by clawguard: ${r.missed.join(', ')}`);
  if (r.extra.length) console.log(`  reported only by clawguard: ${r.extra.join(', ')}`);
  if (r.severity.length) console.log(`  severity differs: ${r.severity.join('; ')}`);
}
const pct = ocTotal ? ((100 * matched) / ocTotal).toFixed(1) : '100.0';
console.log(`\nSummary: ${selected.length} state dirs; openclaw reported ${ocTotal} check ids (per dir, deduplicated), clawguard matched ${matched} (${pct}%), missed ${missedTotal}, reported ${extraTotal} real ids openclaw did not, ${sevTotal} severity differences; openclaw refused ${refused} invalid configs (${unexpectedRefusals} unexpected).`);
