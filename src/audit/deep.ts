// Live host probes for --deep, each bounded by a timeout: gateway listeners, an unauthenticated HTTP probe, docker sockets, the gateway's user and environment.
import { promises as fs } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { findGatewayProcesses, processesOnPort, readProcessEnviron } from '../core/host/index.js';
import { gatewayPort } from './model.js';
import type { AuditContext, DeepProbes } from './types.js';

function withTimeout<T>(promise: Promise<T>, ms: number, label: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label} timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** POST /tools/invoke with no credentials: 401 is healthy, 2xx means anyone who reaches the port runs tools. */
export function probeToolsInvoke(host: string, port: number, timeoutMs: number): Promise<{ status?: number; error?: string }> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ tool: 'session_status', args: {} });
    const req = request({ host, port, method: 'POST', path: '/tools/invoke', timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve({ status: res.statusCode }));
      res.on('error', () => resolve({ status: res.statusCode }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => resolve({ error: err.code ?? err.message }));
    req.end(body);
  });
}

function probeUnixSocket(path: string, timeoutMs: number): Promise<{ reachable: boolean; error?: string }> {
  return new Promise((resolve) => {
    const sock = connect({ path });
    const timer = setTimeout(() => {
      sock.destroy();
      resolve({ reachable: false, error: 'timeout' });
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.destroy();
      resolve({ reachable: true });
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      resolve({ reachable: false, error: err.code ?? err.message });
    });
  });
}

export async function runDeepProbes(ctx: AuditContext): Promise<DeepProbes> {
  const timeoutMs = ctx.options.probeTimeoutMs ?? 2000;
  const roots = ctx.options.hostRoots;
  const port = gatewayPort(ctx.config, ctx.env);
  const notes: string[] = [];

  const listenersP = withTimeout(processesOnPort(port, roots), timeoutMs * 2, 'listener probe').catch((err: Error) => {
    notes.push(`Listener probe failed: ${err.message}.`);
    return [];
  });
  const gatewaysP = withTimeout(findGatewayProcesses(roots), timeoutMs * 2, 'process probe').catch((err: Error) => {
    notes.push(`Process probe failed: ${err.message}.`);
    return [];
  });
  const socketPaths = ctx.options.dockerSockets ?? ['/var/run/docker.sock', '/run/docker.sock'];
  const dockerP = Promise.all(
    socketPaths.map(async (path) => {
      try {
        const st = await fs.stat(path);
        if (!st.isSocket()) return undefined;
        const probe = await probeUnixSocket(path, timeoutMs);
        return { path, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, ...probe };
      } catch {
        return undefined;
      }
    }),
  );
  const [listeners, gateways, docker] = await Promise.all([listenersP, gatewaysP, dockerP]);

  const probes: DeepProbes = {
    port,
    listeners: listeners.map((l) => ({ address: l.socket.address, port: l.socket.port, loopback: l.socket.loopback, wildcard: l.socket.wildcard, pids: l.processes.map((p) => p.pid), users: [...new Set(l.processes.map((p) => p.user ?? '?'))] })),
    gatewayProcesses: gateways.map((g) => ({ pid: g.pid, user: g.user, uid: g.uid })),
    dockerSockets: docker.filter((d): d is NonNullable<typeof d> => d !== undefined),
    notes,
  };

  if (probes.listeners.length > 0) {
    const host = probes.listeners.some((l) => l.address === '127.0.0.1' || l.wildcard) ? '127.0.0.1' : probes.listeners.some((l) => l.address === '::1' || l.address === '::') ? '::1' : (probes.listeners[0]?.address as string);
    const res = await probeToolsInvoke(host, port, timeoutMs);
    probes.http = { url: `http://${host.includes(':') ? `[${host}]` : host}:${port}/tools/invoke`, ...res };
  } else notes.push(`Nothing listens on TCP port ${port}: live gateway probes skipped.`);

  // The environment of the live gateway, when this user may read it.
  const pids = [...new Set([...probes.gatewayProcesses.map((g) => g.pid), ...probes.listeners.flatMap((l) => l.pids)])];
  for (const pid of pids) {
    const env = await readProcessEnviron(pid, roots);
    if (env) {
      ctx.gatewayEnv = { pid, env };
      break;
    }
  }
  if (pids.length > 0 && !ctx.gatewayEnv) notes.push(`Cannot read the environment of gateway pid ${pids.join(', ')} (run as its user or root for the environment check).`);
  return probes;
}
