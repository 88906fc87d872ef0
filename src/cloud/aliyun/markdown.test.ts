// Escaping of API-provided and remote text for Markdown and the terminal.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatEpoch, mdCell, mdTable, stripControl } from './markdown.js';

describe('stripControl', () => {
  for (const [raw, shown] of [
    ['plain\ttext\nnext', 'plain\ttext\nnext'],
    ['rm -rf /\recho hi', 'rm -rf /\\x0decho hi'],
    ['\u001b[2K\u001b]52;c;ZXZpbA==\u0007', '\\x1b[2K\\x1b]52;c;ZXZpbA==\\x07'],
    ['\u009b31m', '\\x9b31m'],
  ]) {
    it(`shows ${JSON.stringify(raw)} as ${JSON.stringify(shown)}`, () => assert.equal(stripControl(raw as string), shown));
  }
});

describe('mdCell / mdTable', () => {
  it('escapes pipes, HTML, emphasis and newlines', () => {
    assert.equal(mdCell('a|b <img src=x> *c*\nd'), 'a\\|b &lt;img src=x&gt; \\*c\\* d');
    assert.equal(mdCell(undefined), '-');
    assert.equal(mdCell(0), '0');
  });
  it('renders rows or says none', () => {
    assert.equal(mdTable(['A'], []), '_None._\n');
    assert.equal(mdTable(['A', 'B'], [[1, 'x|y']]), '| A | B |\n| --- | --- |\n| 1 | x\\|y |\n');
  });
});

describe('formatEpoch', () => {
  it('reads milliseconds and seconds', () => {
    assert.equal(formatEpoch(1767312000000), '2026-01-02 00:00:00 UTC');
    assert.equal(formatEpoch(1767312000), '2026-01-02 00:00:00 UTC');
    assert.equal(formatEpoch('x'), '-');
  });
});
