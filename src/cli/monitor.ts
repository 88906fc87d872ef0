// `clawguard monitor`: start/stop/status/threats/ca for the inspecting HTTP/HTTPS proxy.
import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { DEFAULT_MONITOR_LOG_DIR, type ThreatRecord } from '../core/threat-log.js';
import {
  caInfo,
  checkLogDir,
  listThreats,
  loadMonitorConfig,
  monitorStatus,
  startMonitor,
  stopMonitor,
  type MonitorConfig,
} from '../monitor/index.js';
import { DAEMON_ENV, spawnDaemon } from '../monitor/daemon.js';
import { EXIT } from './exit-codes.js';
import type { CommandRuntime, RegisterCommand } from './program.js';

interface LocateMonitorFlags {
  config?: string;
  logDir?: string;
}

interface StartFlags extends LocateMonitorFlags {
  mitm?: boolean;
  daemon?: boolean;
  mode?: string;
}

function withLocate(cmd: Command): Command {
  return cmd
    .option('--config <file>', 'monitor config JSON (the ClawSec keys: proxy_port, log_dir, …); all keys optional')
    .option('--log-dir <dir>', `log dir holding the CA, threats.jsonl, clawsec.log and the pid file (default: log_dir from --config, else ${DEFAULT_MONITOR_LOG_DIR})`);
}

async function resolveConfig(flags: StartFlags): Promise<MonitorConfig> {
  const config = await loadMonitorConfig(flags.config);
  if (flags.logDir !== undefined) {
    if (flags.logDir.trim() === '') throw new UsageError('--log-dir needs a directory.');
    config.log_dir = flags.logDir;
  }
  if (flags.mitm === false) config.enable_mitm = false;
  if (flags.mode !== undefined) {
    if (flags.mode !== 'observe' && flags.mode !== 'enforce') throw new UsageError(`--mode must be observe or enforce, not "${flags.mode}".`);
    config.mode = flags.mode;
  }
  return config;
}

/** Arguments for the detached child: the same choices, resolved, minus --daemon. */
function daemonArgs(flags: StartFlags): string[] {
  const args: string[] = [];
  if (flags.config) args.push('--config', flags.config);
  if (flags.logDir) args.push('--log-dir', flags.logDir);
  if (flags.mitm === false) args.push('--no-mitm');
  if (flags.mode) args.push('--mode', flags.mode);
  return args;
}

async function start(flags: StartFlags, runtime: CommandRuntime): Promise<void> {
  const { io } = runtime;
  const config = await resolveConfig(flags);
  if (flags.daemon) {
    const { mkdir } = await import('node:fs/promises');
    await mkdir(config.log_dir, { recursive: true, mode: 0o700 });
    await checkLogDir(config.log_dir);
    const result = await spawnDaemon(daemonArgs(flags), config.log_dir, io.env);
    if (!result.ok || !result.state) {
      const detail = (result.stderr ?? '').trim().split('\n').filter(Boolean).pop() ?? 'unknown error';
      io.err(`${detail.startsWith('clawguard:') ? detail : `clawguard: the monitor failed to start: ${detail}`}\n`);
      runtime.setExitCode(result.exitCode && result.exitCode > 0 ? result.exitCode : EXIT.INTERNAL);
      return;
    }
    const s = result.state;
    io.out(`clawguard monitor started in the background (pid ${s.pid}): proxy http://${s.proxy}, MITM ${s.mitm ? 'on' : 'off'}, mode ${s.mode}` +
      `${s.gateway ? `, gateway forward ${s.gateway} -> ${s.gatewayTarget}` : ''}\nlogs: ${config.log_dir}/clawsec.log, threats: ${config.log_dir}/threats.jsonl; stop with: clawguard monitor stop${flags.logDir ? ` --log-dir ${flags.logDir}` : ''}\n`);
    runtime.setExitCode(EXIT.OK);
    return;
  }
  const isDaemonChild = io.env[DAEMON_ENV] === '1';
  if (io.signal.aborted) return;
  const handle = await startMonitor({
    config,
    env: io.env,
    mirror: isDaemonChild ? undefined : (line) => io.err(line),
  });
  const s = handle.state;
  if (!isDaemonChild) {
    io.out(
      `clawguard monitor listening on http://${s.proxy} (MITM ${s.mitm ? 'on' : 'off'}, mode ${s.mode})` +
        `${s.gateway ? `; gateway forward ${s.gateway} -> ${s.gatewayTarget}` : ''}\n` +
        `${s.caPath ? `CA: ${s.caPath} (trust it: clawguard monitor ca)\n` : ''}` +
        `route traffic: export HTTP_PROXY=http://${s.proxy} HTTPS_PROXY=http://${s.proxy}; Ctrl-C to stop\n`,
    );
  }
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) return resolve();
    io.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  await handle.close();
  if (!isDaemonChild) io.out('clawguard monitor stopped\n');
  runtime.setExitCode(EXIT.OK);
}

function threatLine(t: ThreatRecord): string {
  const action = t.action === 'blocked' ? ' BLOCKED' : '';
  return `  ${t.timestamp}  ${t.threat_type.padEnd(9)} ${t.pattern.padEnd(16)} ${t.direction.padEnd(8)} ${t.protocol.padEnd(5)} ${t.dest}${action}\n      ${t.snippet}\n`;
}

export const registerMonitor: RegisterCommand = (program, runtime) => {
  const monitor = program
    .command('monitor')
    .description('Inspecting HTTP/HTTPS proxy for agent traffic (the ClawSec Monitor contract): secrets leaving, commands arriving, logged to threats.jsonl; enforce mode refuses them.')
    .addHelpText('after', '\nExit codes: 0 ok, 1 `status` when no monitor runs, 66 `ca` before the CA exists or config file missing, 64 usage, 69 cannot listen, 74 I/O or CA key permissions, 77 unsafe log dir (symlink, not yours, writable by others), 78 invalid config, 81 already running.');

  withLocate(
    monitor
      .command('start')
      .description('Start the proxy (foreground; Ctrl-C or SIGTERM stops it) and the gateway port forward.')
      .option('--no-mitm', 'do not intercept HTTPS: CONNECT becomes a blind tunnel that only logs destinations')
      .option('--daemon', 'run in the background; the pid file goes to the log dir')
      .option('--mode <mode>', 'observe (log only) or enforce (also refuse requests carrying secrets and CONNECTs outside the allowlist with 403)'),
  ).action(async (flags: StartFlags) => start(flags, runtime));

  withLocate(monitor.command('stop').description('Stop the running monitor: SIGTERM, wait up to 5 s, then SIGKILL.')).action(async (flags: StartFlags) => {
    const config = await resolveConfig(flags);
    const r = await stopMonitor(config.log_dir);
    if (r.outcome === 'not-running') runtime.io.out(`no monitor running (log dir ${config.log_dir})\n`);
    else runtime.io.out(`monitor (pid ${r.pid}) ${r.outcome === 'killed' ? 'did not stop within 5 s: killed (SIGKILL)' : 'stopped'}\n`);
    runtime.setExitCode(EXIT.OK);
  });

  withLocate(
    monitor.command('status').description('Running or stopped, listen address, MITM on/off, and the last 5 threats.').option('--json', 'print JSON'),
  ).action(async (flags: StartFlags & { json?: boolean }) => {
    const config = await resolveConfig(flags);
    const st = await monitorStatus(config.log_dir, 5);
    if (flags.json) runtime.io.out(`${JSON.stringify(st, null, 2)}\n`);
    else {
      const s = st.state;
      let text = st.running && s
        ? `monitor: running (pid ${s.pid}) since ${s.startedAt}\n  proxy:    http://${s.proxy}\n  MITM:     ${s.mitm ? `on (CA ${s.caPath})` : 'off (blind CONNECT tunnels)'}\n  mode:     ${s.mode}\n` +
          `  gateway:  ${s.gateway ? `${s.gateway} -> ${s.gatewayTarget}` : 'off'}\n  detection: ${s.detection ? 'on' : 'OFF'}\n`
        : `monitor: stopped${st.stale ? ' (stale pid file removed on next stop/start)' : ''}\n`;
      text += `  log dir:  ${st.logDir}\n`;
      text += st.recent.length ? `last ${st.recent.length} threat(s), newest last:\n${st.recent.map(threatLine).join('')}` : 'no threats logged\n';
      runtime.io.out(text);
    }
    runtime.setExitCode(st.running ? EXIT.OK : EXIT.WARNINGS);
  });

  withLocate(
    monitor.command('threats').description('Print the newest threats from threats.jsonl as JSON (newest last).').option('--limit <n>', 'how many (default 10)', '10'),
  ).action(async (flags: StartFlags & { limit: string }) => {
    const limit = Number(flags.limit);
    if (!Number.isInteger(limit) || limit < 0 || limit > 1_000_000) throw new UsageError(`--limit must be a non-negative integer, not "${flags.limit}".`);
    const config = await resolveConfig(flags);
    runtime.io.out(`${JSON.stringify(await listThreats(config.log_dir, limit), null, 2)}\n`);
    runtime.setExitCode(EXIT.OK);
  });

  withLocate(monitor.command('ca').description('Show the CA certificate path and how to trust it per OS and runtime.').option('--json', 'print JSON')).action(
    async (flags: StartFlags & { json?: boolean }) => {
      const config = await resolveConfig(flags);
      const info = await caInfo(config.log_dir);
      if (flags.json) {
        runtime.io.out(`${JSON.stringify(info, null, 2)}\n`);
      } else {
        let text = info.exists
          ? `CA certificate: ${info.certPath}\n  sha256: ${info.fingerprint256}\n`
          : `CA certificate: ${info.certPath} (not created yet: run \`clawguard monitor start\` once)\n`;
        text += '\nTrust it system-wide (once per machine):\n';
        for (const c of info.commands.slice(0, 3)) text += `  # ${c.target}\n  ${c.command}\n`;
        text += '\nOr per process (no system trust needed):\n';
        for (const c of info.commands.slice(3)) text += `  ${c.command.padEnd(60)} # ${c.target}\n`;
        text += '\nThen route traffic through the proxy: export HTTP_PROXY=http://127.0.0.1:8888 HTTPS_PROXY=http://127.0.0.1:8888\nOpenClaw: openclaw config set proxy.proxyUrl http://127.0.0.1:8888 (its managed routing ignores HTTP(S)_PROXY; see docs/openclaw.md)\n';
        runtime.io.out(text);
      }
      runtime.setExitCode(info.exists ? EXIT.OK : EXIT.NOT_FOUND);
    },
  );
};
