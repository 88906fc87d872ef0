// The clawguard library: the same engine and capabilities the CLI uses.
export * from './core/types.js';
export * from './core/errors.js';
export { redactSecret, redactIn, redactSpans, shortHash } from './core/redact.js';
export { writeFileAtomic, BackupSet, restoreLatestBackup } from './core/atomic.js';
export { locateOpenClaw, type OpenClawPaths, type LocateOptions } from './core/openclaw/paths.js';
export { loadOpenClawConfig, getPath, type LoadedConfig, type JsonObject, type JsonValue } from './core/openclaw/config.js';
export { editJson5 } from './core/openclaw/json5-edit.js';
export { loadAllowlist, isAllowed, hostMatches } from './core/allowlist.js';
export { loadSuppressions, applySuppressions, type SuppressionRule } from './core/suppressions.js';
export { renderReport, type OutputFormat } from './core/render/index.js';
export { createReport } from './core/report.js';
export type { Rule, Match, ScanContext, ContentKind, RuleCategory } from './detect/types.js';
export { scanText, createStreamScanner, RULES, getRule, contentKindForPath, MAX_MATCH_LENGTH, type StreamScanner, type StreamScannerOptions } from './detect/index.js';
export type { RuleHit, RegionKind, RuleExample } from './detect/types.js';
export { runAudit, type AuditOptions, type AuditResult, type FixResult, type FixStatus } from './audit/index.js';
export { appendThreat, readThreats, DEFAULT_MONITOR_LOG_DIR, THREATS_FILE, type ThreatRecord, type ReadThreatsOptions } from './core/threat-log.js';
export { startMonitor, stopMonitor, monitorStatus, listThreats, caInfo, loadMonitorConfig, validateMonitorConfig, DEFAULT_MONITOR_CONFIG, type MonitorConfig, type MonitorHandle, type StartMonitorOptions, type MonitorStatus } from './monitor/index.js';
