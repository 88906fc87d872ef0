// The locked-down config `incident contain --lockdown` writes: exec denied, sandbox all/session, elevated off, groups on allowlist.
//
// Every key and value was checked against `openclaw config schema` of openclaw 2026.9.6: tools.exec.security
// (deny|allowlist|full), tools.exec.mode (deny|allowlist|ask|auto|full), tools.deny (string[]), tools.elevated.enabled
// (boolean), agents.defaults.sandbox.mode (off|non-main|all), .scope (session|agent|shared),
// channels.defaults.groupPolicy and channels.<id>.groupPolicy (open|disabled|allowlist).
import { getPath, isObject, type JsonObject, type JsonValue } from '../core/openclaw/config.js';

export interface ConfigChange {
  /** Dotted key path. */
  path: string[];
  value: JsonValue;
  /** The value before, for the report (never a secret: none of these keys hold one). */
  before: JsonValue | undefined;
}

/** Tools the lockdown adds to `tools.deny` (the runtime group: shell and background processes). */
export const LOCKDOWN_DENIED_TOOLS = ['exec', 'process'] as const;

function same(a: JsonValue | undefined, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The changes that lock `config` down; empty when it already is (idempotent). */
export function planLockdown(config: JsonObject): ConfigChange[] {
  const changes: ConfigChange[] = [];
  const set = (path: string[], value: JsonValue) => {
    const before = getPath(config, path);
    if (!same(before, value)) changes.push({ path, value, before });
  };
  set(['tools', 'exec', 'security'], 'deny');
  if (getPath(config, ['tools', 'exec', 'mode']) !== undefined) set(['tools', 'exec', 'mode'], 'deny');
  const deny = getPath(config, ['tools', 'deny']);
  const denyList = Array.isArray(deny) ? deny.filter((d): d is string => typeof d === 'string') : [];
  const missing = LOCKDOWN_DENIED_TOOLS.filter((t) => !denyList.includes(t));
  if (missing.length) set(['tools', 'deny'], [...denyList, ...missing]);
  set(['tools', 'elevated', 'enabled'], false);
  set(['agents', 'defaults', 'sandbox', 'mode'], 'all');
  set(['agents', 'defaults', 'sandbox', 'scope'], 'session');
  // Per-agent overrides win over defaults: lock them too where they loosen anything.
  const entries = getPath(config, ['agents', 'entries']);
  if (isObject(entries)) {
    for (const [id, entry] of Object.entries(entries)) {
      if (!isObject(entry)) continue;
      if (getPath(entry, ['sandbox', 'mode']) !== undefined) set(['agents', 'entries', id, 'sandbox', 'mode'], 'all');
      if (getPath(entry, ['sandbox', 'scope']) !== undefined) set(['agents', 'entries', id, 'sandbox', 'scope'], 'session');
      if (getPath(entry, ['tools', 'exec', 'security']) !== undefined) set(['agents', 'entries', id, 'tools', 'exec', 'security'], 'deny');
      if (getPath(entry, ['tools', 'elevated', 'enabled']) !== undefined) set(['agents', 'entries', id, 'tools', 'elevated', 'enabled'], false);
    }
  }
  set(['channels', 'defaults', 'groupPolicy'], 'allowlist');
  const channels = getPath(config, ['channels']);
  if (isObject(channels)) {
    for (const [id, ch] of Object.entries(channels)) {
      if (id === 'defaults' || !isObject(ch)) continue;
      if (ch.groupPolicy !== undefined && ch.groupPolicy !== 'allowlist' && ch.groupPolicy !== 'disabled') set(['channels', id, 'groupPolicy'], 'allowlist');
    }
  }
  return changes;
}
