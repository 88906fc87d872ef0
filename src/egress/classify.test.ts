// File typing: content kinds by extension and shebang; binary formats by magic bytes; text by NUL and control-character ratio.
import { strict as assert } from 'node:assert';
import { extname } from 'node:path';
import { describe, it } from 'node:test';
import { classifyBinary, contentKindFor, extensionOf, isMostlyText } from './classify.js';

const bytes = (...b: number[]) => Uint8Array.from(b);
const text = (s: string) => new TextEncoder().encode(s);

describe('classifyBinary', () => {
  const cases: Array<[name: string, path: string, head: Uint8Array, kind: string | undefined]> = [
    ['ELF', 'bin/tool', bytes(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0), 'native-executable'],
    ['PE', 'x.exe', bytes(0x4d, 0x5a, 0x90, 0), 'native-executable'],
    ['Mach-O', 'x', bytes(0xcf, 0xfa, 0xed, 0xfe, 7, 0), 'native-executable'],
    ['zip', 'a.zip', bytes(0x50, 0x4b, 0x03, 0x04, 20, 0), 'archive'],
    ['docx', 'a.docx', bytes(0x50, 0x4b, 0x03, 0x04, 20, 0), 'office-document'],
    ['gzip', 'a.tgz', bytes(0x1f, 0x8b, 8, 0), 'archive'],
    ['.pyc by name', 'm.pyc', text('anything'), 'compiled-python'],
    ['.pyc by magic', 'm.bin', bytes(0x6f, 0x0d, 0x0d, 0x0a, 0, 0, 0, 0, 0xe3, 0), 'compiled-python'],
    ['PNG', 'i.png', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0), 'binary'],
    ['plain text', 'a.py', text('import os\nprint(os.environ)\n'), undefined],
    ['UTF-16 LE with BOM', 'a.txt', bytes(0xff, 0xfe, 0x61, 0x00, 0x62, 0x00), undefined],
    ['NUL deep in the head', 'a.js', Uint8Array.from([...text('a'.repeat(20_000)), 0, ...text('b')]), 'binary'],
    ['tar by its ustar magic at 257, whatever the name', 'bundle', Uint8Array.from([...text('a'.repeat(257)), ...text('ustar\u000000'), ...text('x'.repeat(100))]), 'archive'],
    ['zstd', 'x.bin', bytes(0x28, 0xb5, 0x2f, 0xfd, 0, 0), 'archive'],
    ['xz', 'x', bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0), 'archive'],
    ['wasm', 'm.wasm', bytes(0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0), 'native-executable'],
    ['text starting with a magic byte (P, B, R, 7, parenthesis)', 'notes.txt', text('PKG notes: (see) Rar 7z BZ\n'), undefined],
    ['text with CRLF at offsets 2..3 (no bytecode)', 'a.txt', text('ab\r\ncd\r\n'), undefined],
    ['.zip named text file without a zip header', 'list.zip', text('just text\n'), undefined],
    ['.docx without a zip header', 'x.docx', text('plain'), 'office-document'],
    ['control characters above 5%', 'x.dat', text('\u0001\u0002\u0003abcdefghijklmnopq'.repeat(50)), 'binary'],
  ];
  for (const [name, path, head, kind] of cases) {
    it(`${name} → ${kind ?? 'text'}`, () => assert.equal(classifyBinary(path, head)?.kind, kind));
  }
});

describe('isMostlyText', () => {
  it('allows tabs, newlines, ESC and a few other controls', () => assert.ok(isMostlyText(text('a\tb\r\n\x1b[0m ok\f'))));
  it('rejects more than 5% control characters in the first 8 KiB', () => assert.ok(!isMostlyText(text('\x01\x02\x03ab'.repeat(100)))));
  it('rejects any NUL in the sample, however far in', () => assert.ok(!isMostlyText(Uint8Array.from([...text('x'.repeat(60_000)), 0]))));
  it('treats an empty file as text', () => assert.ok(isMostlyText(new Uint8Array(0))));

  /** The definition, byte by byte: what the word-at-a-time version must agree with. */
  const reference = (sample: Uint8Array) => {
    if (sample.length === 0) return true;
    if (sample.indexOf(0) !== -1) return false;
    const n = Math.min(sample.length, 8192);
    let control = 0;
    for (let i = 0; i < n; i++) {
      const b = sample[i] as number;
      if (b < 0x20 && ![8, 9, 10, 12, 13, 27].includes(b)) control++;
    }
    return control / n <= 0.05;
  };

  it('agrees with the byte-by-byte definition on every control byte, at every alignment and length', () => {
    let seed = 0x2545f491;
    const random = () => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) / 2 ** 32;
    };
    const edgy = [1, 7, 8, 9, 10, 11, 12, 13, 14, 26, 27, 28, 31, 32, 0x7f, 0x80, 0x8b, 0x9b, 0x9f, 0xa0, 0xff];
    let texts = 0;
    for (let t = 0; t < 20_000; t++) {
      const length = t % 50 === 0 ? 8192 + Math.floor(random() * 200) : Math.floor(random() * 300);
      const offset = t % 4;
      const sample = new Uint8Array(new ArrayBuffer(length + 8), offset, length);
      const controlRate = [0, 0.02, 0.05, 0.08, 0.5][t % 5] as number;
      for (let i = 0; i < length; i++) sample[i] = random() < controlRate ? (edgy[Math.floor(random() * edgy.length)] as number) : 0x20 + Math.floor(random() * 0x5f);
      const expected = reference(sample);
      if (expected) texts++;
      assert.equal(isMostlyText(sample), expected, `length ${length}, offset ${offset}: ${Buffer.from(sample).toString('hex').slice(0, 80)}`);
    }
    assert.ok(texts > 5_000 && texts < 19_000, 'both outcomes are exercised');
  });
});

describe('extensionOf', () => {
  it('equals path.extname for every path of up to 7 characters from a, b, dot and slash', () => {
    const alphabet = ['a', 'b', '.', '/'];
    let checked = 0;
    const visit = (path: string, depth: number): void => {
      if (path && !path.endsWith('/')) {
        assert.equal(extensionOf(path), extname(path), JSON.stringify(path));
        checked++;
      }
      if (depth > 0) for (const c of alphabet) visit(path + c, depth - 1);
    };
    visit('', 7);
    assert.ok(checked > 10_000);
  });
});

describe('contentKindFor', () => {
  const cases: Array<[string, string | undefined, string]> = [
    ['scripts/run.py', undefined, 'code-py'],
    ['lib/x.mts', undefined, 'code-js'],
    ['SKILL.md', undefined, 'markdown'],
    ['.env.local', undefined, 'config'],
    ['bin/tool', '#!/usr/bin/env python3\nimport os', 'code-py'],
    ['bin/tool', '#!/usr/bin/env node\n', 'code-js'],
    ['bin/tool', '#!/bin/bash\n', 'shell'],
    ['notes', 'hello', 'text'],
  ];
  for (const [path, head, kind] of cases) it(`${path}${head ? ' (shebang)' : ''} → ${kind}`, () => assert.equal(contentKindFor(path, head), kind));
});
