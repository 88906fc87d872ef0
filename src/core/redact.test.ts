import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clipSnippet, redactIn, redactSecret, redactSpans, shortHash } from './redact.js';

describe('redactSecret', () => {
  const cases = [
    { secret: 'sk-ant-api03-abcdefghijklmnopqrstuvwxyz0123456789', prefix: 'sk-ant' },
    { secret: 'ghp_0123456789abcdefghijklmnopqrstuvwxyz', prefix: 'ghp_01' },
    { secret: 'abcd', prefix: 'a' },
    { secret: 'xy', prefix: '' },
  ];
  for (const { secret, prefix } of cases) {
    it(`shows prefix, length and hash but never the whole of ${secret.length}-char secret`, () => {
      const out = redactSecret(secret);
      assert.equal(out, `${prefix}…(${secret.length}, sha256:${shortHash(secret)})`);
      if (secret.length > 4) assert.ok(!out.includes(secret));
    });
  }
  it('replaces every occurrence inside text', () => {
    const s = 'AKIAABCDEFGHIJKLMNOP';
    const out = redactIn(`a=${s} b=${s}`, s);
    assert.ok(!out.includes(s));
    assert.equal(out.split('sha256:').length, 3);
  });
  it('merges overlapping spans', () => {
    const text = 'key=SECRETSECRET end';
    const out = redactSpans(text, [[4, 10], [8, 16]]);
    assert.ok(out.startsWith('key=SE') && out.endsWith(' end'));
    assert.ok(!out.includes('SECRETSECRET'));
  });
  it('clips snippets to one line of the given length', () => {
    assert.equal(clipSnippet('a\nb', 10), 'a b');
    assert.equal(clipSnippet('x'.repeat(300), 200).length, 200);
  });
});
