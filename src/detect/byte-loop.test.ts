// The WebAssembly byte loop: its bytes match the committed .wat, and long texts read in segments
// lose no trigram at a segment's edge.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RUN_ALPHABET, alphabetRuns } from './byte-loop.js';
import { buildPrefilter } from './prefilter.js';
import { PREFILTER_KERNEL } from './prefilter-kernel.js';
import { prng } from './sample.js';

/** Maximal runs of alphabet low bytes at least `min` long: what `alphabetRuns` must report. */
function naiveRuns(text: string, min: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const inside = i < text.length && RUN_ALPHABET.includes(String.fromCharCode(text.charCodeAt(i) & 0xff));
    if (inside && start < 0) start = i;
    if (!inside && start >= 0) {
      if (i - start >= min) out.push([start, i]);
      start = -1;
    }
  }
  return out;
}

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('prefilter byte loop', () => {
  it('is the module assembled from prefilter-kernel.wat (regenerate with scripts/gen-prefilter-kernel.mjs)', async () => {
    const { assemble } = (await import(`${ROOT}scripts/gen-prefilter-kernel.mjs`)) as { assemble(): Promise<Buffer> };
    assert.ok(existsSync(`${ROOT}src/detect/prefilter-kernel.wat`));
    assert.deepEqual(Buffer.from(PREFILTER_KERNEL), await assemble());
    assert.match(readFileSync(`${ROOT}src/detect/prefilter-kernel.wat`, 'utf8'), /\(func \(export "scan"\)/);
  });

  it('finds keywords on both sides of every 4 MiB segment edge, at exact offsets', () => {
    const p = buildPrefilter(['curl', 'wget', 'token'], ['token']);
    const segment = 4 * 1024 * 1024;
    const text = Buffer.alloc(2 * segment + 100, 'x').toString('latin1').split('');
    const placed: number[] = [];
    // Around the first edge (segment) and the second (2 * segment - 2: segments overlap by two units).
    for (const edge of [segment, 2 * segment - 2]) {
      for (const at of [edge - 7, edge - 4, edge - 3, edge - 2, edge - 1]) {
        if (placed.some((q) => Math.abs(q - at) < 5)) continue;
        'TOKEN'.split('').forEach((ch, i) => (text[at + i] = ch));
        placed.push(at);
      }
    }
    'curl'.split('').forEach((ch, i) => (text[segment - 2 + 10 + i] = ch));
    const joined = text.join('');
    const found = p.positions(joined);
    assert.deepEqual(found.get('token'), placed.sort((a, b) => a - b));
    assert.deepEqual(found.get('curl'), [segment + 8]);
    assert.equal(found.has('wget'), false);
  });

  it('keeps prefilters apart: each has its own memory and hot buckets', () => {
    const a = buildPrefilter(['curl']);
    const b = buildPrefilter(['wget']);
    const text = `${'x'.repeat(300)} curl wget`;
    assert.deepEqual([...a.scan(text)], ['curl']);
    assert.deepEqual([...b.scan(text)], ['wget']);
    assert.deepEqual([...a.scan(text)], ['curl']);
  });

  it('reports the base64-alphabet runs of the text it read: every byte value, every length and offset, more than a batch of runs', () => {
    const p = buildPrefilter(['curl']);
    const runsOf = (text: string) => {
      p.scan(text);
      return alphabetRuns(text, 20);
    };
    for (let b = 0; b < 256; b++) {
      const text = `${'A'.repeat(20)}${String.fromCharCode(b)}${'a'.repeat(20)}${' '.repeat(300)}`;
      assert.deepEqual(runsOf(text), RUN_ALPHABET.includes(String.fromCharCode(b)) ? [[0, 41]] : [[0, 20], [21, 41]], `byte ${b}`);
    }
    const next = prng(11);
    const bits = ['x', 'Q9', '+/', '_-', ' ', '.', '\n', 'é', '\u0141', 'AAAAAAAAAAAAAAAAAAA', 'BBBBBBBBBBBBBBBBBBBB', 'C'.repeat(33)];
    for (let n = 0; n < 300; n++) {
      let text = '';
      const length = 256 + Math.floor(next() * 600);
      while (text.length < length) text += bits[Math.floor(next() * bits.length)];
      assert.deepEqual(runsOf(text), naiveRuns(text, 20), JSON.stringify(text.slice(0, 60)));
    }
    // 2,000 runs: the module hands them back in batches of 1,024, carrying a run across the cut.
    const many = `${'Z'.repeat(21)} `.repeat(2000) + 'Y'.repeat(45);
    assert.deepEqual(runsOf(many), naiveRuns(many, 20));
    assert.equal(runsOf(many)?.length, 2001);
  });
});