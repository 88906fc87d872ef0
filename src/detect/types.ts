// Contracts of the one detection engine: rules, scan contexts and matches. No logic lives here.
import type { Severity } from '../core/types.js';

export type RuleCategory = 'secret' | 'exfil' | 'injection' | 'network' | 'domain';

/**
 * What kind of text is being scanned. Rules and context filters use it to tell code from prose
 * (a key in a Markdown paragraph is not a call), requests from responses, commands from files.
 */
export type ContentKind =
  | 'code-js' // .js .mjs .cjs .ts .tsx .jsx …
  | 'code-py'
  | 'shell' // .sh .bash, and shell commands (exec tool calls)
  | 'markdown' // SKILL.md and other prose with code blocks
  | 'config' // JSON / YAML / TOML / .env
  | 'http-header'
  | 'http-body'
  | 'url'
  | 'text'; // anything else

export interface ScanContext {
  kind: ContentKind;
  /** Path of the file (for context heuristics and locations), if any. */
  path?: string;
  /** For traffic: `outbound` (agent → internet) or `inbound` (internet → agent). */
  direction?: 'outbound' | 'inbound';
  /** Maximum decode-and-rescan depth (base64 inside hex inside URL-encoding…); default 2. */
  maxDecodeDepth?: number;
}

/** One rule: data plus one small matcher. */
export interface Rule {
  /** Stable id `<category>.<kebab-name>`, e.g. `secret.github-pat`. */
  id: string;
  severity: Severity;
  category: RuleCategory;
  /** One sentence, as ESLint's `docs.description`. */
  title: string;
  /** Lower-case literals for the prefilter; the rule runs only when one occurs (empty = always run). */
  keywords: readonly string[];
  /** Precise check as a global regex; `secretGroup` names the capture holding the secret. */
  pattern?: RegExp;
  secretGroup?: number;
  /** Minimum Shannon entropy (bits/char) of the secret for a pattern hit to count. */
  minEntropy?: number;
  /** Stop-patterns: a hit whose secret/match text matches one of these is ignored (placeholders, examples). */
  allow?: readonly RegExp[];
  /** Code check for what a regex cannot say; returns spans within `text`. */
  match?: (text: string, ctx: ScanContext) => RuleHit[];
  /** Content kinds the rule applies to; default all. */
  kinds?: readonly ContentKind[];
  /** Doc page, relative to the package root. */
  docs?: string;
}

/** A raw hit from a rule's matcher, before redaction. */
export interface RuleHit {
  start: number;
  end: number;
  /** The sensitive part of the hit, if narrower than [start, end). */
  secretStart?: number;
  secretEnd?: number;
}

/** A match reported by the engine. Never carries cleartext secrets. */
export interface Match {
  ruleId: string;
  severity: Severity;
  category: RuleCategory;
  title: string;
  /** Offsets in the scanned text (for decoded hits: the span of the encoded source). */
  start: number;
  end: number;
  /** 1-based line and column of `start`. */
  line: number;
  column: number;
  /** Redacted evidence: secrets as `prefix…(len, sha256:8)`, other hits as a short snippet. */
  evidence: string;
  /** sha256 (hex, 16 chars) of the matched text, for suppressions and dedup without the cleartext. */
  hash: string;
  /** The decoder chain that revealed it, e.g. ['base64'], empty when seen as-is. */
  decodedBy: string[];
}
