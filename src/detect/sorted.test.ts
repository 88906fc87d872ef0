// countBelow against a linear count, on arrays with repeats, at and between the elements.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { countBelow } from './sorted.js';

describe('countBelow', () => {
  it('counts the elements below x, for every x around every element', () => {
    const cases = [[], [5], [0, 0, 3, 7, 7, 7, 12], [1, 2, 3, 4, 5, 6, 7, 8, 9]];
    for (const sorted of cases) {
      for (let x = -2; x <= 14; x++) assert.equal(countBelow(sorted, x), sorted.filter((v) => v < x).length, `${JSON.stringify(sorted)} x=${x}`);
    }
  });
});
