// The WebAssembly byte loop: its bytes match the committed .wat, and long texts read in segments
// lose no trigram at a segment's edge.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildPrefilter } from './prefilter.js';
import { PREFILTER_KERNEL } from './prefilter-kernel.js';

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
});
