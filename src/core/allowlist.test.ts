import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hostMatches, validateAllowlistEntry } from './allowlist.js';

describe('hostMatches', () => {
  const entries = ['example.com', 'api.mycorp.io', '10.1.2.3'];
  const valid: Array<[string, boolean]> = [
    ['example.com', true],
    ['api.example.com', true],
    ['EXAMPLE.COM.', true],
    ['example.com:8443', true],
    ['api.mycorp.io', true],
    ['v1.api.mycorp.io', true],
    ['10.1.2.3', true],
    ['badexample.com', false],
    ['example.com.evil.net', false],
    ['www.mycorp.io', false],
    ['10.1.2.4', false],
    ['[::1]', false],
    ['', false],
  ];
  for (const [host, expected] of valid) {
    it(`${expected ? 'allows' : 'does not allow'} "${host}"`, () => assert.equal(hostMatches(host, entries), expected));
  }
  it('never matches an IP literal against a domain entry', () => {
    assert.equal(hostMatches('93.184.216.34', ['example.com']), false);
  });
});

describe('validateAllowlistEntry', () => {
  it('normalises URLs to hosts', () => assert.equal(validateAllowlistEntry('https://API.Example.com/path'), 'api.example.com'));
  for (const bad of ['co.uk', 'github.io', 'com', 'not a domain', '']) {
    it(`rejects "${bad}"`, () => assert.throws(() => validateAllowlistEntry(bad)));
  }
});
