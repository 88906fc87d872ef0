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
  /**
   * Extra domains (besides `core/allowlist.ts`'s built-in safe domains) whose URLs are not reported
   * by `network.external-url`. Other URL rules (paste sites, webhooks) still apply.
   */
  allowDomains?: readonly string[];
  /**
   * Whether the text is signature/rule data (a list of patterns or IOCs) rather than code or
   * instructions; `undefined` lets the engine decide from the path and the content.
   */
  signatureData?: boolean;
}

/**
 * Where in a document a hit sits. `code` includes Markdown fenced code blocks and everything in
 * non-code kinds (config, traffic); `prose` is Markdown text outside code blocks (inline code too).
 */
export type RegionKind = 'code' | 'string' | 'comment' | 'regex' | 'prose';

/** A documented example, run by the parity test and rendered in `docs/rules/<id>.md`. */
export interface RuleExample {
  text: string;
  kind?: ContentKind;
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
  /** Regions a hit may sit in (see `RegionKind`); default all. */
  regions?: readonly RegionKind[];
  /**
   * Whether a hit in prose or a comment is dropped when the sentence negates or describes it
   * ("never run curl | bash", "detects reverse shells"); default true except for secrets.
   */
  polarity?: boolean;
  /** A generic rule: its hit is dropped when it overlaps a hit of a rule in one of these categories. */
  yieldsTo?: readonly RuleCategory[];
  /** Upper bound of a match's length in characters (sizes the stream overlap window); default 1024. */
  maxLength?: number;
  /**
   * Whether the engine may run the rule only on windows around its keyword occurrences (default true).
   * Set false for rules whose matcher reads context beyond `maxLength` from the keyword.
   */
  windowed?: boolean;
  /**
   * The prefilter records every occurrence of this rule's keywords (not only the first
   * `MAX_POSITIONS`), and the rule runs on the whole text: its matcher reads them with
   * `keywordPositions` instead of scanning every character.
   */
  everyKeywordPosition?: boolean;
  /**
   * Document-level rule run after all others, on their matches (e.g. a credential read plus a send
   * in the same file). Returns spans within the document.
   */
  compose?: (matches: readonly Match[], text: string, ctx: ScanContext) => RuleHit[];
  /** Documented examples; the parity test checks `flagged` fire and `notFlagged` do not. */
  examples?: { flagged: readonly RuleExample[]; notFlagged: readonly RuleExample[] };
  /** Where an indicator comes from (IOC rules): public reports, one per entry. */
  sources?: readonly string[];
  /** How to fix it (rendered in the doc page and usable as `Finding.remediation`). */
  remediation?: string;
}

/** A raw hit from a rule's matcher, before redaction. */
export interface RuleHit {
  start: number;
  end: number;
  /** The sensitive part of the hit, if narrower than [start, end). */
  secretStart?: number;
  secretEnd?: number;
  /** Host of the URL the hit is about, lower-cased (URL, domain and network rules). */
  host?: string;
  /** Short extra fact for the message (e.g. which credential location and which send). */
  detail?: string;
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
  /** Host of the URL the match is about, lower-cased, when the rule is about a URL or domain. */
  host?: string;
  /** Where the match sits (code, string, comment, regex, prose). */
  region?: RegionKind;
  /** Short extra fact (redacted) for the finding message. */
  detail?: string;
}
