// clawguard monitor: start the inspecting proxy, and the status/stop/threats/ca helpers around its log dir.
import { readFileSync } from 'node:fs';
import { lstat, mkdir, readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { BUILTIN_SAFE_DOMAINS, normalizeHost, validateAllowlistEntry, type Allowlist } from '../core/allowlist.js';
import { writeFileAtomic } from '../core/atomic.js';
import { ClawguardError, describeError, hasErrnoCode } from '../core/errors.js';
import { readThreats, threatLogPath, type ThreatRecord } from '../core/threat-log.js';
import { caPaths, ensureCa, LeafCertCache, loadUpstreamTrust, type LocalCa } from './ca.js';
import type { MonitorConfig } from './config.js';
import { Inspector, loadDetector, type Detector } from './inspect.js';
import { OpLog } from './oplog.js';
import { MonitorProxy, type ProxyLimits } from './proxy.js';

export { DEFAULT_MONITOR_CONFIG, loadMonitorConfig, validateMonitorConfig, type MonitorConfig, type MonitorMode, type LogLevel } from './config.js';
export { SEED_PATTERNS, SEED_PATTERN_BY_RULE, patternForRule } from './patterns.js';
export { ConnectionAborted, DEFAULT_LIMITS, type ProxyLimits } from './proxy.js';
export type { Detector } from './inspect.js';

export const PID_FILE = 'clawsec.pid';
export const STATE_FILE = 'monitor.json';

export interface StartMonitorOptions {
  config: MonitorConfig;
  env: NodeJS.ProcessEnv;
  /** The detect engine; default: the built-in one (null disables detection, for plumbing tests). */
  detector?: Detector | null;
  /** Copies operational log lines (foreground mode prints them to stderr). */
  mirror?: (line: string) => void;
  /** Run the gateway port forward (default true). */
  gateway?: boolean;
  limits?: Partial<ProxyLimits>;
  /** Write the pid and state files (default true; tests embedding the proxy turn it off). */
  writePidFile?: boolean;
  /** Called for every threat logged or blocked. */
  onThreat?: (rec: ThreatRecord) => void;
}

/** What `monitor.json` holds while a monitor runs. */
export interface MonitorState {
  pid: number;
  /** `host:port` of the forward proxy. */
  proxy: string;
  /** `127.0.0.1:port` of the gateway forward, and its target. */
  gateway: string | null;
  gatewayTarget: string | null;
  mitm: boolean;
  mode: MonitorConfig['mode'];
  caPath: string | null;
  detection: boolean;
  startedAt: string;
  logDir: string;
}

export interface MonitorHandle {
  proxy: AddressInfo;
  gateway: AddressInfo | null;
  ca: LocalCa | null;
  state: MonitorState;
  inspector: Inspector;
  server: MonitorProxy;
  leafCache: LeafCertCache | null;
  /** Stops listening, closes connections, flushes the threat log, removes the pid file. */
  close(): Promise<void>;
}

/** Starts the proxy (and gateway forward) and returns once listening. The one entry point of the monitor. */
export async function startMonitor(opts: StartMonitorOptions): Promise<MonitorHandle> {
  const { config } = opts;
  await mkdir(config.log_dir, { recursive: true, mode: 0o700 });
  await checkLogDir(config.log_dir);
  const writePid = opts.writePidFile !== false;
  if (writePid) {
    const running = await readRunningState(config.log_dir);
    if (running) {
      throw new ClawguardError('CG_REFUSED', `A monitor already runs with log_dir ${config.log_dir} (pid ${running.pid}, ${running.proxy}). Run: clawguard monitor stop`);
    }
  }
  const oplog = new OpLog(config.log_dir, config.log_level, { mirror: opts.mirror });
  const detector = opts.detector === undefined ? await loadDetector() : opts.detector;
  if (!detector) oplog.warn('detection engine not available: traffic is proxied and destinations logged, but not scanned');
  const ca = config.enable_mitm ? await ensureCa(config.log_dir) : null;
  if (ca?.created) oplog.info(`created CA ${ca.certPath} (sha256 ${ca.fingerprint256}); trust it with: clawguard monitor ca`);
  const trust = await loadUpstreamTrust(opts.env, config.upstream_ca_file);
  const allowlist = config.mode === 'enforce' ? await loadMonitorAllowlist(config.allowlist_file) : null;
  const inspector = new Inspector({
    detector,
    logDir: config.log_dir,
    maxScanBytes: config.max_scan_bytes,
    dedupWindowSecs: config.dedup_window_secs,
    onThreat: (rec) => {
      oplog.warn(`${rec.action === 'blocked' ? 'BLOCKED' : 'THREAT'} ${rec.threat_type} ${rec.pattern} ${rec.direction} ${rec.protocol} ${rec.dest} from ${rec.source}: ${rec.snippet}`);
      opts.onThreat?.(rec);
    },
    onError: (err) => oplog.error(`cannot write ${threatLogPath(config.log_dir)}: ${describeError(err)}`),
    onOffloadError: (err) => oplog.warn(`scan worker failed (${describeError(err)}): big bodies are scanned on the proxy thread from now on`),
  });
  const leafCache = ca ? new LeafCertCache(ca) : null;
  const server = new MonitorProxy({
    config,
    inspector,
    oplog,
    leafCache,
    upstreamCa: trust.ca,
    allowlist,
    limits: opts.limits,
    gateway: opts.gateway,
  });
  const addr = await server.listen();
  const state: MonitorState = {
    pid: process.pid,
    proxy: `${addr.proxy.address}:${addr.proxy.port}`,
    gateway: addr.gateway ? `${addr.gateway.address}:${addr.gateway.port}` : null,
    gatewayTarget: addr.gateway ? `127.0.0.1:${config.gateway_target_port}` : null,
    mitm: ca !== null,
    mode: config.mode,
    caPath: ca?.certPath ?? null,
    detection: detector !== null,
    startedAt: new Date().toISOString(),
    logDir: config.log_dir,
  };
  if (writePid) {
    await writeFileAtomic(join(config.log_dir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
    await writeFileAtomic(join(config.log_dir, PID_FILE), `${process.pid}\n`, { mode: 0o600 });
  }
  oplog.info(
    `listening on ${state.proxy} (MITM ${state.mitm ? 'on' : 'off'}, mode ${state.mode}, detection ${state.detection ? 'on' : 'OFF'})` +
      `${state.gateway ? `; gateway forward ${state.gateway} -> ${state.gatewayTarget}` : ''}; upstream trust: ${trust.sources.join(', ')}`,
  );
  let closed = false;
  return {
    proxy: addr.proxy,
    gateway: addr.gateway,
    ca,
    state,
    inspector,
    server,
    leafCache,
    async close() {
      if (closed) return;
      closed = true;
      await server.close();
      await inspector.close();
      await inspector.flush();
      if (writePid) await removeStateFiles(config.log_dir, process.pid);
      oplog.info('stopped');
      oplog.close();
    },
  };
}

/**
 * The log dir holds the CA key and the threat log, and its default lives in shared /tmp: refuse a
 * symlink, a directory owned by another user, or one that group/others can write (they could plant
 * a CA key or swap files).
 */
export async function checkLogDir(dir: string): Promise<void> {
  const st = await lstat(dir);
  if (st.isSymbolicLink() || !st.isDirectory()) {
    throw new ClawguardError('CG_PERMISSION_DENIED', `Refusing log_dir ${dir}: it is a symlink or not a directory. Use a directory you own (--log-dir).`);
  }
  const uid = typeof process.getuid === 'function' ? process.getuid() : undefined;
  if (uid !== undefined && st.uid !== uid) {
    throw new ClawguardError('CG_PERMISSION_DENIED', `Refusing log_dir ${dir}: owned by uid ${st.uid}, not by you (uid ${uid}). Use a directory you own (--log-dir).`);
  }
  if ((st.mode & 0o022) !== 0) {
    throw new ClawguardError('CG_PERMISSION_DENIED', `Refusing log_dir ${dir}: writable by group or others (mode ${(st.mode & 0o777).toString(8)}). Run: chmod 700 ${dir}`);
  }
}

/** Reads a monitor allowlist file (`{"domains": [...]}` or an array, the egress format) on top of the built-ins. */
export async function loadMonitorAllowlist(file: string | null): Promise<Allowlist> {
  if (!file) return { builtin: BUILTIN_SAFE_DOMAINS, custom: [], file: '' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) throw new ClawguardError('CG_CONFIG_INVALID', `allowlist_file ${file} does not exist.`);
    throw new ClawguardError('CG_CONFIG_INVALID', `allowlist_file ${file} cannot be read: ${describeError(err)}`, { cause: err });
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { domains?: unknown } | null)?.domains;
  if (!Array.isArray(list)) throw new ClawguardError('CG_CONFIG_INVALID', `allowlist_file ${file}: expected {"domains": ["example.com", ...]}.`);
  const custom: string[] = [];
  for (const d of list) {
    if (typeof d !== 'string') throw new ClawguardError('CG_CONFIG_INVALID', `allowlist_file ${file}: entries must be strings, got ${JSON.stringify(d)}.`);
    try {
      custom.push(normalizeHost(validateAllowlistEntry(d)));
    } catch (err) {
      throw new ClawguardError('CG_CONFIG_INVALID', `allowlist_file ${file}: ${describeError(err)}`);
    }
  }
  return { builtin: BUILTIN_SAFE_DOMAINS, custom, file };
}

// ---- status / stop / threats / ca ----------------------------------------------------------------

export interface MonitorStatus {
  running: boolean;
  logDir: string;
  state: MonitorState | null;
  /** The newest threats, newest last. */
  recent: ThreatRecord[];
  /** A stale pid file was found (the process is gone). */
  stale: boolean;
}

/** Whether a monitor runs for `logDir`, where it listens, and its last `recent` threats. */
export async function monitorStatus(logDir: string, recent = 5): Promise<MonitorStatus> {
  const state = await readStateFile(logDir);
  const alive = state !== null && isMonitorProcess(state.pid);
  return { running: alive, logDir, state: alive ? state : null, recent: await readThreats(logDir, { limit: recent }), stale: state !== null && !alive };
}

export interface StopResult {
  /** `stopped` (SIGTERM worked), `killed` (SIGKILL after the grace period), `not-running`. */
  outcome: 'stopped' | 'killed' | 'not-running';
  pid: number | null;
}

/** SIGTERM the running monitor, poll for `graceMs` (default 5 s), then SIGKILL. */
export async function stopMonitor(logDir: string, graceMs = 5000): Promise<StopResult> {
  const state = await readStateFile(logDir);
  if (!state || !isMonitorProcess(state.pid)) {
    if (state) await removeStateFiles(logDir, state.pid);
    return { outcome: 'not-running', pid: null };
  }
  const pid = state.pid;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) {
      await removeStateFiles(logDir, pid);
      return { outcome: 'stopped', pid };
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  signal(pid, 'SIGKILL');
  for (let i = 0; i < 20 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  await removeStateFiles(logDir, pid);
  return { outcome: 'killed', pid };
}

/** The newest `limit` threats (default 10), newest last. */
export async function listThreats(logDir: string, limit = 10): Promise<ThreatRecord[]> {
  return readThreats(logDir, { limit });
}

export interface CaInfo {
  certPath: string;
  exists: boolean;
  fingerprint256: string | null;
  /** Trust commands by platform/runtime, as the seed lists them. */
  commands: Array<{ target: string; command: string }>;
}

/** Where the CA is and how to trust it (system stores and per-runtime variables). */
export async function caInfo(logDir: string): Promise<CaInfo> {
  const { certPath } = caPaths(logDir);
  let fingerprint256: string | null = null;
  let exists = false;
  try {
    const pem = await readFile(certPath, 'utf8');
    exists = true;
    const { X509Certificate } = await import('node:crypto');
    fingerprint256 = new X509Certificate(pem).fingerprint256;
  } catch (err) {
    if (!hasErrnoCode(err, 'ENOENT')) throw new ClawguardError('CG_IO', `Cannot read ${certPath}: ${describeError(err)}`, { cause: err });
  }
  const q = shellQuote(certPath);
  return {
    certPath,
    exists,
    fingerprint256,
    commands: [
      { target: 'macOS (system keychain)', command: `sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain ${q}` },
      { target: 'Ubuntu / Debian', command: `sudo cp ${q} /usr/local/share/ca-certificates/clawsec.crt && sudo update-ca-certificates` },
      { target: 'Fedora / RHEL', command: `sudo cp ${q} /etc/pki/ca-trust/source/anchors/clawsec.crt && sudo update-ca-trust` },
      { target: 'Python requests', command: `export REQUESTS_CA_BUNDLE=${q}` },
      { target: 'httpx / OpenSSL', command: `export SSL_CERT_FILE=${q}` },
      { target: 'Node.js', command: `export NODE_EXTRA_CA_CERTS=${q}` },
      { target: 'curl', command: `export CURL_CA_BUNDLE=${q}` },
      // proxy.tls.caFile only verifies an https:// proxy endpoint; destination (MITM) trust needs the
      // process-wide variable, which `openclaw gateway install` copies into the service environment.
      { target: 'OpenClaw gateway service', command: `NODE_EXTRA_CA_CERTS=${q} openclaw gateway install --force` },
    ],
  };
}

// ---- pid/state files -----------------------------------------------------------------------------

async function readStateFile(logDir: string): Promise<MonitorState | null> {
  try {
    const state = JSON.parse(await readFile(join(logDir, STATE_FILE), 'utf8')) as MonitorState;
    if (typeof state.pid !== 'number' || !Number.isInteger(state.pid) || state.pid <= 0) return null;
    return state;
  } catch {
    // No state file: fall back to a bare pid file (a monitor killed before it wrote its state).
    try {
      const pid = Number((await readFile(join(logDir, PID_FILE), 'utf8')).trim());
      if (!Number.isInteger(pid) || pid <= 0) return null;
      return { pid, proxy: '?', gateway: null, gatewayTarget: null, mitm: false, mode: 'observe', caPath: null, detection: false, startedAt: '', logDir };
    } catch {
      return null;
    }
  }
}

async function readRunningState(logDir: string): Promise<MonitorState | null> {
  const s = await readStateFile(logDir);
  return s && s.pid !== process.pid && isMonitorProcess(s.pid) ? s : null;
}

async function removeStateFiles(logDir: string, pid: number): Promise<void> {
  // Only remove files that still name this pid (a newer monitor may have replaced them).
  try {
    const current = Number((await readFile(join(logDir, PID_FILE), 'utf8')).trim());
    if (current !== pid) return;
  } catch (err) {
    if (!hasErrnoCode(err, 'ENOENT')) return;
  }
  await rm(join(logDir, PID_FILE), { force: true });
  await rm(join(logDir, STATE_FILE), { force: true });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return !isZombie(pid);
  } catch (err) {
    return hasErrnoCode(err, 'EPERM');
  }
}

function isZombie(pid: number): boolean {
  // Linux: a zombie is dead for our purposes (its parent has not reaped it yet).
  const statText = readProc(`/proc/${pid}/stat`);
  return statText !== null && /\) Z /.test(statText);
}

/** Alive and, where /proc exists, really a clawguard monitor (a recycled pid is not ours to signal). */
function isMonitorProcess(pid: number): boolean {
  if (!isAlive(pid)) return false;
  const cmdline = readProc(`/proc/${pid}/cmdline`);
  if (cmdline === null) return true;
  return cmdline.includes('monitor');
}

function readProc(path: string): string | null {
  try {
    return readFileSync(path, 'latin1');
  } catch {
    return null;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (err) {
    if (!hasErrnoCode(err, 'ESRCH')) throw new ClawguardError('CG_PERMISSION_DENIED', `Cannot signal monitor pid ${pid}: ${describeError(err)}`, { cause: err });
  }
}

function shellQuote(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** Whether `path` exists (used by the CLI for friendly messages). */
export async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
