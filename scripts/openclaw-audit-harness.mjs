// Research harness (not a CI test): runs the REAL OpenClaw security audit in-process after loading plugins in
// full mode, the way the gateway process does, so plugin-owned security audit collectors run. Needed because
// openclaw 2026.9.6's CLI `security audit --deep` loads plugins only as a "validate" metadata snapshot, and the
// loader returns before `registerSecurityAuditCollector` in that mode (dist/loader-runtime-load-*.mjs,
// src/plugins/loader: `if (params.validateOnly) { registry.plugins.push(record); ... return; }`).
// Usage (Node >= 24, isolated home): HOME=$T OPENCLAW_HOME=$T node openclaw-audit-harness.mjs <openclaw-dist-dir>
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const dist = process.argv[2];
if (!dist) {
  process.stderr.write('usage: node openclaw-audit-harness.mjs <node_modules/openclaw/dist>\n');
  process.exit(64);
}

/** Finds the bundle that exports `name` (bundle file names carry a content hash that changes per release). */
function bundleExporting(name) {
  const re = new RegExp(`^export \\{[^}]*\\b${name}\\b[^}]*\\};?$`, 'm');
  for (const file of readdirSync(dist)) {
    if (!file.endsWith('.mjs')) continue;
    const text = readFileSync(join(dist, file), 'utf8');
    if (re.test(text)) return pathToFileURL(join(dist, file)).href;
  }
  throw new Error(`no bundle in ${dist} exports ${name}`);
}

const { getRuntimeConfig } = await import(bundleExporting('getRuntimeConfig'));
const { ensurePluginRegistryLoaded } = await import(bundleExporting('ensurePluginRegistryLoaded'));
const { runSecurityAudit } = await import(bundleExporting('runSecurityAudit'));

const config = getRuntimeConfig();
ensurePluginRegistryLoaded({ scope: 'all' });
const report = await runSecurityAudit({ config, sourceConfig: config, deep: true, includeFilesystem: true, includeChannelSecurity: true });
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
