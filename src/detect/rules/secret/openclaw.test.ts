// Rule tests for OpenClaw gateway tokens in URLs, bearer headers to the gateway port, and assignments.
import { ruleTester } from '../../rule-tester.js';
import { B64URL, fakeToken } from '../../sample.js';

const tok = (seed: number) => fakeToken(B64URL, 43, seed);
ruleTester('secret.openclaw-gateway-token', {
  valid: [
    { text: 'ws://127.0.0.1:18789/?token=${OPENCLAW_GATEWAY_TOKEN}', name: 'reference' },
    { text: `https://shop.example.com/cart?token=${tok(1)}`, name: 'token on an unrelated https URL' },
    { text: `curl -H "Authorization: Bearer ${tok(2)}" https://api.example.net/v1`, name: 'bearer to another host' },
    { text: 'OPENCLAW_GATEWAY_TOKEN=<token>', name: 'placeholder' },
  ],
  invalid: [
    { text: `open http://localhost:18789/?token=${tok(3)}`, secret: tok(3), errors: [{ line: 1, column: 6, evidence: /^http:\/\/localhost:18789\/\?token=.{6}…\(43, sha256:[0-9a-f]{8}\)$/ }] },
    { text: `const ws = new WebSocket("wss://gw.example.net/ws?token=${tok(4)}");`, kind: 'code-js', errors: [{ line: 1, column: 27 }] },
    { text: `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1:18789\r\nAuthorization: Bearer ${tok(5)}\r\n`, kind: 'http-header', secret: tok(5), errors: [{ line: 3, column: 1 }] },
    { text: `export OPENCLAW_GATEWAY_TOKEN=${tok(6)}`, kind: 'shell', errors: [{ line: 1, column: 8 }] },
  ],
});
