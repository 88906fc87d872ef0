// The domain allowlist shared by egress and monitor: built-in safe domains plus `.egress-allowlist.json`, public-suffix aware.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';
import { ClawguardError, hasErrnoCode } from './errors.js';
import { lazyRequire } from './lazy.js';

/** Loaded on first use through `require`: importing its CommonJS build as ESM costs ~30 ms per thread. */
const loadIpaddr = lazyRequire<typeof import('ipaddr.js')>('ipaddr.js');

/** The public-suffix list is large; only allowlist edits need it. */
const loadTldts = lazyRequire<typeof import('tldts')>('tldts');

export const ALLOWLIST_FILE = '.egress-allowlist.json';

/**
 * Hosts an agent legitimately talks to. Deliberately excludes hosts that serve arbitrary user
 * content without a per-user subdomain (paste sites, gist raw, S3), which exfil rules watch.
 */
export const BUILTIN_SAFE_DOMAINS: readonly string[] = [
  'anthropic.com',
  'api.openai.com',
  'openai.com',
  'generativelanguage.googleapis.com',
  'mistral.ai',
  'groq.com',
  'openrouter.ai',
  'x.ai',
  'deepseek.com',
  'github.com',
  'api.github.com',
  'npmjs.com',
  'registry.npmjs.org',
  'npmjs.org',
  'pypi.org',
  'files.pythonhosted.org',
  'python.org',
  'nodejs.org',
  'openclaw.ai',
  'docs.openclaw.ai',
  'wikipedia.org',
  'mozilla.org',
  'w3.org',
  'schema.org',
  'json-schema.org',
  'example.com',
  'example.org',
  'example.net',
  'localhost',
];

export interface Allowlist {
  builtin: readonly string[];
  custom: string[];
  /** Path of the custom file (may not exist yet). */
  file: string;
}

/** Lower-cases, strips a trailing dot, brackets and port. Returns '' for garbage. */
export function normalizeHost(host: string): string {
  let h = host.trim().toLowerCase();
  if (h.startsWith('[')) h = h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  else if ((h.match(/:/g) ?? []).length === 1) h = h.slice(0, h.indexOf(':'));
  return h.replace(/\.$/, '');
}

export function isIpLiteral(host: string): boolean {
  return loadIpaddr().isValid(normalizeHost(host));
}

/** Validates a custom allowlist entry: a hostname (not a bare public suffix) or an IP literal. */
export function validateAllowlistEntry(entry: string): string {
  const host = normalizeHost(entry.replace(/^[a-z]+:\/\//i, '').split('/')[0] ?? '');
  if (!host) throw new ClawguardError('CG_USAGE', `"${entry}" is not a domain.`);
  if (isIpLiteral(host)) return host;
  const info = loadTldts().parse(host, { allowPrivateDomains: true });
  if (host === 'localhost') return host;
  if (!info.domain || !/^[a-z0-9.-]+$/.test(host)) throw new ClawguardError('CG_USAGE', `"${entry}" is not a valid domain name.`);
  if (info.publicSuffix === host) throw new ClawguardError('CG_USAGE', `"${entry}" is a public suffix: allowing it would allow every site under it.`);
  return host;
}

/** Whether `host` is `domain` itself or one of its subdomains, on label boundaries (never `badexample.com`). */
export function isSameOrSubdomain(host: string, domain: string): boolean {
  return host === domain || host.endsWith(`.${domain}`);
}

/**
 * Whether `host` is allowed by `entries`. A domain entry allows itself and its subdomains on label
 * boundaries (`example.com` allows `api.example.com`, never `badexample.com`); an IP literal host
 * matches only an identical IP entry, never a domain.
 */
export function hostMatches(host: string, entries: readonly string[]): boolean {
  const h = normalizeHost(host);
  if (!h) return false;
  if (isIpLiteral(h)) {
    const addr = loadIpaddr().process(h).toString();
    return entries.some((e) => isIpLiteral(e) && loadIpaddr().process(normalizeHost(e)).toString() === addr);
  }
  return entries.some((e) => {
    const entry = normalizeHost(e);
    return !isIpLiteral(entry) && isSameOrSubdomain(h, entry);
  });
}

export async function loadAllowlist(workspace: string): Promise<Allowlist> {
  const file = join(workspace, ALLOWLIST_FILE);
  let custom: string[] = [];
  try {
    const parsed = JSON.parse(await fs.readFile(file, 'utf8')) as unknown;
    const list = Array.isArray(parsed) ? parsed : (parsed as { domains?: unknown } | null)?.domains;
    if (!Array.isArray(list)) throw new Error('expected {"domains": [...]}');
    custom = list.filter((d): d is string => typeof d === 'string').map(normalizeHost).filter(Boolean);
  } catch (err) {
    if (!hasErrnoCode(err, 'ENOENT')) throw new ClawguardError('CG_INPUT', `Cannot read allowlist ${file}: ${(err as Error).message}`);
  }
  return { builtin: BUILTIN_SAFE_DOMAINS, custom, file };
}

export function isAllowed(host: string, list: Allowlist): boolean {
  return hostMatches(host, list.builtin) || hostMatches(host, list.custom);
}

/** Writes the custom entries atomically (sorted, deduplicated). */
export async function saveAllowlist(list: Allowlist): Promise<void> {
  const domains = [...new Set(list.custom)].sort();
  await writeFileAtomic(list.file, `${JSON.stringify({ domains }, null, 2)}\n`, { mode: 0o644 });
}
