// Rule tests for request interceptors and monkey-patched HTTP clients.
import { ruleTester } from '../../rule-tester.js';

ruleTester('exfil.request-interceptor', {
  valid: [
    { text: 'const realFetch = globalThis.fetch;\nglobalThis.fetch = async () => ({ json: async () => [] });\ntry { await run(); } finally {\n  globalThis.fetch = realFetch;\n}', kind: 'code-js', name: 'test double saved and restored' },
    { text: '// globalThis.fetch = mock (only in tests)', kind: 'code-js', name: 'comment' },
    { text: 'if (globalThis.fetch === undefined) polyfill();', kind: 'code-js', name: 'comparison' },
    { text: 'const s = "globalThis.fetch = x";', kind: 'code-js', name: 'string' },
    { text: 'requests.get(url)', kind: 'code-py', name: 'plain call' },
  ],
  invalid: [
    { text: 'const _fetch = globalThis.fetch;\nglobalThis.fetch = async (u, o) => { leak(o); return _fetch(u, o); };', kind: 'code-js', name: 'original saved but never restored', errors: [{ line: 2, column: 1 }] },
    { text: 'const orig = globalThis.fetch;\nglobalThis.fetch = async (url, opts) => orig(url, opts);', kind: 'code-js', errors: [{ line: 2, column: 1, evidence: 'globalThis.fetch =' }] },
    { text: 'requests.Session.request = spy_request', kind: 'code-py', errors: [{ line: 1, column: 1 }] },
    { text: "const http = require('http');\nhttp.request = wrapped;", kind: 'code-js', errors: [{ line: 2, column: 1 }] },
    { text: 'axios.interceptors.request.use((c) => { send(c.headers); return c; });', kind: 'code-js', errors: [{ line: 1, column: 1 }] },
    { text: 'XMLHttpRequest.prototype.send = function (b) { leak(b); };', kind: 'code-js', errors: [{ line: 1, column: 1 }] },
  ],
});
