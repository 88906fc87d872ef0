// ESLint-RuleTester-style table runner for detection rules: `valid` inputs must not report the rule,
// `invalid` inputs must report it at the given line/column with the given (redacted) evidence.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getRule, scanText } from './index.js';
import type { ContentKind, Match, Rule } from './types.js';

export interface ValidCase {
  text: string;
  kind?: ContentKind;
  path?: string;
  /** Why this must stay quiet (look-alike, placeholder, prose …); shown in the test name. */
  name?: string;
}

export interface ExpectedMatch {
  line: number;
  column: number;
  /** Exact redacted evidence, or a RegExp it must match. */
  evidence?: string | RegExp;
  /** Expected decoder chain, when the hit is only visible decoded. */
  decodedBy?: string[];
  host?: string;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedMatch[];
  /** Cleartext that must never appear in any evidence (defaults to nothing). */
  secret?: string;
}

/** Scans `text` and keeps the matches of `ruleId`. */
export function matchesOf(ruleId: string, text: string, kind: ContentKind = 'text', path?: string): Match[] {
  return scanText(text, { kind, path }).filter((m) => m.ruleId === ruleId);
}

function label(c: ValidCase): string {
  const t = c.text.length > 70 ? `${c.text.slice(0, 67)}...` : c.text;
  return `${c.name ? `${c.name}: ` : ''}${JSON.stringify(t)}${c.kind ? ` (${c.kind})` : ''}`;
}

/**
 * Registers one `describe` block per rule with one `it` per case. `rule` may be the rule object or its
 * id (the parity test looks for `ruleTester('<id>'` in the test files).
 */
export function ruleTester(rule: Rule | string, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  const r = typeof rule === 'string' ? getRule(rule) : rule;
  const id = typeof rule === 'string' ? rule : rule.id;
  describe(`rule ${id}`, () => {
    it('is registered', () => assert.ok(r, `rule ${id} is not in RULES`));
    for (const c of cases.valid) {
      it(`does not report ${label(c)}`, () => {
        const found = matchesOf(id, c.text, c.kind, c.path);
        assert.deepEqual(found.map((m) => `${m.line}:${m.column} ${m.evidence}`), []);
      });
    }
    for (const c of cases.invalid) {
      it(`reports ${label(c)}`, () => {
        const found = matchesOf(id, c.text, c.kind, c.path);
        assert.equal(found.length, c.errors.length, `expected ${c.errors.length} match(es), got ${JSON.stringify(found.map((m) => [m.line, m.column, m.evidence]))}`);
        c.errors.forEach((e, i) => {
          const m = found[i] as Match;
          assert.equal(m.ruleId, id);
          assert.equal(m.line, e.line, 'line');
          assert.equal(m.column, e.column, 'column');
          if (typeof e.evidence === 'string') assert.equal(m.evidence, e.evidence);
          else if (e.evidence) assert.match(m.evidence, e.evidence);
          if (e.decodedBy) assert.deepEqual(m.decodedBy, e.decodedBy);
          if (e.host) assert.equal(m.host, e.host);
          assert.match(m.hash, /^[0-9a-f]{16}$/);
          if (r) assert.equal(m.severity, r.severity);
        });
        if (c.secret) for (const m of scanText(c.text, { kind: c.kind ?? 'text', path: c.path })) assert.ok(!m.evidence.includes(c.secret), `cleartext secret in evidence of ${m.ruleId}: ${m.evidence}`);
      });
    }
  });
}
