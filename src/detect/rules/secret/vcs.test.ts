// Rule tests for GitHub and GitLab tokens.
import { ruleTester } from '../../rule-tester.js';
import { ALNUM, B64URL, fakeToken } from '../../sample.js';

ruleTester('secret.github-pat', {
  valid: [
    { text: 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', name: 'x placeholder' },
    { text: 'GITHUB_TOKEN=ghp_...', name: 'ellipsis' },
    { text: `ghp_${fakeToken(ALNUM, 30, 1)}`, name: 'too short' },
    { text: `github_pat_${fakeToken(ALNUM, 40, 1)}`, name: 'fine-grained too short' },
  ],
  invalid: [
    ...[1, 2, 3].map((seed) => ({ text: `token = "ghp_${fakeToken(ALNUM, 36, seed)}"`, kind: 'code-py' as const, secret: `ghp_${fakeToken(ALNUM, 36, seed)}`, errors: [{ line: 1, column: 10, evidence: /^ghp_.{2}…\(40, sha256:[0-9a-f]{8}\)$/ }] })),
    { text: `git clone https://x:github_pat_${fakeToken(ALNUM, 22, 4)}_${fakeToken(ALNUM, 59, 5)}@github.com/o/r`, kind: 'shell', errors: [{ line: 1, column: 21 }] },
  ],
});
ruleTester('secret.github-oauth-token', {
  valid: [{ text: 'token: gho_<token>' }],
  invalid: [{ text: `token: gho_${fakeToken(ALNUM, 36, 2)}`, errors: [{ line: 1, column: 8 }] }],
});
ruleTester('secret.github-app-token', {
  valid: [{ text: 'ghs_...' }, { text: 'ghu_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' }],
  invalid: [
    { text: `ghs_${fakeToken(ALNUM, 36, 3)}`, errors: [{ line: 1, column: 1 }] },
    { text: `x ghu_${fakeToken(ALNUM, 36, 4)}`, errors: [{ line: 1, column: 3 }] },
  ],
});
ruleTester('secret.github-refresh-token', {
  valid: [{ text: 'ghr_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' }],
  invalid: [{ text: `refresh=ghr_${fakeToken(ALNUM, 76, 6)}`, errors: [{ line: 1, column: 9 }] }],
});
ruleTester('secret.gitlab-pat', {
  valid: [{ text: 'glpat-XXXXXXXXXXXXXXXXXXXX' }, { text: 'glpat-<token>' }],
  invalid: [{ text: `GITLAB_TOKEN: glpat-${fakeToken(B64URL, 20, 7)}`, kind: 'config', errors: [{ line: 1, column: 15, evidence: /^glpat-…\(26, sha256:[0-9a-f]{8}\)$/ }] }],
});
