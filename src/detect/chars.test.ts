// The shared character predicates agree with the regex classes they stand for, on every UTF-16 unit.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isRegexSpace } from './chars.js';

describe('character predicates', () => {
  it('isRegexSpace is /\\s/ for all 65,536 units', () => {
    for (let c = 0; c < 0x10000; c++) assert.equal(isRegexSpace(c), /\s/.test(String.fromCharCode(c)), `U+${c.toString(16)}`);
  });
  it('isRegexSpace is false past the end of a text (-1, as readers return there)', () => {
    assert.equal(isRegexSpace(-1), false);
  });
});
