// Rule tests for generic secret assignments (entropy-gated, yielding to provider rules).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileRules } from '../../engine.js';
import { setFoundKeywords } from '../../prefilter.js';
import { ruleTester } from '../../rule-tester.js';
import { ALNUM, B64URL, fakeToken, prng } from '../../sample.js';
import { genericSecretAssignment, scanAssignmentsWhole } from './generic.js';

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

describe('secret.generic-assignment: the keyword-anchored matcher equals the whole-text pattern', () => {
  const set = compileRules([genericSecretAssignment]);
  const anchored = (text: string) => {
    setFoundKeywords(text, set.prefilter.positions(text), set.prefilter.has);
    try {
      return genericSecretAssignment.match(text);
    } finally {
      setFoundKeywords(undefined);
    }
  };
  const NAMES = ['api_key', 'api-key', 'apikey', 'ACCESS_KEY', 'accessKey', 'private-key', 'privatekey', 'client_secret', 'clientSecret', 'secret', 'secret_key', 'SECRET-KEY', 'auth_token', 'authToken', 'access-token', 'refresh_token', 'RefreshToken', 'token', 'password', 'PASSWD', 'credential', 'credentials', 'monkey', 'keys', 'tokens'];
  const BITS = [...NAMES, 'DB_', 'my', '_v2', '"', "'", '`', ' ', '  ', '\t', '\u00a0', '=', ':', ':=', '=>', '==', '(', ')', '.', ';', '\n', fakeToken(ALNUM, 24, 7), fakeToken(B64URL, 17, 8), fakeToken(ALNUM, 16, 9), fakeToken(ALNUM, 15, 10), 'x', 'abc'];

  it('on the rule cases and on 3,000 random texts built from names, operators, quotes and values', () => {
    const texts = ['', 'token', `api_key = "${fakeToken(ALNUM, 32, 2)}"`, `private_key=${fakeToken(ALNUM, 40, 5)} refresh_token: '${fakeToken(ALNUM, 20, 6)}'`];
    const next = prng(42);
    for (let n = 0; n < 3000; n++) {
      let t = '';
      const parts = 2 + Math.floor(next() * 30);
      for (let i = 0; i < parts; i++) t += BITS[Math.floor(next() * BITS.length)];
      texts.push(n % 2 ? t : t.repeat(20)); // long ones take the prefilter's byte path
    }
    let hits = 0;
    for (const t of texts) {
      const expected = scanAssignmentsWhole(t);
      hits += expected.length;
      assert.deepEqual(anchored(t), expected, JSON.stringify(t));
    }
    assert.ok(hits > 1000, `the random texts must exercise matches (got ${hits})`);
  });
});
