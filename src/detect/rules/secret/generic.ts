// Generic secret assignments (`api_key = "…"`, `TOKEN=…`) with an entropy gate; yields to provider rules.
import { isRegexSpace } from '../../chars.js';
import { keywordPositions } from '../../prefilter.js';
import { ALNUM, fakeToken } from '../../sample.js';
import type { Rule, RuleHit } from '../../types.js';

const KEYWORDS = ['key', 'secret', 'token', 'passw', 'credential'] as const;

// Anchored at the name (no leading run to backtrack over); the value is a single token.
const ASSIGNMENT =
  /(?:api[_-]?key|apikey|access[_-]?key|private[_-]?key|client[_-]?secret|secret(?:[_-]?key)?|auth[_-]?token|access[_-]?token|refresh[_-]?token|token|passw(?:or)?d|credentials?)[A-Za-z0-9_]{0,20}["'`]?\s{0,3}(?::=|=>|[:=])\s{0,3}(["'`]?)([A-Za-z0-9_\-+/=.~]{16,200})\1(?![A-Za-z0-9_\-+/=.~])/gi;
const ASSIGNMENT_AT = new RegExp(ASSIGNMENT.source, 'iy');
const SECRET_GROUP = 2;

/**
 * Every name in the alternation ends with a keyword, at most this far from the name's start
 * ("private_key", "refresh_token"), and is followed by at most 3 more word characters ("passw" + "ord").
 */
const MAX_NAME_PREFIX = 8;
const MAX_NAME_TAIL = 3;

/** First letters of the names (a-pi, a-ccess, a-uth, c-lient, c-redential, p-rivate, p-assw, r-efresh, s-ecret, t-oken). */
const isNameStart = (c: number): boolean => {
  const l = c | 32;
  return l === 97 || l === 99 || l === 112 || l === 114 || l === 115 || l === 116;
};

const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;

/** The unit at `i`, or -1 past the end (`charCodeAt` gives NaN there, which deoptimises the callers). */
const unitAt = (text: string, i: number): number => (i < text.length ? text.charCodeAt(i) : -1);

/**
 * Whether an assignment of a long value can follow a keyword ending at `end`, as the pattern allows
 * it: a few name characters, an optional closing quote, up to three spaces, `:` or `=`, then a value
 * of at least 16 characters. Almost every keyword occurrence in code (`token.strip()`, `keys(obj)`,
 * `token=None`) fails here, before any regex runs.
 */
function assignmentFollows(text: string, end: number): boolean {
  let i = end;
  const nameEnd = Math.min(text.length, end + MAX_NAME_TAIL + 20);
  while (i < nameEnd && isWordChar(text.charCodeAt(i))) i++;
  let c = unitAt(text, i);
  if (c === 34 || c === 39 || c === 96) c = unitAt(text, ++i);
  for (let s = 0; s < 3 && isRegexSpace(c); s++) c = unitAt(text, ++i);
  if (c !== 58 && c !== 61) return false;
  // The operator is `:=`, `=>`, `:` or `=`: the value may start after one unit or after two.
  return valueFollows(text, i + 1) || valueFollows(text, i + 2);
}

/** `[A-Za-z0-9_\-+/=.~]` */
const isValueChar = (c: number): boolean => isWordChar(c) || c === 45 || c === 43 || c === 47 || c === 61 || c === 46 || c === 126;

/** Whether up to three spaces, an optional quote and at least 16 value characters start at `i`. */
function valueFollows(text: string, i: number): boolean {
  let c = unitAt(text, i);
  for (let s = 0; s < 3 && isRegexSpace(c); s++) c = unitAt(text, ++i);
  if (c === 34 || c === 39 || c === 96) i++;
  const need = i + 16;
  if (need > text.length) return false;
  for (; i < need; i++) if (!isValueChar(text.charCodeAt(i))) return false;
  return true;
}

function toHit(m: RegExpExecArray): RuleHit {
  const secret = m[SECRET_GROUP] as string;
  const secretStart = m.index + m[0].lastIndexOf(secret);
  return { start: m.index, end: m.index + m[0].length, secretStart, secretEnd: secretStart + secret.length };
}

/**
 * The pattern's matches, as a global scan would report them (leftmost, non-overlapping). With every
 * keyword occurrence known from the engine's prefilter pass, the pattern runs only where a name can
 * start before a keyword that an assignment of a long value follows; otherwise it scans the text.
 */
function findAssignments(text: string): RuleHit[] {
  const hits: RuleHit[] = [];
  const starts: number[] = [];
  for (const k of KEYWORDS) {
    const at = keywordPositions(text, k);
    if (at === undefined) return scanAll(text);
    for (const p of at) {
      if (!assignmentFollows(text, p + k.length)) continue;
      for (let s = Math.max(0, p - MAX_NAME_PREFIX); s <= p; s++) if (isNameStart(text.charCodeAt(s))) starts.push(s);
    }
  }
  if (starts.length === 0) return hits;
  starts.sort((a, b) => a - b);
  let next = 0;
  for (const s of starts) {
    if (s < next) continue;
    next = s + 1;
    ASSIGNMENT_AT.lastIndex = s;
    const m = ASSIGNMENT_AT.exec(text);
    if (!m) continue;
    hits.push(toHit(m));
    next = m.index + m[0].length;
  }
  return hits;
}

function scanAll(text: string): RuleHit[] {
  const hits: RuleHit[] = [];
  ASSIGNMENT.lastIndex = 0;
  for (let m = ASSIGNMENT.exec(text); m; m = ASSIGNMENT.exec(text)) hits.push(toHit(m));
  return hits;
}

export const genericSecretAssignment = {
  id: 'secret.generic-assignment',
  severity: 'high',
  category: 'secret',
  title: 'High-entropy value assigned to a secret-named key',
  keywords: KEYWORDS,
  // `shapes`: the pattern itself, for the rule's documentation page.
  match: Object.assign(findAssignments, { shapes: [ASSIGNMENT] }),
  everyKeywordPosition: true,
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

/** The pattern scanned over the whole text (the reference the keyword-anchored path must equal). */
export const scanAssignmentsWhole = scanAll;

export const genericRules = [genericSecretAssignment] satisfies Rule[];
