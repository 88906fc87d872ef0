// File typing: content kinds by extension and shebang; binary formats by magic bytes; text by NUL and control-character ratio.
import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { classifyBinary, contentKindFor, isMostlyText } from './classify.js';

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
