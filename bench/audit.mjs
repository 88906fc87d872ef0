#!/usr/bin/env node
// bench/audit: wall time and peak RSS of `clawguard audit` vs `openclaw security audit` on the same state dirs, via /usr/bin/time.
// Usage: npm run build && node bench/audit.mjs [--runs N] [--openclaw-runs N] [--json]
// openclaw: OPENCLAW_ANCHOR_DIR (default: the conformance cache, else /opt/openclaw-ref) must hold an install made by
// ../shared/reference/openclaw-install.sh.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, homedir, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_STATE, loosenModes } from '../examples/demo/materialise.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(repo, 'dist', 'cli', 'main.js');
const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const RUNS = opt('--runs', 7);
const OC_RUNS = opt('--openclaw-runs', 3);
const JSON_OUT = argv.includes('--json');
if (!existsSync(cli)) {
  console.error('bench/audit: build first (npm run build).');
  process.exit(64);
}

const cacheAnchor = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'clawguard', 'openclaw-anchor');
const anchor = process.env.OPENCLAW_ANCHOR_DIR ?? (existsSync(join(cacheAnchor, 'oc', 'node_modules', '.bin', 'openclaw')) ? cacheAnchor : '/opt/openclaw-ref');
const ocBin = join(anchor, 'oc', 'node_modules', '.bin', 'openclaw');
const ocPath = `${join(anchor, 'node24', 'bin')}:${join(anchor, 'oc', 'node_modules', '.bin')}:${process.env.PATH}`;
const haveOpenclaw = existsSync(ocBin);


/**
 * The demo home; `big` adds 200 legacy transcripts of ~250 KB each (50 MB) and a 20 MB log. `plain` is an
 * insecure config with no provider model and no .env: OpenClaw then skips its (offline, slow, failing)
 * provider-plugin install, so its time is its audit's own (the ~5 s of the reference timings).
 */
function makeState(root, size) {
  const state = join(root, 'state');
  if (size === 'plain') {
    mkdirSync(join(state, 'credentials'), { recursive: true });
    writeFileSync(join(state, 'credentials', 'telegram-allowFrom.json'), '{"allowFrom":["*"]}\n');
    writeFileSync(
      join(state, 'openclaw.json'),
      `${JSON.stringify({ gateway: { mode: 'local', bind: 'lan', auth: { mode: 'token', token: 'short' }, controlUi: { allowedOrigins: ['*'] } }, discovery: { mdns: { mode: 'full' } }, tools: { exec: { security: 'full' }, elevated: { enabled: true, allowFrom: { telegram: ['*'] } } }, channels: { telegram: { enabled: true, dmPolicy: 'open', groupPolicy: 'open' } } }, null, 2)}\n`,
    );
    loosenModes(state);
    return state;
  }
  cpSync(DEMO_STATE, state, { recursive: true });
  if (size === 'big') {
    const line = `${JSON.stringify({ type: 'message', id: 'x', parentId: null, timestamp: '2026-11-25T23:00:01.000Z', message: { role: 'user', content: [{ type: 'text', text: 'lorem ipsum dolor sit amet '.repeat(40) }] } })}\n`;
    const body = line.repeat(Math.ceil(250_000 / line.length));
    for (let i = 0; i < 200; i++) writeFileSync(join(state, 'agents', 'main', 'sessions', `bench-${i}.jsonl`), body);
    mkdirSync(join(state, 'logs'), { recursive: true });
    writeFileSync(join(state, 'logs', 'big.log'), `${JSON.stringify({ level: 'info', msg: 'request handled in 12 ms' })}\n`.repeat(400_000));
  }
  loosenModes(state);
  return state;
}

function timed(cmd, args, env) {
  const res = spawnSync('/usr/bin/time', ['-f', '__TIME__ %e %M', cmd, ...args], { env, encoding: 'utf8', maxBuffer: 256 << 20 });
  const m = /__TIME__ ([\d.]+) (\d+)/.exec(res.stderr ?? '');
  if (!m) throw new Error(`no timing from ${cmd}: ${(res.stderr ?? '').slice(-300)}`);
  return { wallMs: Number(m[1]) * 1000, rssMb: Number(m[2]) / 1024, code: res.status };
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const rows = [];
for (const size of ['plain', 'demo', 'big']) {
  const root = mkdtempSync(join(tmpdir(), `bench-audit-${size}-`));
  try {
    const state = makeState(root, size);
    const env = { PATH: process.env.PATH, HOME: root, NO_COLOR: '1' };
    const cg = [];
    timed(process.execPath, [cli, 'audit', '--json', '--state-dir', state, '--log-dir', join(root, 'tmp-openclaw')], env); // warm-up
    for (let i = 0; i < RUNS; i++) cg.push(timed(process.execPath, [cli, 'audit', '--json', '--state-dir', state, '--log-dir', join(root, 'tmp-openclaw')], env));
    const row = { name: `clawguard audit (${size})`, samples: cg.length, p50Ms: median(cg.map((r) => r.wallMs)), minMs: Math.min(...cg.map((r) => r.wallMs)), maxRssMb: Math.max(...cg.map((r) => r.rssMb)) };
    rows.push(row);
    console.error(`  ${row.name}: p50 ${row.p50Ms.toFixed(0)} ms, peak RSS ${row.maxRssMb.toFixed(1)} MB`);
    if (haveOpenclaw) {
      const ocState = join(root, 'oc');
      cpSync(state, ocState, { recursive: true });
      const ocEnv = { PATH: ocPath, HOME: root, OPENCLAW_HOME: root, OPENCLAW_STATE_DIR: ocState, OPENCLAW_CONFIG_PATH: join(ocState, 'openclaw.json'), NO_COLOR: '1' };
      timed(ocBin, ['security', 'audit', '--json'], ocEnv); // warm-up (first run creates its SQLite state)
      const oc = [];
      for (let i = 0; i < OC_RUNS; i++) oc.push(timed(ocBin, ['security', 'audit', '--json'], ocEnv));
      const ocRow = { name: `openclaw security audit (${size})`, samples: oc.length, p50Ms: median(oc.map((r) => r.wallMs)), minMs: Math.min(...oc.map((r) => r.wallMs)), maxRssMb: Math.max(...oc.map((r) => r.rssMb)) };
      rows.push(ocRow);
      console.error(`  ${ocRow.name}: p50 ${ocRow.p50Ms.toFixed(0)} ms, peak RSS ${ocRow.maxRssMb.toFixed(1)} MB`);
      row.speedup = ocRow.p50Ms / row.p50Ms;
      row.memoryRatio = row.maxRssMb / ocRow.maxRssMb;
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const meta = { node: process.version, cpu: `${cpus()[0]?.model ?? '?'} x${cpus().length}`, load: loadavg().map((l) => l.toFixed(1)).join(' '), date: new Date().toISOString(), openclaw: haveOpenclaw ? execFileSync(ocBin, ['--version'], { env: { PATH: ocPath, HOME: tmpdir() } }).toString().trim() : 'not installed' };
if (JSON_OUT) for (const r of rows) console.log(JSON.stringify({ ...r, ...meta }));
else {
  console.log(`bench/audit — node ${meta.node}, ${meta.cpu}, load ${meta.load}, ${meta.openclaw}`);
  console.log('| name | samples | p50 wall ms | min ms | peak RSS MB | vs openclaw |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.name} | ${r.samples} | ${r.p50Ms.toFixed(0)} | ${r.minMs.toFixed(0)} | ${r.maxRssMb.toFixed(1)} | ${r.speedup ? `${r.speedup.toFixed(1)}x faster, ${(r.memoryRatio * 100).toFixed(0)}% memory` : ''} |`);
}
