// Tests for --since/--until parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseTimeBound } from './time.js';

const NOW = Date.parse('2026-11-26T00:00:00Z');

describe('parseTimeBound', () => {
  const valid: Array<[string, string]> = [
    ['2026-11-25', '2026-11-25T00:00:00.000Z'],
    ['2026-11-25T23:00:00Z', '2026-11-25T23:00:00.000Z'],
    ['2026-11-25T23:00:00', '2026-11-25T23:00:00.000Z'],
    ['2026-11-25 23:00', '2026-11-25T23:00:00.000Z'],
    ['2026-11-25T23:00:00+01:00', '2026-11-25T22:00:00.000Z'],
    ['24h', '2026-11-25T00:00:00.000Z'],
    ['90m', '2026-11-25T22:30:00.000Z'],
    ['7d', '2026-11-19T00:00:00.000Z'],
    ['1795647600000', '2026-11-25T23:00:00.000Z'],
  ];
  for (const [input, expected] of valid) {
    it(`reads ${input}`, () => assert.equal(new Date(parseTimeBound(input, '--since', NOW)).toISOString(), expected));
  }
  for (const bad of ['yesterday', '25/11/2026', '', '10x', '2026-13-45']) {
    it(`rejects "${bad}" with a usage error`, () => assert.throws(() => parseTimeBound(bad, '--since', NOW), { code: 'CG_USAGE' }));
  }
});
