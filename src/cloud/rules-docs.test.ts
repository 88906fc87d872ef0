// Parity: every finding id `cloud` reports has a doc page with the style guide's headings and an end-to-end test.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { REPO_ROOT } from '../test-support/cli.js';
import { CLOUD_RULE_IDS } from './index.js';

const HEADINGS = ['What it finds', 'Why it matters', 'Flagged example', 'Not flagged example', 'Options', 'False positives and allowlisting', 'Remediation'];

describe('cloud rule docs and tests', () => {
  const e2e = readFileSync(join(REPO_ROOT, 'src/cli/cloud.test.ts'), 'utf8');
  const overview = readFileSync(join(REPO_ROOT, 'docs/cloud.md'), 'utf8');
  for (const id of CLOUD_RULE_IDS) {
    it(`${id} has docs/rules/${id}.md with every heading, is listed in docs/cloud.md and is asserted end to end`, () => {
      const doc = readFileSync(join(REPO_ROOT, 'docs/rules', `${id}.md`), 'utf8');
      assert.ok(doc.startsWith(`# ${id}\n`));
      let last = -1;
      for (const h of HEADINGS) {
        const at = doc.indexOf(`\n## ${h}\n`);
        assert.ok(at > last, `heading "${h}" missing or out of order`);
        last = at;
      }
      assert.ok(overview.includes(`\`${id}\``));
      assert.ok(e2e.includes(`'${id}:`), `no end-to-end assertion for ${id}`);
    });
  }
});
