// Inputs and outputs of the daily security report; the CLI fills the inputs from audit, egress, monitor, forensics and cloud.
import type { Finding, Severity } from '../core/types.js';

/** One capability's contribution: what it found, what was suppressed, what it wants the reader to know. */
export interface SectionInput {
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
  /** What was examined (state dir, workspace, log dir). */
  target?: string;
  /** Set when the section could not be produced: the honest reason, shown instead of data. */
  unavailable?: string;
}

/** The fields of a monitor threat record the report uses (a subset of core/threat-log ThreatRecord). */
export interface ThreatInput {
  direction: string;
  threat_type: string;
  pattern: string;
  dest: string;
  source?: string;
  /** ISO-8601 UTC. */
  timestamp: string;
  ruleId?: string;
  severity?: Severity;
  action?: string;
  /** Already redacted by the monitor. */
  snippet?: string;
}

export interface ThreatsInput {
  records: ThreatInput[];
  notes: string[];
  /** The monitor log dir read. */
  logDir?: string;
  unavailable?: string;
}

/** Security Center data for `report --cloud` (structurally what `clawguard cloud` returns). */
export interface CloudInput {
  region: string;
  instances: Array<{ instanceName?: string; instanceId?: string; ip?: string; name?: string; version?: string; listenIp?: string; port?: string }>;
  vulns: Array<{ title: string; necessity?: string; instanceName?: string; instanceId?: string }>;
  baseline: Array<{ riskName: string; riskId?: number; high: number; medium: number; low: number; atRisk: boolean }>;
  alerts: Array<{ name: string; level?: string; instanceName?: string; instanceId?: string; occurred?: string }>;
  /** Findings derived from the four dimensions (vulnerabilities, baseline risks, alerts). */
  findings: Finding[];
  /** Per dimension, why it could not be fetched. */
  errors: Partial<Record<'instances' | 'vulns' | 'baseline' | 'alerts', string>>;
  notes: string[];
}

export interface ReportInputs {
  /** When the report was made. */
  generatedAt: Date;
  /** Start of the window for threats (default: 24 hours before generatedAt). */
  since: Date;
  /** Host name shown in the title. */
  host?: string;
  audit: SectionInput;
  egress: SectionInput & {
    /** Domains the workspace's skills reach, with how often. */
    domains?: Array<{ host: string; count: number }>;
  };
  threats: ThreatsInput;
  forensics: SectionInput;
  /** Absent when --cloud was not asked for; `{ unavailable }` when it failed. */
  cloud?: CloudInput | { unavailable: string };
}

export type SectionKey = 'audit' | 'egress' | 'monitor' | 'forensics' | 'cloud';

export interface SectionSummary {
  key: SectionKey;
  title: string;
  findings: number;
  suppressed: number;
  bySeverity: Record<Severity, number>;
  unavailable?: string;
  /** Not requested (cloud without --cloud). */
  skipped?: boolean;
}

export interface ReportSummary {
  bySeverity: Record<Severity, number>;
  /** Findings per Finding.area, highest first. */
  byArea: Array<{ area: string; count: number }>;
  sections: SectionSummary[];
  threats: {
    total: number;
    byType: Record<string, number>;
    blocked: number;
    /** Counts per time bucket across the window, oldest first. */
    timeline: Array<{ start: string; count: number }>;
    topDestinations: Array<{ dest: string; count: number }>;
    topPatterns: Array<{ pattern: string; count: number }>;
  };
  /** 0 clean, 1 warnings, 2 critical: the worst active finding. */
  status: 'clean' | 'warnings' | 'critical';
}

export interface DailyReport {
  /** File stem: `security_report_YYYYMMDD`. */
  name: string;
  summary: ReportSummary;
  /** Every active finding, sections joined (monitor threats grouped into findings). */
  findings: Finding[];
  suppressed: Finding[];
  markdown: string;
  json: Record<string, unknown>;
  /** One self-contained page: inline CSS and SVG, no script, no external asset. */
  html: string;
}
