#!/usr/bin/env node
// Generates openclaw-schema.json (accepted key paths + enum values) from the real `openclaw config schema`, and tool-catalog.json from its tool catalog.
// Usage: node src/audit/data/generate-openclaw-schema.mjs [OPENCLAW_ANCHOR_DIR]  (default /opt/openclaw-ref; see ../shared/reference/openclaw-install.sh)
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const anchor = process.argv[2] ?? '/opt/openclaw-ref';
const here = dirname(fileURLToPath(import.meta.url));
const bin = join(anchor, 'oc/node_modules/.bin/openclaw');
const env = { ...process.env, PATH: `${join(anchor, 'node24/bin')}:${process.env.PATH}` };
const home = mkdtempSync(join(tmpdir(), 'oc-schema-'));
let raw;
let version;
try {
  const isolated = { ...env, HOME: home, OPENCLAW_HOME: home };
  raw = execFileSync(bin, ['config', 'schema'], { env: isolated, maxBuffer: 64 << 20 }).toString('utf8');
  version = execFileSync(bin, ['--version'], { env: isolated }).toString('utf8').trim();
} finally {
  rmSync(home, { recursive: true, force: true });
}
const schema = JSON.parse(raw);
const defs = schema.$defs ?? schema.definitions ?? {};

/** path -> { values: Set<string>, any: boolean, open: boolean } */
const keys = new Map();
function entry(path) {
  let e = keys.get(path);
  if (!e) keys.set(path, (e = { values: new Set(), any: false, open: false }));
  return e;
}
function deref(node, seen) {
  while (node && typeof node === 'object' && typeof node.$ref === 'string') {
    if (seen.has(node.$ref)) return undefined;
    seen = new Set(seen).add(node.$ref);
    const name = node.$ref.replace(/^#\/(\$defs|definitions)\//, '');
    node = defs[name];
  }
  return { node, seen };
}
function walk(input, path, seenRefs, depth) {
  if (depth > 60) return;
  const r = deref(input, seenRefs);
  if (!r || !r.node || typeof r.node !== 'object') {
    if (input === true || r?.node === true) entry(path).any = true;
    return;
  }
  const { node, seen } = r;
  const branches = [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])];
  for (const b of branches) walk(b, path, seen, depth + 1);
  const e = entry(path);
  if (node.const !== undefined) e.values.add(JSON.stringify(node.const));
  if (Array.isArray(node.enum)) for (const v of node.enum) e.values.add(JSON.stringify(v));
  const types = Array.isArray(node.type) ? node.type : node.type ? [node.type] : [];
  const hasShape = node.properties || node.additionalProperties !== undefined || node.items;
  if (node.const === undefined && !node.enum && branches.length === 0 && !hasShape) e.any = true;
  if (types.some((t) => t !== 'object' && t !== 'array') && node.const === undefined && !node.enum) e.any = true;
  if (node.properties) for (const [k, v] of Object.entries(node.properties)) walk(v, path ? `${path}.${k}` : k, seen, depth + 1);
  if (node.patternProperties) for (const v of Object.values(node.patternProperties)) walk(v, path ? `${path}.*` : '*', seen, depth + 1);
  if (types.includes('object') || node.properties) {
    const ap = node.additionalProperties;
    if (ap === undefined || ap === true) e.open = true;
    else if (ap && typeof ap === 'object') walk(ap, path ? `${path}.*` : '*', seen, depth + 1);
  }
  if (node.items) for (const it of Array.isArray(node.items) ? node.items : [node.items]) walk(it, `${path}[]`, seen, depth + 1);
}
walk(schema, '', new Set(), 0);

const out = {};
for (const [path, e] of [...keys.entries()].sort(([a], [b]) => a.localeCompare(b))) {
  if (!path) continue;
  const item = {};
  if (!e.any && e.values.size > 0) item.enum = [...e.values].map((v) => JSON.parse(v));
  if (e.open) item.open = true;
  out[path] = Object.keys(item).length ? item : 0;
}
const rootOpen = keys.get('')?.open ?? false;
writeFileSync(join(here, 'openclaw-schema.json'), `${JSON.stringify({ openclawVersion: version, rootOpen, keys: out })}\n`);

// Tool catalog: groups and profiles, from the bundle that defines CORE_TOOL_PROFILES.
const dist = join(anchor, 'oc/node_modules/openclaw/dist');
const catalogFile = readdirSync(dist).find((f) => f.startsWith('tool-catalog-') && f.endsWith('.mjs') && readFileSync(join(dist, f), 'utf8').includes('const CORE_TOOL_PROFILES'));
if (catalogFile) {
  const src = readFileSync(join(dist, catalogFile), 'utf8');
  const exportLine = /export \{([^}]+)\}/.exec(src)?.[1] ?? '';
  const alias = (name) => new RegExp(`${name} as (\\w+)`).exec(exportLine)?.[1];
  const mod = await import(pathToFileURL(join(dist, catalogFile)).href);
  const groups = mod[alias('CORE_TOOL_GROUPS')];
  const resolveProfile = mod[alias('resolveCoreToolProfilePolicy')];
  const profiles = {};
  for (const p of ['minimal', 'coding', 'messaging', 'full']) profiles[p] = resolveProfile(p)?.allow ?? [];
  writeFileSync(join(here, 'tool-catalog.json'), `${JSON.stringify({ openclawVersion: version, groups, profiles }, null, 1)}\n`);
}
console.log(`${version}: ${Object.keys(out).length} key paths`);
