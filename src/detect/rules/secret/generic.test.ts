// Rule tests for generic secret assignments (entropy-gated, yielding to provider rules).
import { ruleTester } from '../../rule-tester.js';
import { ALNUM, B64URL, fakeToken } from '../../sample.js';

ruleTester('secret.generic-assignment', {
  valid: [
    { text: 'const apiKey = process.env.SERVICE_API_KEY;', kind: 'code-js', name: 'env reference' },
    { text: 'password: "correct-horse-battery-staple"', name: 'words' },
    { text: 'token_file = "config/tokens/default.json"', name: 'path' },
    { text: 'api_key = "YOUR_API_KEY_HERE_1234"', name: 'placeholder' },
    { text: 'secret_key = "aaaaaaaaaaaaaaaaaaaaaaaa1"', name: 'low entropy' },
    { text: `OPENAI_API_KEY="sk-proj-${fakeToken(B64URL, 120, 1)}"`, name: 'covered by the provider rule' },
    { text: 'token = getToken(user)', kind: 'code-js', name: 'call' },
  ],
  invalid: [
    { text: `const apiKey = "${fakeToken(ALNUM, 32, 2)}";`, kind: 'code-js', secret: fakeToken(ALNUM, 32, 2), errors: [{ line: 1, column: 7, evidence: /^apiKey = "[^"]{6}…\(32, sha256:[0-9a-f]{8}\)"$/ }] },
    { text: `DB_PASSWORD=${fakeToken(ALNUM, 20, 3)}`, kind: 'config', errors: [{ line: 1, column: 4 }] },
    { text: `{"client_secret": "${fakeToken(B64URL, 40, 4)}"}`, kind: 'config', errors: [{ line: 1, column: 3 }] },
  ],
});
