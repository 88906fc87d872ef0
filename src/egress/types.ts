// Options, results and internal records of the egress capability. No logic lives here.
import type { Finding, Severity } from '../core/types.js';
import type { ContentKind, RuleCategory } from '../detect/types.js';

export interface EgressLocateOptions {
  /** Workspace to scan; default: the OpenClaw workspace from the config, else the current directory. */
  workspace?: string;
  /** OpenClaw state dir / config / profile, used only to find the workspace when none is given. */
  stateDir?: string;
  configPath?: string;
  profile?: string;
  env?: NodeJS.ProcessEnv;
  /** Current directory used as the last fallback (default: process.cwd()). */
  cwd?: string;
}

export interface EgressScanOptions extends EgressLocateOptions {
  /** Scan only files inside skills (skip the rest of the workspace). */
  skillsOnly?: boolean;
  /** Limit the scan to these skills (workspace-relative skill paths). Used by block/protect. */
  skills?: readonly string[];
  /** Worker threads; default os.availableParallelism(). 0 scans on the calling thread. */
  workers?: number;
  /** Module URL exporting the detect engine (`scanText`, `createStreamScanner`); default the real one. */
  engineModule?: string;
  /** Files above this size (bytes) go through the stream scanner; default 4 MiB. */
  streamThreshold?: number;
  /** Show a progress bar on stderr (TTY only, after 1 s). */
  progress?: boolean;
  signal?: AbortSignal;
}

/** A skill folder OpenClaw would load: a directory holding `SKILL.md` under a skills root. */
export interface SkillInfo {
  /** Name as OpenClaw shows it: the path below the skills root (`weather`, `group/weather`). */
  name: string;
  /** Workspace-relative path of the folder (`skills/weather`), the stable id used by every command. */
  path: string;
  /** Skills root it was found under, workspace-relative (`skills` or `.agents/skills`). */
  root: string;
  /** Absolute real path of the folder. */
  dir: string;
}

export interface EgressScanStats {
  /** Files examined (text, binary and unreadable). */
  files: number;
  /** Bytes read. */
  bytes: number;
  /** Skills found (excluding quarantined ones). */
  skills: number;
  /** Skills currently quarantined (not scanned). */
  quarantined: number;
  /** Findings dropped because their host is allowlisted (built-in or custom). */
  allowlisted: number;
  /** Wall time in milliseconds. */
  durationMs: number;
  /** Worker threads used. */
  workers: number;
}

/** One external host seen in the workspace. */
export interface DomainUse {
  host: string;
  /** Number of references. */
  count: number;
  allowlisted: boolean;
  /** Workspace-relative files referencing it (at most 20, sorted). */
  files: string[];
  /** Skills referencing it (workspace-relative skill paths). */
  skills: string[];
}

export interface EgressScanResult {
  workspace: string;
  findings: Finding[];
  suppressed: Finding[];
  notes: string[];
  stats: EgressScanStats;
  skills: SkillInfo[];
  domains: DomainUse[];
}

/** What a worker reports for one file. */
export interface FileScanOutput {
  /** Index of the file in the task list (results are merged in this order). */
  index: number;
  bytes: number;
  /** The file no longer existed when it was opened (removed after the walk listed it): nothing to scan. */
  gone?: boolean;
  matches: FileMatch[];
  /** Capability-level observations: binary, archive, unreadable, decoded as latin1. */
  events: FileEvent[];
}

export interface FileMatch {
  ruleId: string;
  severity: Severity;
  category: RuleCategory;
  title: string;
  line: number;
  column: number;
  /** Line number where the match ends. */
  endLine: number;
  evidence: string;
  hash: string;
  decodedBy: string[];
  /** Hosts named in the matched text (network/domain categories only). */
  hosts: string[];
  /** For a match inside an archive entry: `<file>!/<entry>`; otherwise absent (the file itself). */
  file?: string;
}

export type FileEventKind = 'binary' | 'native-executable' | 'archive' | 'office-document' | 'compiled-python' | 'unreadable' | 'archive-note' | 'latin1' | 'utf16' | 'not-regular';

export interface FileEvent {
  kind: FileEventKind;
  detail: string;
}

export interface FileTask {
  index: number;
  /** Absolute path. */
  path: string;
  /** Workspace-relative path (used in findings and as the engine's ctx.path). */
  rel: string;
  /** Size in bytes when the walk knew it; undefined for plain files (the reader stats the open file). */
  size?: number;
  kind: ContentKind;
}
