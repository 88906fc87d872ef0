// Generic secret assignments (`api_key = "…"`, `TOKEN=…`) with an entropy gate; yields to provider rules.
import { ALNUM, fakeToken } from '../../sample.js';
import type { Rule } from '../../types.js';

export const genericSecretAssignment = {
  id: 'secret.generic-assignment',
  severity: 'high',
  category: 'secret',
  title: 'High-entropy value assigned to a secret-named key',
  keywords: ['key', 'secret', 'token', 'passw', 'credential'],
  // Anchored at the name's keyword (no leading run to backtrack over); the value is a single token.
  pattern:
    /(?:api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|secret(?:[_-]?key)?|auth[_-]?token|access[_-]?token|refresh[_-]?token|token|passw(?:or)?d|credentials?)[A-Za-z0-9_]{0,20}["'`]?\s{0,3}(?::=|=>|[:=])\s{0,3}(["'`]?)([A-Za-z0-9_\-+/=.~]{16,200})\1(?![A-Za-z0-9_\-+/=.~])/gi,
  secretGroup: 2,
  minEntropy: 3.7,
  // Words, paths, identifiers and dotted names are not secrets; real ones mix digits in.
  allow: [/^[^0-9]*$/, /^[0-9.]*$/, /^(?:[a-z]+[._-])+[a-z]+$/, /\.(?:json|ya?ml|txt|pem|key|env|ts|js|py|sh)$/i, /^(?:sha\d{1,3}|md5)[-:]/i],
  yieldsTo: ['secret'],
  maxLength: 260,
  examples: {
    flagged: [{ text: `const apiKey = "${fakeToken(ALNUM, 32, 81)}";` }],
    notFlagged: [{ text: 'const apiKey = process.env.SERVICE_API_KEY;' }, { text: 'password: "correct-horse-battery-staple"' }],
  },
  remediation: 'Move the value to the environment or a secret store, then rotate it at its issuer: it has been stored in clear.',
} satisfies Rule;

export const genericRules = [genericSecretAssignment] satisfies Rule[];
