// URL and host extraction shared by the exfil, network and domain rules (linear scans, bounded runs).
import { lazyRequire } from '../core/lazy.js';
import type { RuleHit } from './types.js';

/** Loaded on first use through `require`: importing its CommonJS build as ESM costs ~30 ms per thread. */
const loadIpaddr = lazyRequire<typeof import('ipaddr.js')>('ipaddr.js');

/**
 * Whether an IP literal is a public endpoint: not loopback, private, link-local, CGNAT, multicast,
 * reserved, or one of the documentation ranges (RFC 5737 192.0.2/24, 198.51.100/24, 203.0.113/24).
 */
export function isPublicIp(host: string): boolean {
  if (!/^[\d.]+$/.test(host) && !host.includes(':')) return false;
  if (!loadIpaddr().isValid(host)) return false;
  const range = loadIpaddr().process(host).range();
  if (range !== 'unicast') return false;
  return !/^(?:192\.0\.2|198\.51\.100|203\.0\.113)\./.test(host);
}

/** A URL found in text. */
export interface FoundUrl {
  start: number;
  end: number;
  /** Lower-cased host without userinfo, port or brackets. */
  host: string;
  /** Everything after the authority: path, query, fragment. */
  rest: string;
  /** The URL text as written (trailing punctuation trimmed). */
  text: string;
}

const URL_RE = /\b(?:https?|wss?|ftps?):\/\/([^\s/?#"'`<>\\)\]]{1,300})([^\s"'`<>\\]{0,4096})/gi;

/** Hostnames (incl. IDN as punycode or unicode letters) and IP literals. */
const HOST_OK = /^[a-z0-9\u00a1-\uffff_-]{1,63}(?:\.[a-z0-9\u00a1-\uffff_-]{1,63}){0,126}$|^\[[0-9a-f:.]{2,45}\]$/i;

let cachedText: string | undefined;

/** Drops the memoised URL list. */
export function releaseUrlMemo(): void {
  cachedText = undefined;
  cachedUrls = [];
}

let cachedUrls: FoundUrl[] = [];

/** Every URL with a scheme in `text` (the last result is cached: several rules ask for the same text). */
export function findUrls(text: string): FoundUrl[] {
  if (text === cachedText) return cachedUrls;
  const out: FoundUrl[] = [];
  cachedText = text;
  cachedUrls = out;
  if (!text.includes('://')) return out;
  URL_RE.lastIndex = 0;
  for (let m = URL_RE.exec(text); m; m = URL_RE.exec(text)) {
    let authority = m[1] as string;
    let rest = m[2] ?? '';
    // Trailing sentence punctuation and unbalanced closing brackets are not part of the URL.
    for (;;) {
      const last = rest.slice(-1);
      if (last && '.,;:!?*'.includes(last)) rest = rest.slice(0, -1);
      else if (last === ')' && (rest.match(/\(/g)?.length ?? 0) < (rest.match(/\)/g)?.length ?? 0)) rest = rest.slice(0, -1);
      else if (last === ']' && (rest.match(/\[/g)?.length ?? 0) < (rest.match(/\]/g)?.length ?? 0)) rest = rest.slice(0, -1);
      else break;
    }
    if (!rest) authority = authority.replace(/[.,;:!?*]+$/, '');
    const at = authority.lastIndexOf('@');
    let host = at >= 0 ? authority.slice(at + 1) : authority;
    if (host.startsWith('[')) host = host.slice(0, host.indexOf(']') + 1);
    else host = host.replace(/:\d{0,5}$/, '');
    host = host.toLowerCase().replace(/\.$/, '');
    if (!host || !HOST_OK.test(host) || host.includes('..')) continue;
    if (host.startsWith('[')) host = host.slice(1, -1);
    const schemeLen = m[0].indexOf('//') + 2;
    const text0 = m[0].slice(0, schemeLen) + authority + rest;
    out.push({ start: m.index, end: m.index + text0.length, host, rest, text: text0 });
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Finds mentions of any of `domains` (or their subdomains), with or without a scheme, as whole host
 * names: `pastebin.com/raw/x`, `https://a.ngrok-free.app`, never `notpastebin.com`. The regex starts at
 * the domain literal (fast to search); subdomain labels are walked back by hand.
 */
export function hostListMatcher(domains: readonly string[]): (text: string) => RuleHit[] {
  const alternation = [...domains].sort((a, b) => b.length - a.length).map(escapeRe).join('|');
  const re = new RegExp(`(?:${alternation})(?![A-Za-z0-9_-]|\\.[A-Za-z0-9])`, 'gi');
  const LABEL = /[A-Za-z0-9-]/;
  return (text: string) => {
    const out: RuleHit[] = [];
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      let hostStart = m.index;
      const prev = text[hostStart - 1];
      if (prev !== undefined && (LABEL.test(prev) || prev === '_')) continue; // notpastebin.com
      // Walk back over `label.` pieces (subdomains).
      for (let labels = 0; labels < 10 && text[hostStart - 1] === '.'; labels++) {
        let j = hostStart - 1;
        while (j > 0 && LABEL.test(text[j - 1] as string) && hostStart - j < 64) j--;
        if (j === hostStart - 1) break;
        hostStart = j;
      }
      if (text[hostStart - 1] === '.' || text[hostStart - 1] === '_') continue;
      let start = hostStart;
      const before = text.slice(Math.max(0, start - 80), start);
      const scheme = /(?:https?|wss?|ftps?):\/\/(?:[^\s/@]{1,64}@)?$/i.exec(before);
      if (scheme) start -= scheme[0].length;
      let end = m.index + m[0].length;
      const tail = /^(?::\d{1,5})?[^\s"'`<>\\)]{0,300}/.exec(text.slice(end, end + 310));
      if (tail) end += tail[0].length;
      out.push({ start, end, host: text.slice(hostStart, m.index + m[0].length).toLowerCase() });
    }
    return out;
  };
}

/** Keywords for a host list: each domain's first label (long enough to be selective) or the domain. */
export function hostKeywords(domains: readonly string[]): string[] {
  return [...new Set(domains.map((d) => d.toLowerCase()))];
}
