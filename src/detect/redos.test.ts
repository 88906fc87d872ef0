// No rule may backtrack catastrophically: every matcher runs on adversarial 1 MB inputs (long runs of
// its keywords and of its pattern's alphabet) within a time bound, and so does the whole engine.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RULES, scanText } from './index.js';
import type { Rule } from './types.js';

const SIZE = 1 << 20;
/** Generous for a loaded 2-core CI box; catastrophic backtracking on 1 MB takes minutes to hours. */
const BOUND_MS = 3000;

function fill(unit: string): string {
  return unit.repeat(Math.ceil(SIZE / unit.length)).slice(0, SIZE);
}

/** Literal characters and class members that appear in a rule's pattern (its "alphabet"). */
function alphabetOf(rule: Rule): string {
  const src = rule.pattern?.source ?? '';
  const chars = new Set<string>();
  for (const ch of src.replace(/\\[sdwbSDWB]/g, '')) if (/[ -~]/.test(ch) && !'()[]{}?*+|^$\\'.includes(ch)) chars.add(ch);
  return [...chars].join('').slice(0, 40);
}

function adversarialInputs(rule: Rule): Array<[string, string]> {
  const inputs: Array<[string, string]> = [];
  for (const k of rule.keywords.slice(0, 3)) {
    inputs.push([`"${k}" repeated`, fill(k)]);
    inputs.push([`"${k}" + spaces`, fill(`${k} `)]);
    inputs.push([`"${k}" then a run of A`, k + fill('A')]);
    inputs.push([`"${k}" then a run of 0`, k + fill('0')]);
  }
  const alpha = alphabetOf(rule);
  if (alpha) inputs.push(['pattern alphabet', fill(alpha)]);
  inputs.push(['run of a', fill('a')], ['run of spaces', fill(' ')], ['run of dots', fill('a.')], ['base64 alphabet', fill('aZ09+/_-')], ['quotes and plus', fill('"a" + ')]);
  return inputs;
}

describe('catastrophic backtracking', () => {
  for (const rule of RULES.filter((r) => !r.compose)) {
    it(`${rule.id} stays linear on adversarial 1 MB inputs`, { timeout: 120_000 }, () => {
      for (const [name, text] of adversarialInputs(rule)) {
        const t0 = performance.now();
        if (rule.match) rule.match(text, { kind: 'text' });
        else if (rule.pattern) {
          rule.pattern.lastIndex = 0;
          let n = 0;
          while (rule.pattern.exec(text) && n++ < 1_000_000);
        }
        const ms = performance.now() - t0;
        assert.ok(ms < BOUND_MS, `${rule.id} took ${ms.toFixed(0)} ms on ${name}`);
      }
    });
  }

  it('the whole engine (prefilter, decoders, regions) stays linear on adversarial 1 MB documents', { timeout: 120_000 }, () => {
    const docs: Array<[string, string, 'text' | 'code-js' | 'markdown' | 'shell' | 'code-py']> = [
      ['one base64 run', fill('QUJD'), 'text'],
      ['hex run', fill('4142'), 'text'],
      ['percent escapes', fill('%41'), 'text'],
      ['\\x escapes', fill('\\x41'), 'code-js'],
      ['concatenation', fill('"ab" + '), 'code-js'],
      ['fromCharCode', `String.fromCharCode(${fill('65,').slice(0, -1)})`, 'code-js'],
      ['unterminated template', `\`${fill('${a}')}`, 'code-js'],
      ['markdown fences', fill('```\n'), 'markdown'],
      ['heredoc openers', fill('cat <<EOF\n'), 'shell'],
      ['python quotes', fill("'''\""), 'code-py'],
      ['url-ish', fill('http://a.'), 'text'],
      ['secret names, each with an operator', fill('access_token= x '), 'text'],
      ['secret names and values', fill('token=abcdefgh12345678;'), 'code-js'],
    ];
    for (const [name, text, kind] of docs) {
      const t0 = performance.now();
      scanText(text, { kind });
      const ms = performance.now() - t0;
      assert.ok(ms < BOUND_MS * 2, `engine took ${ms.toFixed(0)} ms on ${name}`);
    }
  });
});
