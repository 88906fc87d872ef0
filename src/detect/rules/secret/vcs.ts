// Source-hosting tokens: GitHub (classic, fine-grained, OAuth, app, refresh) and GitLab.
import { ALNUM, B64URL, fakeToken } from '../../sample.js';
import type { Rule } from '../../types.js';

// GitHub token formats: https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
export const githubPat = {
  id: 'secret.github-pat',
  severity: 'critical',
  category: 'secret',
  title: 'GitHub personal access token',
  keywords: ['ghp_', 'github_pat_'],
  pattern: /(?<![A-Za-z0-9_])(ghp_[A-Za-z0-9]{36}|github_pat_[A-Za-z0-9_]{82})(?![A-Za-z0-9_])/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 100,
  examples: {
    flagged: [{ text: `GITHUB_TOKEN=ghp_${fakeToken(ALNUM, 36, 31)}` }],
    notFlagged: [{ text: 'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }],
  },
  remediation: 'Delete the token at github.com/settings/tokens and check the account security log for its use.',
} satisfies Rule;

export const githubOauth = {
  id: 'secret.github-oauth-token',
  severity: 'critical',
  category: 'secret',
  title: 'GitHub OAuth access token',
  keywords: ['gho_'],
  pattern: /(?<![A-Za-z0-9_])(gho_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 40,
  examples: {
    flagged: [{ text: `token: gho_${fakeToken(ALNUM, 36, 32)}` }],
    notFlagged: [{ text: 'token: gho_<token>' }],
  },
  remediation: 'Revoke the OAuth app authorization (github.com/settings/applications) so the token dies.',
} satisfies Rule;

export const githubAppToken = {
  id: 'secret.github-app-token',
  severity: 'critical',
  category: 'secret',
  title: 'GitHub App user-to-server or server-to-server token',
  keywords: ['ghu_', 'ghs_'],
  pattern: /(?<![A-Za-z0-9_])(gh[us]_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 40,
  examples: {
    flagged: [{ text: `Authorization: token ghs_${fakeToken(ALNUM, 36, 33)}` }],
    notFlagged: [{ text: 'Authorization: token ghs_...' }],
  },
  remediation: 'Installation tokens expire within an hour; revoke the app installation or its key if the token may be reused.',
} satisfies Rule;

export const githubRefreshToken = {
  id: 'secret.github-refresh-token',
  severity: 'critical',
  category: 'secret',
  title: 'GitHub refresh token',
  keywords: ['ghr_'],
  pattern: /(?<![A-Za-z0-9_])(ghr_[A-Za-z0-9]{36,76})(?![A-Za-z0-9_])/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 80,
  examples: {
    flagged: [{ text: `refresh_token=ghr_${fakeToken(ALNUM, 76, 34)}` }],
    notFlagged: [{ text: 'refresh_token=ghr_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' }],
  },
  remediation: 'Revoke the app authorization so the refresh token cannot mint new access tokens.',
} satisfies Rule;

// GitLab personal/project/group access tokens: `glpat-` + 20 chars (newer ones longer, with a `.` suffix).
export const gitlabPat = {
  id: 'secret.gitlab-pat',
  severity: 'critical',
  category: 'secret',
  title: 'GitLab access token',
  keywords: ['glpat-'],
  pattern: /(?<![A-Za-z0-9_-])(glpat-[A-Za-z0-9_-]{20,64}(?:\.[A-Za-z0-9]{2}\.[A-Za-z0-9]{9})?)(?![A-Za-z0-9_-])/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 90,
  examples: {
    flagged: [{ text: `CI_TOKEN: glpat-${fakeToken(B64URL, 20, 35)}` }],
    notFlagged: [{ text: 'CI_TOKEN: glpat-XXXXXXXXXXXXXXXXXXXX' }],
  },
  remediation: 'Revoke the token in GitLab (User settings → Access tokens) and review the audit events.',
} satisfies Rule;

export const vcsRules = [githubPat, githubOauth, githubAppToken, githubRefreshToken, gitlabPat] satisfies Rule[];
