// Parity: every registered rule has a test table, a doc page with the standard headings, and documented
// examples that behave as documented; the registry is sorted and holds the ids other capabilities map.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, extname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RULES, getRule, scanText } from '../index.js';
import { MIN_KEYWORD_LENGTH } from '../prefilter.js';

const here = dirname(fileURLToPath(import.meta.url));
const ext = extname(fileURLToPath(import.meta.url)); // .ts from source, .js from dist
const root = join(here, '..', '..', '..');
const HEADINGS = ['What it finds', 'Why it matters', 'Flagged example', 'Not flagged example', 'Options', 'False positives and allowlisting', 'Remediation'];

/** Rule ids named in `ruleTester('<id>'` calls across the family test files. */
function testedIds(): Set<string> {
  const ids = new Set<string>();
  for (const family of readdirSync(here, { withFileTypes: true })) {
    if (!family.isDirectory()) continue;
    for (const f of readdirSync(join(here, family.name))) {
      if (!f.endsWith(`.test${ext}`)) continue;
      for (const m of readFileSync(join(here, family.name, f), 'utf8').matchAll(/ruleTester\(\s*['"]([a-z]+\.[a-z0-9-]+)['"]/g)) ids.add(m[1] as string);
    }
  }
  return ids;
}

describe('rule registry parity', () => {
  it('is sorted by id, ids are unique and well-formed', () => {
    const ids = RULES.map((r) => r.id);
    assert.deepEqual(ids, [...ids].sort());
    assert.equal(new Set(ids).size, ids.length);
    for (const r of RULES) {
      assert.match(r.id, /^(secret|exfil|injection|network|domain)\.[a-z0-9]+(?:-[a-z0-9]+)*$/);
      assert.equal(r.id.split('.')[0], r.category, `${r.id} category`);
      assert.equal(getRule(r.id), r);
    }
  });

  it('holds every id the monitor maps to the ClawSec pattern names', () => {
    for (const id of [
      'secret.anthropic-api-key', 'secret.openai-api-key', 'secret.aws-access-key-id', 'secret.private-key',
      'exfil.ssh-key-path', 'exfil.unix-sensitive-path', 'exfil.dotenv-path', 'exfil.ssh-public-key',
      'injection.pipe-to-shell', 'injection.shell-exec', 'injection.reverse-shell', 'injection.destructive-rm', 'injection.ssh-key-inject',
    ]) assert.ok(getRule(id), `missing ${id}`);
  });

  it('keywords are lower-case literals long enough for the prefilter; patterns are global', () => {
    for (const r of RULES) {
      for (const k of r.keywords) {
        assert.equal(k, k.toLowerCase(), `${r.id} keyword ${k}`);
        assert.ok(k.length >= MIN_KEYWORD_LENGTH, `${r.id} keyword "${k}" too short`);
      }
      if (r.pattern) assert.ok(r.pattern.global, `${r.id} pattern must be global`);
      assert.ok(r.pattern || r.match || r.compose, `${r.id} has no matcher`);
    }
  });

  const tested = testedIds();
  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has a ruleTester table', () => assert.ok(tested.has(rule.id), `no ruleTester('${rule.id}', …) in src/detect/rules/*/*.test${ext}`));

      it('has a doc page with the standard headings in order', () => {
        const file = join(root, rule.docs ?? `docs/rules/${rule.id}.md`);
        assert.ok(existsSync(file), `missing ${file} (run: node --import tsx scripts/rule-docs.mjs)`);
        const text = readFileSync(file, 'utf8');
        assert.equal(text.split('\n')[0], `# ${rule.id}`);
        let pos = 0;
        for (const h of HEADINGS) {
          const at = text.indexOf(`\n## ${h}\n`, pos);
          assert.ok(at >= 0, `${rule.id}: heading "${h}" missing or out of order`);
          pos = at + 1;
        }
      });

      it('documented examples behave as documented', () => {
        assert.ok((rule.examples?.flagged.length ?? 0) > 0, 'needs a flagged example');
        assert.ok((rule.examples?.notFlagged.length ?? 0) > 0, 'needs a not-flagged example');
        for (const ex of rule.examples?.flagged ?? []) {
          assert.ok(scanText(ex.text, { kind: ex.kind ?? 'text' }).some((m) => m.ruleId === rule.id), `flagged example not flagged: ${ex.text}`);
        }
        for (const ex of rule.examples?.notFlagged ?? []) {
          assert.ok(!scanText(ex.text, { kind: ex.kind ?? 'text' }).some((m) => m.ruleId === rule.id), `not-flagged example flagged: ${ex.text}`);
        }
      });
    });
  }
});
