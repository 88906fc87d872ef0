// Contracts of `clawguard forensics`: options, the timeline, per-session summaries and the result. No logic lives here.
import type { Finding, Severity } from '../core/types.js';

export interface ForensicsOptions {
  /** OpenClaw state dir (`--state-dir`); default as the real CLI resolves it. */
  stateDir?: string;
  /** OpenClaw config file (`--config`); used to find a configured `logging.file`. */
  configPath?: string;
  /** OpenClaw profile (`--profile`). */
  profile?: string;
  /** Only this agent id (directory name under `agents/`). */
  agent?: string;
  /** Only this session id (transcript id, or a claude-cli session id). */
  session?: string;
  /** Only events at or after this time (epoch ms). */
  since?: number;
  /** Only events at or before this time (epoch ms). */
  until?: number;
  /** Directory of OpenClaw's default rolling log (`/tmp/openclaw`); `null` skips it. */
  logDir?: string | null;
  /** Extra transcript or log files to read (JSONL, `.jsonl.zst`, or an `openclaw-agent.sqlite`). */
  extraFiles?: string[];
  /** Home directory whose `.claude/projects` holds claude-cli transcripts; default the OpenClaw home. */
  claudeHome?: string;
  env?: NodeJS.ProcessEnv;
  /** Stops the scan between records. */
  signal?: AbortSignal;
  /** Called every few thousand records with bytes read so far (progress bars). */
  onProgress?: (bytesRead: number, bytesTotal: number) => void;
}

/** Who produced a timeline entry. */
export type Actor = 'inbound' | 'agent' | 'tool' | 'operator' | 'gateway';

/** The inbound message an action traces back to, through the `parentId` chain. */
export interface Trigger {
  /** Entry id of the user/inbound message. */
  entryId?: string;
  /** ISO time of the inbound message. */
  time?: string;
  /** Channel (`telegram`, `discord`, `webchat`, `hook:webhook`…), when recorded. */
  channel?: string;
  /** Sender as recorded (name, @username, id), when recorded. */
  sender?: string;
  /** First words of the message, clipped, secrets redacted. */
  excerpt: string;
}

/** One line of the forensic timeline. Only suspicious actions and the messages that led to them appear. */
export interface TimelineEntry {
  /** ISO time; empty when the record had none. */
  time: string;
  agentId: string;
  sessionId: string;
  actor: Actor;
  /** Tool name (`exec`, `web_fetch`…) or `reply` / `log` / `message`. */
  tool: string;
  /** What happened, one line, redacted. */
  summary: string;
  /** Highest severity of the findings on this entry; absent for context entries. */
  severity?: Severity;
  ruleIds: string[];
  /** Redacted evidence of the first finding. */
  evidence?: string;
  trigger?: Trigger;
  /** `file:line` or `db#session/seq`. */
  ref: string;
}

/** What one session did, in numbers. */
export interface SessionSummary {
  agentId: string;
  sessionId: string;
  /** Where it was read from: `sqlite`, `jsonl`, `cold`, `claude-cli`. */
  source: string;
  channel?: string;
  firstTime?: string;
  lastTime?: string;
  inboundMessages: number;
  toolCalls: number;
  toolResults: number;
  findings: Record<Severity, number>;
  /** Tools used, with counts. */
  tools: Record<string, number>;
}

export interface SourceStat {
  kind: 'sqlite' | 'jsonl' | 'cold' | 'claude-cli' | 'log';
  path: string;
  bytes: number;
  records: number;
  corrupt: number;
}

export interface ForensicsResult {
  target: string;
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
  timeline: TimelineEntry[];
  sessions: SessionSummary[];
  sources: SourceStat[];
  stats: { records: number; bytes: number; durationMs: number; corrupt: number };
}
