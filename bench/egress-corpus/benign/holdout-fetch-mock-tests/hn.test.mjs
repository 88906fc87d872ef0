import assert from 'node:assert/strict';
import { test } from 'node:test';
import { top } from './hn.mjs';

test('top returns n stories', async () => {
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url) => ({ json: async () => (String(url).endsWith('topstories.json') ? [1, 2, 3] : { id: 1, title: 't', score: 5 }) });
  try {
    assert.equal((await top(2)).length, 2);
  } finally {
    globalThis.fetch = realFetch;
  }
});
