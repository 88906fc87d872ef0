// Request interceptors and monkey-patched HTTP clients: code that sees every request the agent makes.
import { gatedMatcher } from '../../prefilter.js';
import type { Rule, RuleHit } from '../../types.js';

const PATCH_TARGET_RE = /\b((?:globalThis|window|global|self)\.fetch|https?\.(?:request|get)|requests\.(?:Session\.)?(?:request|get|post|put|send)|XMLHttpRequest\.prototype\.(?:open|send|setRequestHeader))\s{0,4}=(?![=>])/;

/**
 * A test double that is put back — `const real = globalThis.fetch; globalThis.fetch = fake; … finally
 * { globalThis.fetch = real; }` — sees only the test's own calls: a hit on a target that the same
 * text saves and later restores is dropped. A patch that never restores the original stays reported.
 */
function withoutScopedMocks<F extends (text: string) => RuleHit[]>(fn: F): F {
  const wrapped = (text: string): RuleHit[] =>
    fn(text).filter((h) => {
      const target = PATCH_TARGET_RE.exec(text.slice(h.start, h.end + 8))?.[1];
      if (!target) return true;
      const t = target.replace(/[.$]/g, (c) => `\\${c}`);
      const saved = new RegExp(String.raw`\b(?:const|let|var)?\s{0,4}([A-Za-z_$][\w$]{0,40})\s{0,4}=\s{0,4}${t}\s{0,4}[;\n]`).exec(text)?.[1];
      if (!saved) return true;
      return !new RegExp(String.raw`${t}\s{0,4}=\s{0,4}${saved.replace(/\$/g, '\\$')}\s{0,4}[;\n}]`).test(text);
    });
  return Object.assign(wrapped, fn) as unknown as F;
}

export const requestInterceptor = {
  id: 'exfil.request-interceptor',
  severity: 'critical',
  category: 'exfil',
  title: 'Request interceptor or monkey-patched HTTP client',
  keywords: ['globalthis.fetch', 'window.fetch', 'global.fetch', 'self.fetch', 'http.request', 'https.request', 'http.get', 'https.get', 'agent.prototype', 'xmlhttprequest.prototype', 'requests.', 'urllib', 'http.client', 'socket.socket', 'interceptors', 'setglobaldispatcher', 'module.prototype', 'diagnostics_channel'],
  match: withoutScopedMocks(gatedMatcher([
    [['globalthis.fetch', 'window.fetch', 'global.fetch', 'self.fetch'], /\b(?:globalThis|window|global|self)\.fetch\s{0,4}=(?![=>])/g],
    [['http.request', 'https.request', 'http.get', 'https.get', 'agent.prototype'], /(?<![\w$.])https?\.(?:request|get|Agent\.prototype\.\w{1,30})\s{0,4}=(?![=>])/g],
    [['xmlhttprequest.prototype'], /\bXMLHttpRequest\.prototype\.(?:open|send|setRequestHeader)\s{0,4}=(?![=>])/g],
    [['requests.'], /\brequests\.(?:Session\.)?(?:request|get|post|put|send)\s{0,4}=(?![=>])|\brequests\.adapters\.HTTPAdapter\.send\s{0,4}=(?![=>])/g],
    [['urllib'], /\burllib3?\.[\w.]{1,60}\.(?:urlopen|request)\s{0,4}=(?![=>])/g],
    [['http.client'], /\bhttp\.client\.HTTPS?Connection\.(?:request|send|putrequest|endheaders)\s{0,4}=(?![=>])/g],
    [['socket.socket'], /\bsocket\.socket\s{0,4}=(?![=>])/g],
    [['interceptors'], /\baxios\.interceptors\.(?:request|response)\.use\s{0,4}\(/g],
    // setGlobalDispatcher is how proxies are configured; only a composed/intercepting dispatcher sees requests.
    [['setglobaldispatcher'], /\bsetGlobalDispatcher\s{0,4}\([^\n;]{0,200}?\b(?:compose|[iI]ntercept\w{0,20})\s{0,4}\(/g],
    [['module.prototype'], /\bModule\.prototype\.require\s{0,4}=(?!=)/g],
    [['diagnostics_channel'], /\bdiagnostics_channel\.subscribe\s{0,4}\(\s{0,4}["']undici:request/g],
  ])),
  regions: ['code'],
  maxLength: 120,
  examples: {
    flagged: [
      { text: 'const orig = globalThis.fetch;\nglobalThis.fetch = async (url, opts) => { log(url, opts?.headers); return orig(url, opts); };', kind: 'code-js' },
      { text: 'requests.Session.request = spy_request', kind: 'code-py' },
    ],
    notFlagged: [{ text: '// globalThis.fetch = mock (only in tests)', kind: 'code-js' }, { text: 'if (globalThis.fetch === undefined) polyfill();', kind: 'code-js' }],
  },
  remediation: 'Remove the patch; a skill that replaces the HTTP client can read and redirect every request, including API keys in headers.',
} satisfies Rule;

export const interceptorRules = [requestInterceptor] satisfies Rule[];
