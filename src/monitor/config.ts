// Monitor configuration: the ClawSec seed's JSON keys and defaults, plus mode, allowlist and upstream CA.
import { readFile } from 'node:fs/promises';
import { ClawguardError, ConfigParseError, hasErrnoCode } from '../core/errors.js';
import { DEFAULT_MONITOR_LOG_DIR } from '../core/threat-log.js';

export type MonitorMode = 'observe' | 'enforce';
export type LogLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';

/** The monitor's settings. Every key is optional in the file; defaults are the seed's. */
export interface MonitorConfig {
  /** Address the forward proxy listens on. */
  proxy_host: string;
  /** Port of the forward proxy (0 = any free port). */
  proxy_port: number;
  /** Port of the gateway forward (inspected) on 127.0.0.1; 0 = any free port. */
  gateway_local_port: number;
  /** Port of the real OpenClaw gateway on 127.0.0.1 that the gateway forward relays to. */
  gateway_target_port: number;
  /** Directory of ca.crt/ca.key, threats.jsonl, clawsec.log and the pid file. */
  log_dir: string;
  log_level: LogLevel;
  /** Bytes scanned per message (request or response body, WebSocket message direction), after decoding. */
  max_scan_bytes: number;
  /** Intercept HTTPS (CONNECT) with the local CA; false = blind tunnels that only log destinations. */
  enable_mitm: boolean;
  /** Seconds during which the same (pattern, dest, direction) is logged once. */
  dedup_window_secs: number;
  /** `observe` logs; `enforce` also refuses requests carrying secrets and CONNECTs outside the allowlist. */
  mode: MonitorMode;
  /** JSON allowlist (`{"domains": [...]}`, the egress format) added to the built-in safe domains; enforce mode only. */
  allowlist_file: string | null;
  /** Extra PEM CA bundle trusted for upstream TLS (besides the system store and NODE_EXTRA_CA_CERTS). */
  upstream_ca_file: string | null;
}

export const DEFAULT_MONITOR_CONFIG: Readonly<MonitorConfig> = Object.freeze({
  proxy_host: '127.0.0.1',
  proxy_port: 8888,
  gateway_local_port: 18790,
  gateway_target_port: 18789,
  log_dir: DEFAULT_MONITOR_LOG_DIR,
  log_level: 'INFO',
  max_scan_bytes: 65536,
  enable_mitm: true,
  dedup_window_secs: 60,
  mode: 'observe',
  allowlist_file: null,
  upstream_ca_file: null,
});

const LOG_LEVELS: readonly LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];
const MODES: readonly MonitorMode[] = ['observe', 'enforce'];

type Validator = (v: unknown) => unknown;

function port(allowZero: boolean): Validator {
  return (v) => (Number.isInteger(v) && (v as number) >= (allowZero ? 0 : 1) && (v as number) <= 65535 ? v : undefined);
}
const nonEmptyString: Validator = (v) => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const optionalPath: Validator = (v) => (v === null ? null : nonEmptyString(v));

const VALIDATORS: Record<keyof MonitorConfig, [Validator, string]> = {
  proxy_host: [nonEmptyString, 'a host name or IP address'],
  proxy_port: [port(true), 'an integer port 0-65535'],
  gateway_local_port: [port(true), 'an integer port 0-65535'],
  gateway_target_port: [port(false), 'an integer port 1-65535'],
  log_dir: [nonEmptyString, 'a directory path'],
  log_level: [(v) => (typeof v === 'string' && LOG_LEVELS.includes(v.toUpperCase() as LogLevel) ? v.toUpperCase() : undefined), LOG_LEVELS.join(', ')],
  max_scan_bytes: [(v) => (Number.isInteger(v) && (v as number) >= 1024 && (v as number) <= 64 * 1024 * 1024 ? v : undefined), 'an integer between 1024 and 67108864'],
  enable_mitm: [(v) => (typeof v === 'boolean' ? v : undefined), 'true or false'],
  dedup_window_secs: [(v) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 86400 ? v : undefined), 'a number of seconds 0-86400'],
  mode: [(v) => (typeof v === 'string' && MODES.includes(v as MonitorMode) ? v : undefined), MODES.join(' or ')],
  allowlist_file: [optionalPath, 'a file path or null'],
  upstream_ca_file: [optionalPath, 'a file path or null'],
};

/**
 * Validates a parsed config object against the known keys; unknown keys and bad values throw
 * CG_CONFIG_INVALID naming the key (exit 78). `where` names the source in messages.
 */
export function validateMonitorConfig(raw: unknown, where = 'monitor config'): MonitorConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ClawguardError('CG_CONFIG_INVALID', `${where}: expected a JSON object of settings.`);
  }
  const out: MonitorConfig = { ...DEFAULT_MONITOR_CONFIG };
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const spec = (VALIDATORS as Record<string, [Validator, string] | undefined>)[key];
    if (!spec) {
      throw new ClawguardError('CG_CONFIG_INVALID', `${where}: unknown key "${key}" (known: ${Object.keys(VALIDATORS).join(', ')}).`);
    }
    const checked = spec[0](value);
    if (checked === undefined) {
      throw new ClawguardError('CG_CONFIG_INVALID', `${where}: "${key}" must be ${spec[1]}, got ${JSON.stringify(value)}.`);
    }
    (out as unknown as Record<string, unknown>)[key] = checked;
  }
  return out;
}

/** Reads a JSON config file (missing file: CG_NOT_FOUND; bad JSON: CG_CONFIG_PARSE). */
export async function loadMonitorConfig(file: string | undefined): Promise<MonitorConfig> {
  if (file === undefined) return { ...DEFAULT_MONITOR_CONFIG };
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) throw new ClawguardError('CG_NOT_FOUND', `Monitor config ${file} does not exist.`);
    throw new ClawguardError('CG_IO', `Cannot read monitor config ${file}: ${(err as Error).message}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ConfigParseError(file, (err as Error).message, undefined, undefined, { cause: err });
  }
  return validateMonitorConfig(parsed, file);
}
