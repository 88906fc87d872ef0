// Contracts shared by every layer: severities, findings, locations. No logic lives here.

/** Severity of a finding, highest first. Maps to the seeds' CRITICAL / HIGH / WARNING / INFO. */
export type Severity = 'critical' | 'high' | 'warning' | 'info';

export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'warning', 'info'];

/** Where a finding was observed. Every field is optional; renderers show what is present. */
export interface Location {
  /** Absolute or target-relative file path. */
  file?: string;
  /** 1-based line number in `file`. */
  line?: number;
  /** 1-based column number in `file`. */
  column?: number;
  /** Dotted config key path, e.g. `gateway.auth.token`. */
  keyPath?: string;
  /** Network endpoint, e.g. `127.0.0.1:18789` or `api.example.com:443`. */
  endpoint?: string;
  /** Free-form pointer (a log line id, a session id, an instance id). */
  ref?: string;
}

/** How a finding can be repaired. */
export interface Remediation {
  /** What to do, in one or two sentences. */
  text: string;
  /** Which clawguard command applies it automatically, if any. */
  autoFix?: 'audit --fix' | 'egress protect' | 'egress block' | 'egress quarantine' | 'incident contain' | 'incident rotate';
}

/** Why a finding was suppressed. Suppressed findings are still counted and rendered as such. */
export interface Suppression {
  /** The reason the operator gave. */
  reason: string;
  /** ISO date after which the suppression no longer applies. */
  expires?: string;
  /** Where the suppression came from (file path, or `openclaw:security.audit.suppressions`). */
  source: string;
}

/** One result of any capability. Rule ids are stable API: never renamed. */
export interface Finding {
  /** Stable id: `<category>.<name>` for detect rules, the real OpenClaw check id where one exists. */
  ruleId: string;
  severity: Severity;
  /** One sentence naming what was found. */
  title: string;
  /** Details: what exactly, and why it matters here. Never contains a secret in clear. */
  message: string;
  /** Grouping for human output: `gateway`, `filesystem`, `secrets`, `sandbox`, `exfil`, … */
  area: string;
  location?: Location;
  /** Redacted evidence (`prefix…(len, sha256:8)` for secrets; a short snippet otherwise). */
  evidence?: string;
  remediation?: Remediation;
  /** The real `openclaw security audit` check id this maps to, when it is one. */
  openclawId?: string;
  /** Path of the rule's doc page, relative to the package root (`docs/rules/<id>.md`). */
  docs?: string;
  /** Stable content hash used for suppressions and dedup (sha256 of rule id + location + match). */
  fingerprint?: string;
  /** Present when an operator suppressed this finding. */
  suppressed?: Suppression;
}

/** The envelope every reporting command renders. */
export interface Report {
  tool: 'clawguard';
  version: string;
  /** The command that produced it, e.g. `audit`, `egress scan`. */
  command: string;
  /** What was examined: a state dir, a workspace, a log dir. */
  target?: string;
  /** ISO timestamp. */
  generatedAt: string;
  /** Active findings, sorted by severity then rule id. */
  findings: Finding[];
  /** Findings that matched a suppression: counted, never dropped. */
  suppressed: Finding[];
  /** Lines of context for humans (what was skipped and why, probes that timed out). */
  notes: string[];
  /** Capability-specific data (fix actions, scan statistics). Rendered as-is in JSON. */
  extra?: Record<string, unknown>;
}

export interface SeverityCounts {
  critical: number;
  high: number;
  warning: number;
  info: number;
}
