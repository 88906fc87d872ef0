#!/usr/bin/env node
// Bench: detection quality of `clawguard egress scan` on a labelled corpus of skills
// (bench/egress-corpus/{malicious,benign}/<skill>/). Each skill is copied into its own temp workspace
// (`<tmp>/skills/<skill>/`) and scanned with the built CLI (`egress scan --workspace <tmp> --json`).
//
// Prints:
//   recall          malicious skills with at least one CRITICAL or HIGH finding
//   recall@exit2    malicious skills whose scan exits 2 (the seed's "critical exfiltration risk")
//   FP rate         benign skills with at least one CRITICAL or HIGH finding
//     of which only network calls   benign skills whose only CRITICAL/HIGH findings are network calls or
//                                   webhook URLs off the allowlist (HIGH by the seed's table: "needs review")
//   FP@exit2        benign skills whose scan exits 2 (would be quarantined by `egress protect`)
//   the misses and false alarms with the rule ids that fired, and the time taken.
//   Skills named holdout-*, holdout2-*, holdout3-*, holdout4-* were each written after the previous round
//   of rule fixes and scored before their own (first scores in the commit messages); their current
//   numbers are printed separately as a check against overfitting.
//
// Usage: node bench/egress-accuracy.mjs [--json] [--verbose] [--only <substring>] [--jobs N]
// Runs dist/cli/main.js (npm run build first); CLAWGUARD_CLI=<path to main.js> scores another build,
// --from-source runs src/cli/main.ts through tsx (slow).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, promises as fs } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const CORPUS = join(ROOT, 'bench/egress-corpus');
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] ?? fallback : fallback);

const CLI = process.env.CLAWGUARD_CLI
  ? [process.env.CLAWGUARD_CLI]
  : existsSync(join(ROOT, 'dist/cli/main.js')) && !flag('--from-source')
    ? [join(ROOT, 'dist/cli/main.js')]
    : ['--import', 'tsx', join(ROOT, 'src/cli/main.ts')];
const JOBS = Math.max(1, Number(option('--jobs', String(Math.min(4, availableParallelism())))) || 1);
const ONLY = option('--only', '');

/**
 * Rules that report a network call or a webhook URL — HIGH by the seed's table ("network function calls,
 * webhook callback URLs": needs review) — as opposed to an exfiltration, secret or injection shape.
 */
const NETWORK_CALL_RULES = new Set(['network.js-http-call', 'network.python-http-call', 'network.python-socket', 'network.shell-transfer', 'network.powershell-web', 'network.netcat', 'exfil.webhook-collector']);

async function listSkills(label) {
  const dir = join(CORPUS, label);
  const names = (await fs.readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  return names.filter((n) => !ONLY || n.includes(ONLY)).map((name) => ({ label, name, dir: join(dir, name) }));
}

function run(argv) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function scoreSkill(skill) {
  const ws = mkdtempSync(join(tmpdir(), 'cg-accuracy-'));
  try {
    await fs.cp(skill.dir, join(ws, 'skills', skill.name), { recursive: true });
    const t0 = performance.now();
    const { code, stdout, stderr } = await run([...CLI, 'egress', 'scan', '--workspace', ws, '--json']);
    const ms = performance.now() - t0;
    let report;
    try {
      report = JSON.parse(stdout);
    } catch {
      return { ...skill, code, ms, error: (stderr || stdout).trim().split('\n')[0] ?? `exit ${code}`, findings: [] };
    }
    const findings = report.findings.map((f) => ({ ruleId: f.ruleId, severity: f.severity, file: f.location?.file?.replace(`skills/${skill.name}/`, ''), line: f.location?.line }));
    return { ...skill, code, ms, findings };
  } finally {
    await fs.rm(ws, { recursive: true, force: true });
  }
}

async function pool(items, fn, jobs) {
  const out = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(jobs, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]);
      }
    }),
  );
  return out;
}

const serious = (f) => f.severity === 'critical' || f.severity === 'high';
const ids = (fs_, pred) => [...new Set(fs_.filter(pred).map((f) => `${f.ruleId}(${f.severity === 'critical' ? 'C' : f.severity === 'high' ? 'H' : f.severity === 'warning' ? 'W' : 'I'})`))].join(' ');
const pct = (n, d) => (d === 0 ? 'n/a' : `${((100 * n) / d).toFixed(1)}%`);

async function main() {
  const skills = [...(await listSkills('malicious')), ...(await listSkills('benign'))];
  if (skills.length === 0) throw new Error(`no skills under ${CORPUS}${ONLY ? ` matching ${ONLY}` : ''}`);
  const t0 = performance.now();
  const results = await pool(skills, scoreSkill, JOBS);
  const wall = (performance.now() - t0) / 1000;

  const mal = results.filter((r) => r.label === 'malicious');
  const ben = results.filter((r) => r.label === 'benign');
  const errors = results.filter((r) => r.error);
  const detected = mal.filter((r) => r.findings.some(serious));
  const exit2 = mal.filter((r) => r.code === 2);
  const misses = mal.filter((r) => !r.findings.some(serious));
  const alarms = ben.filter((r) => r.findings.some(serious));
  const networkOnly = alarms.filter((r) => r.findings.filter(serious).every((f) => NETWORK_CALL_RULES.has(f.ruleId)));
  const benExit2 = ben.filter((r) => r.code === 2);
  const seedExit = (r) => (r.findings.some((f) => f.severity === 'critical') ? 2 : r.findings.some((f) => f.severity === 'high' || f.severity === 'warning') ? 1 : 0);
  const exitMismatch = results.filter((r) => !r.error && r.code !== seedExit(r));

  if (flag('--json')) {
    console.log(JSON.stringify({ malicious: mal.length, benign: ben.length, detected: detected.length, exit2: exit2.length, falseAlarms: alarms.length, falseAlarmsNetworkOnly: networkOnly.length, benignExit2: benExit2.length, seconds: wall, results }, null, 2));
    return;
  }
  const lines = [];
  lines.push(`corpus: ${mal.length} malicious, ${ben.length} benign skills; CLI: ${CLI.join(' ')}`);
  lines.push(`recall (CRITICAL/HIGH):        ${detected.length}/${mal.length} = ${pct(detected.length, mal.length)}`);
  lines.push(`recall@exit2 (CRITICAL):       ${exit2.length}/${mal.length} = ${pct(exit2.length, mal.length)}`);
  lines.push(`FP rate (CRITICAL/HIGH):       ${alarms.length}/${ben.length} = ${pct(alarms.length, ben.length)}  (of which only network calls/webhook URLs off the allowlist, HIGH by the seed: ${networkOnly.length})`);
  lines.push(`FP rate excl. network-only:    ${alarms.length - networkOnly.length}/${ben.length} = ${pct(alarms.length - networkOnly.length, ben.length)}`);
  lines.push(`FP@exit2 (CRITICAL):           ${benExit2.length}/${ben.length} = ${pct(benExit2.length, ben.length)}`);
  lines.push(`exit codes vs seed table:      ${results.length - exitMismatch.length - errors.length}/${results.length} as expected${exitMismatch.length ? ` (mismatch: ${exitMismatch.map((r) => `${r.name}=${r.code}`).join(', ')})` : ''}${errors.length ? `; ${errors.length} error(s)` : ''}`);
  const held = results.filter((r) => /^holdout\d?-/.test(r.name) && !r.error);
  if (held.length) {
    const hm = held.filter((r) => r.label === 'malicious');
    const hb = held.filter((r) => r.label === 'benign');
    const hAlarms = hb.filter((r) => r.findings.some(serious));
    const hNet = hAlarms.filter((r) => r.findings.filter(serious).every((f) => NETWORK_CALL_RULES.has(f.ruleId)));
    lines.push(
      `holdout sets (holdout*-, each written before its own fixes; current score): recall ${hm.filter((r) => r.findings.some(serious)).length}/${hm.length}, recall@exit2 ${hm.filter((r) => r.code === 2).length}/${hm.length}; ` +
        `FP ${hAlarms.length}/${hb.length} (network-only ${hNet.length}), FP@exit2 ${hb.filter((r) => r.code === 2).length}/${hb.length}`,
    );
  }
  lines.push(`time: ${wall.toFixed(1)} s wall for ${results.length} scans (${JOBS} at a time), mean ${(results.reduce((n, r) => n + r.ms, 0) / results.length).toFixed(0)} ms per scan`);
  lines.push('');
  lines.push(`misses (${misses.length}):`);
  for (const r of misses) lines.push(`  ${r.name}: exit ${r.code}; ${ids(r.findings, () => true) || 'no findings'}${r.error ? ` ERROR ${r.error}` : ''}`);
  lines.push(`false alarms (${alarms.length}):`);
  for (const r of alarms) lines.push(`  ${r.name}: exit ${r.code}; ${ids(r.findings, serious)}${networkOnly.includes(r) ? '  [network call only]' : ''}`);
  const weak = mal.filter((r) => r.code !== 2 && !misses.includes(r));
  lines.push(`malicious detected without CRITICAL (${weak.length}):`);
  for (const r of weak) lines.push(`  ${r.name}: exit ${r.code}; ${ids(r.findings, serious)}`);
  if (errors.length) {
    lines.push('errors:');
    for (const r of errors) lines.push(`  ${r.label}/${r.name}: ${r.error}`);
  }
  if (flag('--verbose')) {
    lines.push('');
    for (const r of results) {
      lines.push(`${r.label}/${r.name}: exit ${r.code}`);
      for (const f of r.findings) lines.push(`    ${f.severity.padEnd(8)} ${f.ruleId}  ${f.file}:${f.line}`);
    }
  }
  console.log(lines.join('\n'));
}

main().catch((err) => {
  console.error(`egress-accuracy: ${err.message}`);
  process.exit(1);
});
