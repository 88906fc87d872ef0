// --deep checks over live host probes: listen addresses, unauthenticated HTTP, docker socket, the gateway's user.
import { hasGatewayAuth, resolveGatewayAuth } from '../model.js';
import type { Check, Hit } from '../types.js';
import { fail, outcome, PASS, skip } from './helpers.js';

const AREA = 'host';

export const HOST_CHECKS: Check[] = [
  {
    id: 'gateway.probe_failed',
    openclawId: 'gateway.probe_failed',
    severity: 'warning',
    area: AREA,
    deep: true,
    title: 'Gateway probe failed (deep)',
    why: 'No gateway answered on the configured port, so the live checks could not confirm what the config says.',
    remediation: 'Start the gateway (or fix gateway.port) and re-run with --deep.',
    run(ctx) {
      const p = ctx.probes;
      if (!p) return skip('no probes');
      if (p.listeners.length > 0) return PASS;
      return fail({ message: `Nothing listens on 127.0.0.1:${p.port} (connect ECONNREFUSED).`, location: { endpoint: `127.0.0.1:${p.port}` } });
    },
  },
  {
    id: 'audit.host.gateway-listen-address',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    deep: true,
    title: 'Gateway port listens on a non-loopback address',
    why: 'What the kernel listens on is what the network reaches, whatever the config says.',
    remediation: 'Set gateway.bind="loopback" and restart; use Tailscale Serve or an SSH tunnel for remote access.',
    run(ctx) {
      const p = ctx.probes;
      if (!p) return skip('no probes');
      const exposed = p.listeners.filter((l) => !l.loopback);
      if (!exposed.length) return PASS;
      const noAuth = !hasGatewayAuth(resolveGatewayAuth(ctx.config, ctx.env));
      return outcome(
        exposed.map(
          (l): Hit => ({
            severity: noAuth || p.http?.status === 200 ? 'critical' : 'warning',
            message: `Port ${l.port} listens on ${l.wildcard ? `${l.address} (every interface)` : l.address}${l.pids.length ? ` (pid ${l.pids.join(', ')}, user ${l.users.join(', ')})` : ''}.`,
            location: { endpoint: `${l.address.includes(':') ? `[${l.address}]` : l.address}:${l.port}` },
          }),
        ),
      );
    },
  },
  {
    id: 'audit.host.gateway-http-unauthenticated',
    severity: 'critical',
    area: AREA,
    deep: true,
    title: 'Gateway answers POST /tools/invoke without credentials',
    why: 'A 2xx answer to an unauthenticated tool call means anyone who reaches the port runs tools (read files, exec, send messages).',
    remediation: 'Set gateway.auth.mode="token" with a strong token (`clawguard audit --fix`) and restart the gateway.',
    run(ctx) {
      const h = ctx.probes?.http;
      if (!h) return skip('no listener to probe');
      if (h.error) return skip(`probe error: ${h.error}`);
      if (h.status !== undefined && h.status >= 200 && h.status < 300) return fail({ message: `POST ${h.url} with no token answered ${h.status} (expected 401).`, location: { endpoint: h.url } });
      return PASS;
    },
  },
  {
    id: 'audit.host.docker-socket',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    deep: true,
    title: 'Docker socket is reachable',
    why: 'Access to the Docker socket is root on the host: a gateway (or a tool it runs) that can reach it can start a privileged container.',
    remediation: 'Run the gateway as a dedicated user; grant docker access only if sandboxing needs it, and never mount the socket into sandboxes. chmod 660 the socket.',
    run(ctx) {
      const socks = ctx.probes?.dockerSockets ?? [];
      if (!ctx.probes) return skip('no probes');
      return outcome(
        socks
          .filter((s) => s.reachable || (s.mode !== undefined && (s.mode & 0o002) !== 0))
          .map((s) => ({ severity: s.mode !== undefined && (s.mode & 0o002) !== 0 ? 'critical' : 'warning', message: `${s.path} mode=${(s.mode ?? 0).toString(8)} uid=${s.uid} gid=${s.gid}${s.reachable ? '; this user can connect to it' : ''}.`, location: { file: s.path } })),
      );
    },
  },
  {
    id: 'audit.host.gateway-root',
    severity: 'critical',
    area: AREA,
    deep: true,
    title: 'OpenClaw gateway runs as root',
    why: 'Every tool the agent runs without a sandbox runs as root: one prompt injection owns the host.',
    remediation: 'Run the gateway as a dedicated unprivileged user (e.g. `openclaw`), added to the docker group only if sandboxing needs it.',
    run(ctx) {
      const p = ctx.probes;
      if (!p) return skip('no probes');
      const owners = [...p.gatewayProcesses, ...p.listeners.flatMap((l) => l.pids.map((pid, i) => ({ pid, user: l.users[i] ?? l.users[0], uid: undefined as number | undefined })))];
      const roots = owners.filter((o) => o.uid === 0 || o.user === 'root');
      const unique = [...new Map(roots.map((r) => [r.pid, r])).values()];
      return outcome(unique.map((r) => ({ message: `Gateway process ${r.pid} runs as root.`, location: { ref: `pid ${r.pid}` } })));
    },
  },
];
