import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN_TOKEN_LENGTH, generateGatewayToken, isPlaceholderSecret } from './token.js';

describe('gateway tokens', () => {
  it('generates long, unique, URL-safe tokens', () => {
    const a = generateGatewayToken();
    assert.ok(a.length >= MIN_TOKEN_LENGTH);
    assert.match(a, /^[A-Za-z0-9_-]+$/);
    assert.notEqual(a, generateGatewayToken());
  });
  const placeholders = ['', 'undefined', 'null', 'changeme', 'YOUR_TOKEN', '<token>', 'xxxxxxxx', 'your-gateway-token-here'];
  for (const p of placeholders) it(`treats "${p}" as a placeholder`, () => assert.ok(isPlaceholderSecret(p)));
  for (const real of ['k3Jd9-aZ0q', generateGatewayToken()]) it(`does not treat a random value as a placeholder`, () => assert.equal(isPlaceholderSecret(real), false));
});
