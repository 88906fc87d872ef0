import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { getRule } from '../detect/index.js';
import { patternForRule, SEED_PATTERN_BY_RULE, SEED_PATTERNS, threatTypeFor } from './patterns.js';

describe('seed pattern table', () => {
  it('maps every seed pattern from at least one registered detect rule', () => {
    const registered = Object.keys(SEED_PATTERN_BY_RULE).filter((id) => getRule(id) !== undefined);
    for (const p of SEED_PATTERNS) {
      assert.ok(registered.some((id) => SEED_PATTERN_BY_RULE[id] === p), `no registered rule maps to ${p}`);
    }
  });

  it('logs unmapped rules under their own id and types them by category', () => {
    assert.equal(patternForRule('secret.github-pat'), 'secret.github-pat');
    assert.equal(patternForRule('secret.openai-api-key'), 'ai_api_key');
    assert.equal(threatTypeFor('injection'), 'INJECTION');
    assert.equal(threatTypeFor('secret'), 'EXFIL');
    assert.equal(threatTypeFor('exfil'), 'EXFIL');
  });
});
