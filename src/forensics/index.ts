// `clawguard forensics`: what an attacker made the agent do — every transcript source, streamed, linked to the inbound message behind each action.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { ClawguardError, describeError } from '../core/errors.js';
import { getPath, loadOpenClawConfig } from '../core/openclaw/config.js';
import { expandHome, locateOpenClaw } from '../core/openclaw/paths.js';
import { applySuppressions, loadSuppressions, SUPPRESSIONS_FILE } from '../core/suppressions.js';
import { sortFindings } from '../core/severity.js';
import { Analyzer, sortTimeline } from './analyze.js';
import { loadEngine } from './engine.js';
import { discoverSources, readSource, type ByteCounter } from './sources.js';
import type { ForensicsOptions, ForensicsResult, SourceStat } from './types.js';

export type { ForensicsOptions, ForensicsResult, TimelineEntry, SessionSummary, Trigger, SourceStat, Actor } from './types.js';
export { FORENSICS_RULES, type ForensicsRule } from './rules.js';
export { parseTimeBound } from './time.js';
export { renderTimelineText, renderTimelineMarkdown } from './render.js';

/** OpenClaw's default rolling log directory (src/logging/log-file-path.ts). */
export const DEFAULT_OPENCLAW_LOG_DIR = '/tmp/openclaw';
/** Corrupt records listed one by one per file before the rest are only counted. */
const CORRUPT_NOTES_PER_FILE = 5;

export async function runForensics(opts: ForensicsOptions): Promise<ForensicsResult> {
  const started = Date.now();
  const env = opts.env ?? process.env;
  const paths = locateOpenClaw({ stateDir: opts.stateDir, configPath: opts.configPath, profile: opts.profile, env });
  const notes: string[] = [];
  if (opts.since !== undefined && opts.until !== undefined && opts.since > opts.until) {
    throw new ClawguardError('CG_USAGE', '--since is later than --until: nothing can match.');
  }
  const stateExists = await fs.stat(paths.stateDir).then((s) => s.isDirectory()).catch(() => false);
  if (!stateExists && !(opts.extraFiles?.length)) {
    throw new ClawguardError('CG_NOT_FOUND', `OpenClaw state dir ${paths.stateDir} does not exist. Pass --state-dir (or --profile) to point at the install.`);
  }
  let configuredLogFile: string | undefined;
  try {
    const loaded = await loadOpenClawConfig(paths.configPath);
    const file = getPath(loaded.config, ['logging', 'file']);
    if (typeof file === 'string' && file.trim()) configuredLogFile = expandHome(file.trim(), paths.home);
  } catch (err) {
    notes.push(`Config ${paths.configPath} not readable (${describeError(err)}); a configured logging.file is not searched.`);
  }
  const engine = await loadEngine();
  const files = await discoverSources(
    {
      stateDir: paths.stateDir,
      agent: opts.agent,
      logDir: opts.logDir === undefined ? DEFAULT_OPENCLAW_LOG_DIR : opts.logDir,
      configuredLogFile,
      claudeHome: opts.claudeHome ?? paths.home,
      extraFiles: opts.extraFiles ?? [],
    },
    notes,
  );
  if (files.length === 0) notes.push(`No transcripts found under ${join(paths.stateDir, 'agents')} (nor claude-cli transcripts or gateway logs).`);
  const analyzer = new Analyzer(engine, { since: opts.since, until: opts.until, session: opts.session });
  const sources: SourceStat[] = [];
  const counter: ByteCounter = { bytes: 0 };
  const bytesTotal = files.reduce((sum, f) => sum + f.bytes, 0);
  let records = 0;
  let corruptTotal = 0;
  for (const file of files) {
    if (opts.signal?.aborted) {
      notes.push('Interrupted: the remaining sources were not read.');
      break;
    }
    const stat: SourceStat = { kind: file.kind, path: file.path, bytes: file.bytes, records: 0, corrupt: 0 };
    sources.push(stat);
    const fileNotes: string[] = [];
    try {
      for await (const item of readSource(file, counter, { session: opts.session }, fileNotes)) {
        if ('corrupt' in item) {
          stat.corrupt++;
          if (stat.corrupt <= CORRUPT_NOTES_PER_FILE) notes.push(`Corrupt record skipped at ${item.ref}: ${item.reason}`);
          continue;
        }
        stat.records++;
        analyzer.push(item);
        if (++records % 4096 === 0) {
          opts.onProgress?.(counter.bytes, bytesTotal);
          if (opts.signal?.aborted) break;
        }
      }
    } catch (err) {
      notes.push(`${file.path}: read failed (${describeError(err)}); the rest of the file was skipped.`);
    }
    analyzer.endSession();
    notes.push(...fileNotes);
    if (stat.corrupt > CORRUPT_NOTES_PER_FILE) notes.push(`${file.path}: ${stat.corrupt - CORRUPT_NOTES_PER_FILE} more corrupt records skipped.`);
    corruptTotal += stat.corrupt;
  }
  opts.onProgress?.(counter.bytes, bytesTotal);
  const rules = await loadSuppressions(join(paths.stateDir, SUPPRESSIONS_FILE)).catch((err: unknown) => {
    notes.push(`Suppressions file not used: ${describeError(err)}`);
    return [];
  });
  const { active, suppressed, expired } = applySuppressions(analyzer.findings, rules, join(paths.stateDir, SUPPRESSIONS_FILE));
  for (const r of expired) notes.push(`Suppression for ${r.ruleId} expired on ${r.expires}; it no longer applies.`);
  return {
    target: paths.stateDir,
    findings: sortFindings(active),
    suppressed: sortFindings(suppressed),
    notes,
    timeline: sortTimeline(analyzer.timeline),
    sessions: analyzer.sessions.sort((a, b) => a.agentId.localeCompare(b.agentId) || (a.firstTime ?? '').localeCompare(b.firstTime ?? '') || a.sessionId.localeCompare(b.sessionId)),
    sources,
    stats: { records, bytes: counter.bytes, durationMs: Date.now() - started, corrupt: corruptTotal },
  };
}
