// Walks transcript events session by session: links actions to the inbound message behind them, runs the engine and the forensics rules, tracks attack chains.
import { clipSnippet, redactIn, redactSecret, redactSpans, shortHash } from '../core/redact.js';
import { maxSeverity, severityRank } from '../core/severity.js';
import type { Finding, Severity } from '../core/types.js';
import type { ContentKind, Match } from '../detect/types.js';
import { classifyAction, findInjection, sendsCredentialFile, stripOpenClawWrapper, usesNetwork, type Action, type Hit } from './classify.js';
import type { Engine } from './engine.js';
import { parseInbound } from './inbound.js';
import {
  CONFIG_TAMPER,
  CREDENTIAL_READ,
  DOWNLOAD_AND_RUN,
  INJECTION_THEN_EXECUTION,
  INJECTION_THEN_EXFIL,
  LOG_SECRET,
  PERSISTENCE,
  PROMPT_INJECTION,
  REVERSE_SHELL,
  SECRET_EXFIL,
  SECRET_IN_TRANSCRIPT,
  type ForensicsRule,
} from './rules.js';
import type { Actor, SessionSummary, SourceStat, TimelineEntry, Trigger } from './types.js';

/** One record from a transcript source, tagged with where it came from. */
export interface SourceEvent {
  kind: SourceStat['kind'];
  agentId: string;
  sessionId: string;
  event: Record<string, unknown>;
  /** `file:line` or `db#session/seq`. */
  ref: string;
  file: string;
  line?: number;
  /** SQLite `created_at` (epoch ms), used when the event has no timestamp. */
  createdAt?: number;
  /** Channel the session is bound to (session_windows.channel / sessions.json). */
  channel?: string;
}

export interface AnalyzeWindow {
  since?: number;
  until?: number;
  session?: string;
}

/** Longest text scanned per tool result or argument (a fetched page can be megabytes). */
const MAX_SCAN_CHARS = 256 * 1024;
const MAX_ARGS_CHARS = 64 * 1024;
/** Engine rules that mean "text addressed to the agent" (a script that merely contains `curl | sh` is not one). */
const INSTRUCTION_RULES = new Set(['injection.prompt-override', 'injection.secret-exfil-instruction', 'injection.fake-prerequisite']);
/** Secrets remembered per run for redaction and reuse detection. */
const MAX_KNOWN_SECRETS = 2000;

interface CallInfo {
  tool: string;
  kind: Action['kind'];
}

interface ChainStep {
  ref: string;
  time: string;
  tool: string;
  evidence: string;
}

interface SessionState {
  key: string;
  agentId: string;
  sessionId: string;
  kind: SourceStat['kind'];
  summary: SessionSummary;
  triggers: Trigger[];
  /** Trigger indexes already shown in the timeline. */
  shownTriggers: Set<number>;
  /** Entry id → index of the inbound message it descends from (-1: none). */
  entryTrigger: Map<string, number>;
  lastTrigger: number;
  calls: Map<string, CallInfo>;
  injection?: ChainStep;
  credentialAfterInjection?: ChainStep;
  exfilChainReported: boolean;
  executionChainReported: boolean;
}

type SecretMatches = Match[];

/** A finding's rule fields, taken from the forensics rule that raised it (call sites override what differs). */
function fromRule(rule: ForensicsRule): { ruleId: string; severity: Severity; title: string; area: string; rule: ForensicsRule } {
  return { ruleId: rule.id, severity: rule.severity, title: rule.title, area: rule.area, rule };
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Joins every string leaf of a value, bounded. */
function stringLeaves(value: unknown, out: string[] = [], budget = { left: MAX_ARGS_CHARS }): string[] {
  if (budget.left <= 0) return out;
  if (typeof value === 'string') {
    out.push(value.slice(0, budget.left));
    budget.left -= value.length;
  } else if (Array.isArray(value)) {
    for (const v of value) stringLeaves(v, out, budget);
  } else if (isRecord(value)) {
    for (const v of Object.values(value)) stringLeaves(v, out, budget);
  }
  return out;
}

/** Text of a message content (`string` or `[{type:'text', text}]`, and Claude `tool_result` nesting). */
export function contentText(content: unknown, limit = MAX_SCAN_CHARS): string {
  if (typeof content === 'string') return content.slice(0, limit);
  if (!Array.isArray(content)) return '';
  let out = '';
  for (const item of content) {
    if (out.length >= limit) break;
    if (typeof item === 'string') out += `${item}\n`;
    else if (isRecord(item)) {
      if (typeof item.text === 'string') out += `${item.text}\n`;
      else if (item.type === 'tool_result') out += `${contentText(item.content, limit - out.length)}\n`;
    }
  }
  return out.slice(0, limit);
}

const PATCH_FILE = /^\*\*\* (?:Add|Update|Delete) File: (.+)$/m;

/** Reduces a tool call (OpenClaw or Claude Code naming) to an Action. */
export function toAction(name: string, rawArgs: unknown): Action {
  const args = isRecord(rawArgs) ? rawArgs : {};
  const argsText = stringLeaves(rawArgs).join(' ');
  const tool = name;
  const n = name.toLowerCase();
  const path = str(args.path) ?? str(args.file_path) ?? str(args.filePath) ?? str(args.file) ?? str(args.notebook_path);
  if (['exec', 'bash', 'shell', 'terminal', 'run_command', 'execute_command', 'bashexecution'].includes(n)) {
    return { tool, kind: 'exec', command: str(args.command) ?? str(args.cmd) ?? str(args.script) ?? argsText, argsText };
  }
  if (n === 'process') {
    // `process` manages background exec sessions; `write`/`send-keys` feed a live shell.
    const data = str(args.data) ?? str(args.input) ?? str(args.keys);
    return data ? { tool, kind: 'exec', command: data, argsText } : { tool, kind: 'other', argsText };
  }
  if (['read', 'ls', 'view_image', 'pdf', 'glob', 'grep', 'notebookread'].includes(n)) return { tool, kind: 'read', path, argsText };
  if (['write', 'edit', 'multiedit', 'notebookedit', 'apply_patch', 'str_replace_based_edit_tool'].includes(n)) {
    const edits = Array.isArray(args.edits) ? stringLeaves(args.edits).join('\n') : undefined;
    const patch = str(args.input) ?? str(args.patch);
    const patchPath = patch ? PATCH_FILE.exec(patch)?.[1]?.trim() : undefined;
    const content = str(args.content) ?? str(args.new_string) ?? str(args.newText) ?? str(args.file_text) ?? edits ?? patch;
    return { tool, kind: 'write', path: path ?? patchPath, content, argsText };
  }
  if (['web_fetch', 'webfetch', 'fetch', 'browser', 'http_request', 'web_search', 'websearch'].includes(n)) {
    return { tool, kind: 'fetch', url: str(args.url) ?? str(args.targetUrl) ?? str(args.href), content: str(args.query) ?? str(args.text), argsText };
  }
  if (['message', 'sessions_send', 'conversations_send', 'send_message', 'email', 'conversations_turn', 'tts'].includes(n)) {
    const content = str(args.message) ?? str(args.text) ?? str(args.content) ?? str(args.body) ?? str(args.caption) ?? argsText;
    return { tool, kind: 'send', content, argsText };
  }
  if ((n === 'gateway' || n === 'openclaw') && /\bconfig\.(?:set|patch|apply|write|unset)\b|\bconfig\s+(?:set|unset|apply|patch)\b/.test(argsText)) {
    return { tool, kind: 'config', argsText };
  }
  if (n === 'cron') return { tool, kind: 'cron', argsText };
  return { tool, kind: 'other', argsText };
}

function kindForPath(path: string | undefined): ContentKind {
  if (!path) return 'text';
  if (/\.(?:m?[jt]sx?|cjs)$/.test(path)) return 'code-js';
  if (/\.py$/.test(path)) return 'code-py';
  if (/\.(?:sh|bash|zsh)$|(?:^|\/)\.(?:bashrc|zshrc|profile|bash_profile)$/.test(path)) return 'shell';
  if (/\.(?:md|markdown)$/.test(path)) return 'markdown';
  if (/\.(?:json5?|ya?ml|toml|env|ini|conf)$|(?:^|\/)\.env(?:\.|$)/.test(path)) return 'config';
  return 'text';
}

function isoTime(event: Record<string, unknown>, createdAt: number | undefined): { iso: string; ms?: number } {
  const ts = event.timestamp;
  let ms: number | undefined;
  if (typeof ts === 'string') {
    const t = Date.parse(ts);
    if (!Number.isNaN(t)) ms = t;
  } else if (typeof ts === 'number' && Number.isFinite(ts)) ms = ts;
  if (ms === undefined && isRecord(event.message) && typeof event.message.timestamp === 'number') ms = event.message.timestamp;
  if (ms === undefined && isRecord(event._meta) && typeof event._meta.date === 'string') {
    const t = Date.parse(event._meta.date);
    if (!Number.isNaN(t)) ms = t;
  }
  if (ms === undefined && typeof event.time === 'string') {
    const t = Date.parse(event.time);
    if (!Number.isNaN(t)) ms = t;
  }
  if (ms === undefined && createdAt !== undefined) ms = createdAt;
  return ms === undefined ? { iso: '' } : { iso: new Date(ms).toISOString(), ms };
}

function emptySummary(agentId: string, sessionId: string, source: string, channel?: string): SessionSummary {
  return { agentId, sessionId, source, channel, inboundMessages: 0, toolCalls: 0, toolResults: 0, findings: { critical: 0, high: 0, warning: 0, info: 0 }, tools: {} };
}

/** Collects findings and timeline entries across every source; one instance per run. */
export class Analyzer {
  readonly findings: Finding[] = [];
  readonly timeline: TimelineEntry[] = [];
  readonly sessions: SessionSummary[] = [];
  private current?: SessionState;
  private readonly seen = new Set<string>();
  /**
   * Secrets seen anywhere in this run (cleartext → redacted form), held in memory only. A key printed by one tool
   * result and pasted into a later command is then redacted there and recognised as leaving, even when the engine
   * would not match it out of context (a bare AWS secret in a URL query).
   */
  private readonly knownSecrets = new Map<string, string>();

  constructor(
    private readonly engine: Engine,
    private readonly window: AnalyzeWindow,
  ) {}

  /** Feeds one event; events of one session must arrive together, in order. */
  push(src: SourceEvent): void {
    const key = `${src.kind}\0${src.file}\0${src.sessionId}`;
    if (!this.current || this.current.key !== key) {
      this.endSession();
      this.current = this.newSession(key, src);
    }
    const state = this.current;
    const event = src.event;
    if (event.type === 'session' && typeof event.id === 'string' && state.summary.toolCalls === 0 && state.summary.inboundMessages === 0) {
      state.sessionId = event.id;
      state.summary.sessionId = event.id;
    }
    if (this.window.session && state.sessionId !== this.window.session && src.sessionId !== this.window.session) return;
    const { iso, ms } = isoTime(event, src.createdAt);
    if (iso) {
      if (!state.summary.firstTime || iso < state.summary.firstTime) state.summary.firstTime = iso;
      if (!state.summary.lastTime || iso > state.summary.lastTime) state.summary.lastTime = iso;
    }
    const inWindow = (ms === undefined && this.window.since === undefined && this.window.until === undefined) || (ms !== undefined && (this.window.since === undefined || ms >= this.window.since) && (this.window.until === undefined || ms <= this.window.until));
    if (src.kind === 'log') this.onLogLine(state, src, iso, inWindow);
    else if (src.kind === 'claude-cli') this.onClaudeEvent(state, src, iso, inWindow);
    else this.onOpenClawEvent(state, src, iso, inWindow);
  }

  /** Closes the current session (call once after the last source). */
  endSession(): void {
    const s = this.current;
    if (!s) return;
    this.current = undefined;
    if (this.window.session && s.sessionId !== this.window.session) return;
    if (s.kind === 'log' && s.summary.findings.critical + s.summary.findings.high + s.summary.findings.warning + s.summary.findings.info === 0) return;
    this.sessions.push(s.summary);
  }

  private newSession(key: string, src: SourceEvent): SessionState {
    return {
      key,
      agentId: src.agentId,
      sessionId: src.sessionId,
      kind: src.kind,
      summary: emptySummary(src.agentId, src.sessionId, src.kind, src.channel),
      triggers: [],
      shownTriggers: new Set(),
      entryTrigger: new Map(),
      lastTrigger: -1,
      calls: new Map(),
      exfilChainReported: false,
      executionChainReported: false,
    };
  }

  // ---- OpenClaw transcript events -----------------------------------------------------------

  private onOpenClawEvent(state: SessionState, src: SourceEvent, iso: string, inWindow: boolean): void {
    const event = src.event;
    const id = str(event.id);
    const parentId = str(event.parentId);
    const parentTrigger = parentId !== undefined ? (state.entryTrigger.get(parentId) ?? state.lastTrigger) : state.lastTrigger;
    if (event.type === 'custom_message') {
      // Hook deliveries (gmail/webhook) arrive as custom messages: untrusted external content.
      const text = contentText(event.content);
      const t = this.addTrigger(state, id, iso, `hook:${str(event.customType) ?? 'custom'}`, undefined, text);
      if (id) state.entryTrigger.set(id, t);
      this.checkInjection(state, src, iso, inWindow, text, str(event.customType) ?? 'hook', t);
      return;
    }
    if (event.type !== 'message' || !isRecord(event.message)) {
      if (id) state.entryTrigger.set(id, parentTrigger);
      return;
    }
    const msg = event.message;
    const role = msg.role;
    if (role === 'user') {
      const text = contentText(msg.content, 16 * 1024);
      const info = parseInbound(text);
      const t = this.addTrigger(state, id, iso, info.channel ?? src.channel, info.sender, info.body);
      if (id) state.entryTrigger.set(id, t);
      return;
    }
    const trigger = parentTrigger;
    if (id) state.entryTrigger.set(id, trigger);
    if (role === 'assistant' && Array.isArray(msg.content)) {
      for (const item of msg.content) {
        if (!isRecord(item)) continue;
        if (item.type === 'toolCall' && typeof item.name === 'string') {
          const action = toAction(item.name, item.arguments);
          if (typeof item.id === 'string') state.calls.set(item.id, { tool: item.name, kind: action.kind });
          this.onAction(state, src, iso, inWindow, action, trigger, 'agent');
        } else if (item.type === 'text' && typeof item.text === 'string') {
          // A reply goes back to the channel the turn came from; webchat is the operator's own UI.
          const channel = src.channel ?? state.triggers[trigger]?.channel;
          if (channel && channel !== 'webchat') this.onReply(state, src, iso, inWindow, item.text, trigger, channel);
        }
      }
    } else if (role === 'toolResult') {
      const call = state.calls.get(str(msg.toolCallId) ?? '');
      this.onToolResult(state, src, iso, inWindow, str(msg.toolName) ?? call?.tool ?? 'tool', call?.kind, contentText(msg.content), trigger);
    } else if (role === 'bashExecution' && typeof msg.command === 'string') {
      // `!command` typed by the operator in the TUI: an operator action, still worth the same checks.
      this.onAction(state, src, iso, inWindow, { tool: 'bash', kind: 'exec', command: msg.command, argsText: msg.command }, trigger, 'operator');
      if (typeof msg.output === 'string') this.onToolResult(state, src, iso, inWindow, 'bash', 'exec', msg.output.slice(0, MAX_SCAN_CHARS), trigger);
    }
  }

  // ---- claude-cli (Claude Code) transcripts -------------------------------------------------

  private onClaudeEvent(state: SessionState, src: SourceEvent, iso: string, inWindow: boolean): void {
    const event = src.event;
    const id = str(event.uuid);
    const parentId = str(event.parentUuid);
    const parentTrigger = parentId !== undefined ? (state.entryTrigger.get(parentId) ?? state.lastTrigger) : state.lastTrigger;
    if (!isRecord(event.message)) {
      if (id) state.entryTrigger.set(id, parentTrigger);
      return;
    }
    const msg = event.message;
    const content = msg.content;
    if (event.type === 'user') {
      const results = Array.isArray(content) ? content.filter((c) => isRecord(c) && c.type === 'tool_result') : [];
      if (results.length === 0) {
        const text = contentText(content, 16 * 1024);
        const info = parseInbound(text);
        const t = this.addTrigger(state, id, iso, info.channel ?? src.channel ?? 'claude-cli', info.sender, info.body);
        if (id) state.entryTrigger.set(id, t);
        return;
      }
      if (id) state.entryTrigger.set(id, parentTrigger);
      for (const r of results) {
        const rec = r as Record<string, unknown>;
        const call = state.calls.get(str(rec.tool_use_id) ?? '');
        this.onToolResult(state, src, iso, inWindow, call?.tool ?? 'tool', call?.kind, contentText(rec.content), parentTrigger);
      }
      return;
    }
    if (id) state.entryTrigger.set(id, parentTrigger);
    if (event.type === 'assistant' && Array.isArray(content)) {
      for (const item of content) {
        if (!isRecord(item) || (item.type !== 'tool_use' && item.type !== 'server_tool_use') || typeof item.name !== 'string') continue;
        const action = toAction(item.name, item.input);
        if (typeof item.id === 'string') state.calls.set(item.id, { tool: item.name, kind: action.kind });
        this.onAction(state, src, iso, inWindow, action, parentTrigger, 'agent');
      }
    }
  }

  // ---- gateway JSONL logs -------------------------------------------------------------------

  private onLogLine(state: SessionState, src: SourceEvent, iso: string, inWindow: boolean): void {
    if (!inWindow) return;
    const e = src.event;
    let text = str(e.message) ?? '';
    if (!text) {
      const parts: string[] = [];
      for (let i = 0; i < 8 && e[String(i)] !== undefined; i++) {
        const v = e[String(i)];
        parts.push(typeof v === 'string' ? v : JSON.stringify(v));
      }
      text = parts.join(' ');
    }
    if (!text) return;
    const matches = this.engine.scan(text.slice(0, MAX_SCAN_CHARS), { kind: 'text' });
    const secrets = matches.filter((m) => m.category === 'secret');
    if (secrets.length === 0) return;
    const redacted = clipSnippet(redactSpans(text, secrets.map((m) => [m.start, m.end] as const)), 160);
    for (const m of dedupeMatches(secrets)) {
      this.emit(state, src, iso, {
        ...fromRule(LOG_SECRET),
        title: `${LOG_SECRET.title} (${m.title})`,
        evidence: m.evidence,
        summary: redacted,
        detail: `Rule ${m.ruleId} matched in a gateway log line.`,
        actor: 'gateway',
        tool: 'log',
        trigger: -1,
      });
    }
  }

  // ---- actions and results ------------------------------------------------------------------

  private remember(text: string, secrets: readonly Match[]): void {
    for (const m of secrets) {
      if (this.knownSecrets.size >= MAX_KNOWN_SECRETS) return;
      const value = text.slice(m.start, m.end);
      if (value.length >= 12 && !this.knownSecrets.has(value)) this.knownSecrets.set(value, m.evidence);
      // A match can span `name = value`; remember the value-like tokens too, they are what gets pasted elsewhere.
      for (const token of value.split(/[^A-Za-z0-9+/_.~-]+/)) {
        if (token.length >= 16 && token !== value && !/^[a-z_]+$/.test(token) && !this.knownSecrets.has(token)) this.knownSecrets.set(token, redactSecret(token));
      }
    }
  }

  /** Known secrets that occur in `text`. */
  private knownIn(text: string): string[] {
    if (this.knownSecrets.size === 0 || !text) return [];
    const out: string[] = [];
    for (const secret of this.knownSecrets.keys()) if (text.includes(secret)) out.push(secret);
    return out;
  }

  private redactKnown(text: string): string {
    let out = text;
    for (const secret of this.knownIn(text)) out = redactIn(out, secret);
    return out;
  }

  private sanitize(text: string): string {
    if (!text) return text;
    const secrets = this.engine.scan(text, { kind: 'text' }).filter((m) => m.category === 'secret' && !/…\(\d+, sha256:[0-9a-f]{8}\)/.test(text.slice(m.start, m.end + 24)));
    return this.redactKnown(redactSpans(text, secrets.map((m) => [m.start, m.end] as const)));
  }

  private onAction(state: SessionState, src: SourceEvent, iso: string, inWindow: boolean, action: Action, trigger: number, actor: Actor): void {
    state.summary.toolCalls++;
    state.summary.tools[action.tool] = (state.summary.tools[action.tool] ?? 0) + 1;
    const scanned = this.scanAction(action);
    const secrets = scanned.filter((m) => m.category === 'secret');
    const field = action.kind === 'exec' ? action.command : action.kind === 'fetch' ? (action.url ?? action.content) : action.content;
    if (field) this.remember(field, secrets);
    const reused = this.knownIn(action.argsText);
    const redact = (text: string) => clipSnippet(this.redactKnown(redactSpans(text, secretsIn(text, secrets, action))), 200);
    const summary = describeAction(action, redact);
    // Classify on the redacted text: paths and verbs survive, secrets never reach the evidence.
    const redactedAction: Action = {
      ...action,
      command: action.command !== undefined ? this.redactKnown(redactSpans(action.command, secretsIn(action.command, secrets, action))) : undefined,
      argsText: redact(action.argsText),
    };
    const hits = classifyAction(redactedAction);
    const outbound = isOutbound(action);
    const credPath = action.kind === 'exec' && action.command ? sendsCredentialFile(action.command) : undefined;
    if (outbound && (secrets.length > 0 || reused.length > 0 || credPath)) {
      const ev = secrets[0]?.evidence || (reused[0] && this.knownSecrets.get(reused[0])) || credPath || '';
      hits.push({ rule: SECRET_EXFIL, match: ev });
    } else if (secrets.length > 0) {
      hits.push({ rule: SECRET_IN_TRANSCRIPT, match: secrets[0].evidence, severity: 'warning' });
    }
    if (!inWindow) {
      this.trackChain(state, src, iso, hits, action, summary, trigger, false);
      return;
    }
    // Engine findings first; a forensics rule that only repeats one of them on the same action is dropped.
    const engineIds = new Set<string>();
    for (const m of dedupeMatches(scanned)) {
      if (m.category === 'secret') continue; // reported as exfiltration or secret-in-transcript above
      if (m.severity === 'info') continue; // context (an external URL), not an incident; keeps a big run readable
      if (action.kind === 'read' || (action.kind === 'write' && m.category === 'exfil')) continue;
      engineIds.add(m.ruleId);
      this.emit(state, src, iso, {
        ruleId: m.ruleId,
        severity: m.severity,
        title: m.title,
        area: m.category,
        evidence: m.evidence,
        summary,
        detail: `Rule ${m.ruleId} matched the ${action.tool} call${m.decodedBy.length ? ` (after decoding ${m.decodedBy.join(' → ')})` : ''}.`,
        actor,
        tool: action.tool,
        trigger,
      });
    }
    for (const hit of hits) {
      if (hit.rule.sameAs?.some((id) => engineIds.has(id))) continue;
      this.emit(state, src, iso, {
        ...fromRule(hit.rule),
        severity: hit.severity ?? hit.rule.severity,
        evidence: clipSnippet(hit.match, 160),
        summary,
        detail: `The ${action.tool} call matched ${hit.rule.id}.`,
        actor,
        tool: action.tool,
        trigger,
      });
    }
    this.trackChain(state, src, iso, hits, action, summary, trigger, true, engineIds);
  }

  private onReply(state: SessionState, src: SourceEvent, iso: string, inWindow: boolean, text: string, trigger: number, channel: string): void {
    if (!inWindow) return;
    const secrets = this.engine.scan(text.slice(0, MAX_SCAN_CHARS), { kind: 'text', direction: 'outbound' }).filter((m) => m.category === 'secret');
    this.remember(text, secrets);
    if (secrets.length === 0) return;
    const summary = `reply to ${channel}: ${clipSnippet(redactSpans(text, secrets.map((m) => [m.start, m.end] as const)), 160)}`;
    this.emit(state, src, iso, {
      ...fromRule(SECRET_EXFIL),
      severity: 'high',
      title: `${SECRET_EXFIL.title} (in a channel reply)`,
      evidence: secrets[0].evidence,
      summary,
      detail: `The agent's reply on ${channel} contained ${secrets[0].title}.`,
      actor: 'agent',
      tool: 'reply',
      trigger,
    });
  }

  private onToolResult(state: SessionState, src: SourceEvent, iso: string, inWindow: boolean, tool: string, kind: Action['kind'] | undefined, text: string, trigger: number): void {
    state.summary.toolResults++;
    if (!text) return;
    // Untrusted content: fetched pages, messages read from channels, and files the agent read.
    const untrusted = kind === 'fetch' || kind === 'read' || kind === 'other' || kind === undefined;
    const body = stripOpenClawWrapper(text);
    const matches = this.engine.scan(body, { kind: kind === 'fetch' ? 'markdown' : 'text', direction: 'inbound' });
    const secrets = matches.filter((m) => m.category === 'secret');
    this.remember(body, secrets);
    if (secrets.length > 0) {
      const step = { ref: src.ref, time: iso, tool, evidence: secrets[0].evidence };
      if (state.injection && !state.credentialAfterInjection) state.credentialAfterInjection = step;
      if (inWindow) {
        this.emit(state, src, iso, {
          ...fromRule(SECRET_IN_TRANSCRIPT),
          title: `${SECRET_IN_TRANSCRIPT.title}: ${secrets[0].title}`,
          evidence: secrets[0].evidence,
          summary: `${tool} result contained ${dedupeMatches(secrets).map((m) => m.title).join(', ')}`,
          detail: `The output of ${tool} put ${secrets.length} secret(s) into the model context and the session store.`,
          actor: 'tool',
          tool,
          trigger,
        });
      }
    }
    if (untrusted) this.checkInjection(state, src, iso, inWindow, body, tool, trigger, matches);
  }

  private checkInjection(state: SessionState, src: SourceEvent, iso: string, inWindow: boolean, body: string, tool: string, trigger: number, matches?: Match[]): void {
    const hit = findInjection(body);
    const engineHit = (matches ?? []).find((m) => INSTRUCTION_RULES.has(m.ruleId));
    if (!hit && !engineHit) return;
    const evidence = hit ? clipSnippet(hit.match, 160) : (engineHit?.evidence ?? '');
    state.injection ??= { ref: src.ref, time: iso, tool, evidence };
    if (!inWindow) return;
    this.emit(state, src, iso, {
      ...fromRule(PROMPT_INJECTION),
      evidence,
      summary: `${tool} result carried instructions for the agent`,
      detail: `Content returned by ${tool} tries to steer the agent${engineHit ? ` (engine: ${engineHit.ruleId})` : ''}.`,
      actor: 'tool',
      tool,
      trigger,
    });
  }

  private trackChain(state: SessionState, src: SourceEvent, iso: string, hits: Hit[], action: Action, summary: string, trigger: number, inWindow: boolean, engineIds = new Set<string>()): void {
    const inj = state.injection;
    if (!inj) return;
    const ids = new Set([...hits.map((h) => h.rule.id), ...engineIds]);
    const step = { ref: src.ref, time: iso, tool: action.tool, evidence: summary };
    const readsCredential = ids.has(CREDENTIAL_READ.id) || [...engineIds].some((id) => (CREDENTIAL_READ.sameAs ?? []).includes(id));
    if (readsCredential && !state.credentialAfterInjection) state.credentialAfterInjection = step;
    const sends = isOutbound(action) || ids.has(SECRET_EXFIL.id);
    const cred = state.credentialAfterInjection ?? (ids.has(SECRET_EXFIL.id) ? step : undefined);
    if (sends && cred && !state.exfilChainReported && (cred !== step || ids.has(SECRET_EXFIL.id))) {
      state.exfilChainReported = true;
      if (inWindow) {
        this.emit(state, src, iso, {
          ...fromRule(INJECTION_THEN_EXFIL),
          evidence: clipSnippet(summary, 160),
          summary: `chain: injection via ${inj.tool} (${inj.ref}) → credential read by ${cred.tool} (${cred.ref}) → send by ${action.tool}`,
          detail: `Injected text "${inj.evidence}" at ${inj.time || inj.ref}; credential access at ${cred.time || cred.ref} (${cred.evidence}); outbound ${action.tool} at ${iso || src.ref}.`,
          actor: 'agent',
          tool: action.tool,
          trigger,
        });
      }
    }
    const executes = [DOWNLOAD_AND_RUN.id, REVERSE_SHELL.id, PERSISTENCE.id, CONFIG_TAMPER.id, 'injection.pipe-to-shell', 'injection.reverse-shell', 'injection.persistence', 'injection.ssh-key-inject'].find((id) => ids.has(id));
    if (executes && !state.executionChainReported) {
      state.executionChainReported = true;
      if (inWindow) {
        this.emit(state, src, iso, {
          ...fromRule(INJECTION_THEN_EXECUTION),
          evidence: clipSnippet(summary, 160),
          summary: `chain: injection via ${inj.tool} (${inj.ref}) → ${executes} by ${action.tool}`,
          detail: `Injected text "${inj.evidence}" at ${inj.time || inj.ref} was followed by ${executes} at ${iso || src.ref}.`,
          actor: 'agent',
          tool: action.tool,
          trigger,
        });
      }
    }
  }

  private scanAction(action: Action): Match[] {
    const out: Match[] = [];
    const scan = (text: string | undefined, kind: ContentKind, direction?: 'outbound' | 'inbound', path?: string) => {
      if (!text) return;
      for (const m of this.engine.scan(text.slice(0, MAX_SCAN_CHARS), { kind, direction, path })) out.push(m);
    };
    switch (action.kind) {
      case 'exec':
        scan(action.command, 'shell', 'outbound');
        break;
      case 'write':
        scan(action.content, kindForPath(action.path), undefined, action.path);
        break;
      case 'fetch':
        scan(action.url, 'url', 'outbound');
        scan(action.content, 'text', 'outbound');
        break;
      case 'send':
        scan(action.content, 'text', 'outbound');
        break;
      case 'read':
        break;
      default:
        scan(action.argsText, 'text');
    }
    return out;
  }

  // ---- output -------------------------------------------------------------------------------

  private addTrigger(state: SessionState, entryId: string | undefined, iso: string, channel: string | undefined, sender: string | undefined, body: string): number {
    state.summary.inboundMessages++;
    if (channel && !state.summary.channel) state.summary.channel = channel;
    // Only the excerpt is shown, so only its neighbourhood is scanned (a secret cut by the clip is still caught whole).
    const head = body.slice(0, 512);
    const secrets = this.engine.scan(head, { kind: 'text' }).filter((m) => m.category === 'secret');
    this.remember(head, secrets);
    const excerpt = clipSnippet(this.redactKnown(redactSpans(head, secrets.map((m) => [m.start, m.end] as const))), 120);
    state.triggers.push({ entryId, time: iso || undefined, channel, sender, excerpt });
    state.lastTrigger = state.triggers.length - 1;
    return state.lastTrigger;
  }

  private emit(
    state: SessionState,
    src: SourceEvent,
    iso: string,
    f: { ruleId: string; severity: Severity; title: string; area: string; evidence: string; summary: string; detail: string; actor: Actor; tool: string; trigger: number; rule?: ForensicsRule },
  ): void {
    // Last line of defence: whatever a summary or detail was built from, no secret leaves in clear.
    f = { ...f, summary: this.sanitize(f.summary), evidence: this.sanitize(f.evidence), detail: this.sanitize(f.detail) };
    const fingerprint = shortHash(`${f.ruleId}\0${src.ref}\0${f.evidence}`, 16);
    if (this.seen.has(fingerprint)) return;
    this.seen.add(fingerprint);
    const trigger = f.trigger >= 0 ? state.triggers[f.trigger] : undefined;
    if (trigger && f.trigger >= 0 && !state.shownTriggers.has(f.trigger)) {
      state.shownTriggers.add(f.trigger);
      this.timeline.push({
        time: trigger.time ?? '',
        agentId: state.agentId,
        sessionId: state.sessionId,
        actor: 'inbound',
        tool: 'message',
        summary: `${trigger.channel ?? 'unknown channel'}${trigger.sender ? ` from ${trigger.sender}` : ''}: ${trigger.excerpt}`,
        ruleIds: [],
        ref: trigger.entryId ? `${state.sessionId}#${trigger.entryId}` : state.sessionId,
      });
    }
    const led = trigger ? ` Led by the ${trigger.channel ?? 'inbound'} message${trigger.sender ? ` from ${trigger.sender}` : ''}${trigger.time ? ` at ${trigger.time}` : ''}: "${trigger.excerpt}".` : '';
    const location = src.line !== undefined ? { file: src.file, line: src.line, ref: `session ${state.sessionId}` } : { file: src.file, ref: src.ref };
    this.findings.push({
      ruleId: f.ruleId,
      severity: f.severity,
      title: f.title,
      message: `${f.summary} — ${f.detail}${led}`,
      area: f.area,
      location,
      evidence: f.evidence,
      remediation: f.rule?.remediation,
      docs: f.rule?.docs ?? `docs/rules/${f.ruleId}.md`,
      fingerprint,
    });
    state.summary.findings[f.severity]++;
    const last = this.timeline[this.timeline.length - 1];
    if (last && last.ref === src.ref && last.actor !== 'inbound' && last.tool === f.tool) {
      if (!last.ruleIds.includes(f.ruleId)) last.ruleIds.push(f.ruleId);
      last.severity = last.severity ? maxSeverity(last.severity, f.severity) : f.severity;
      return;
    }
    this.timeline.push({
      time: iso,
      agentId: state.agentId,
      sessionId: state.sessionId,
      actor: f.actor,
      tool: f.tool,
      summary: f.summary,
      severity: f.severity,
      ruleIds: [f.ruleId],
      evidence: f.evidence,
      trigger,
      ref: src.ref,
    });
  }
}

function isOutbound(action: Action): boolean {
  if (action.kind === 'send' || action.kind === 'fetch') return true;
  return action.kind === 'exec' && !!action.command && usesNetwork(action.command);
}

function secretsIn(text: string, secrets: SecretMatches, action: Action): Array<readonly [number, number]> {
  // Engine offsets refer to the scanned field; map by searching the same field, else redact nothing here.
  const field = action.kind === 'exec' ? action.command : action.kind === 'fetch' ? action.url : action.kind === 'write' || action.kind === 'send' ? action.content : action.argsText;
  if (field === text) return secrets.map((m) => [m.start, m.end] as const);
  const spans: Array<readonly [number, number]> = [];
  if (field) {
    for (const m of secrets) {
      const secret = field.slice(m.start, m.end);
      for (let i = secret ? text.indexOf(secret) : -1; i >= 0; i = text.indexOf(secret, i + secret.length)) spans.push([i, i + secret.length]);
    }
  }
  return spans;
}

function describeAction(action: Action, redact: (t: string) => string): string {
  switch (action.kind) {
    case 'exec':
      return `$ ${redact(action.command ?? '')}`;
    case 'read':
      return `read ${action.path ?? redact(action.argsText)}`;
    case 'write':
      return `write ${action.path ?? '?'}${action.content ? ` (${action.content.length} chars)` : ''}`;
    case 'fetch':
      return `${action.tool} ${redact(action.url ?? action.content ?? action.argsText)}`;
    case 'send':
      return `${action.tool}: ${redact(action.content ?? '')}`;
    default:
      return `${action.tool} ${redact(action.argsText)}`;
  }
}

function dedupeMatches(matches: Match[]): Match[] {
  const seen = new Set<string>();
  return matches.filter((m) => {
    const k = `${m.ruleId}\0${m.hash}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function sortTimeline(entries: TimelineEntry[]): TimelineEntry[] {
  return entries.sort((a, b) => a.agentId.localeCompare(b.agentId) || a.sessionId.localeCompare(b.sessionId) || a.time.localeCompare(b.time) || (a.actor === 'inbound' ? -1 : 0) - (b.actor === 'inbound' ? -1 : 0) || severityRank(a.severity ?? 'info') - severityRank(b.severity ?? 'info'));
}
