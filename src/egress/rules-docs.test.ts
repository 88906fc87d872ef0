// Parity: every rule id egress emits itself has a doc page with the standard headings and a test that triggers it.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../test-support/cli.js';
import { EGRESS_RULE_IDS } from './findings.js';

const HEADINGS = ['What it finds', 'Why it matters', 'Flagged example', 'Not flagged example', 'Options', 'False positives and allowlisting', 'Remediation'];
const TESTS = ['src/egress/scan.test.ts', 'src/cli/egress.test.ts'].map((p) => readFileSync(join(REPO_ROOT, p), 'utf8')).join('\n');

describe('egress rule parity', () => {
  for (const id of EGRESS_RULE_IDS) {
    it(`${id} has a doc page with every heading, in order, and a test case`, () => {
      const doc = readFileSync(join(REPO_ROOT, 'docs/rules', `${id}.md`), 'utf8');
      assert.ok(doc.startsWith(`# ${id}\n`));
      let last = -1;
      for (const h of HEADINGS) {
        const at = doc.indexOf(`\n## ${h}\n`);
        assert.ok(at > last, `${h} present and in order`);
        last = at;
      }
      assert.ok(TESTS.includes(`'${id}'`), `a test asserts ${id}`);
    });
  }
});
