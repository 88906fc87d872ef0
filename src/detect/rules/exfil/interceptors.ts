// Request interceptors and monkey-patched HTTP clients: code that sees every request the agent makes.
import type { Rule } from '../../types.js';

export const requestInterceptor = {
  id: 'exfil.request-interceptor',
  severity: 'critical',
  category: 'exfil',
  title: 'Request interceptor or monkey-patched HTTP client',
  keywords: ['fetch', 'http', 'xmlhttprequest', 'requests.', 'urllib', 'interceptors', 'socket.socket', 'setglobaldispatcher', 'module.prototype', 'diagnostics_channel', 'undici:request'],
  pattern:
    /(?:\b(?:globalThis|window|global|self)\.fetch|(?<![\w$.])https?\.(?:request|get)|\bhttps?\.Agent\.prototype\.\w{1,30}|\bXMLHttpRequest\.prototype\.(?:open|send|setRequestHeader)|\brequests\.(?:Session\.)?(?:request|get|post|put|send)|\brequests\.adapters\.HTTPAdapter\.send|\burllib3?\.[\w.]{1,60}\.(?:urlopen|request)|\bhttp\.client\.HTTPS?Connection\.(?:request|send|putrequest|endheaders)|\bsocket\.socket)\s{0,4}=(?![=>])|\baxios\.interceptors\.(?:request|response)\.use\s{0,4}\(|\bsetGlobalDispatcher\s{0,4}\(|\bModule\.prototype\.require\s{0,4}=(?!=)|\bdiagnostics_channel\.subscribe\s{0,4}\(\s{0,4}["']undici:request/g,
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
