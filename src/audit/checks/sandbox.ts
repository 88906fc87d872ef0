// Sandbox checks: the real audit's sandbox.* ids, plus binds it misses (/, the state dir, workspace-rw on a shared scope) and the hardening guides' items.
import { promises as fs } from 'node:fs';
import { isAbsolute, posix } from 'node:path';
import { isObject, type JsonObject } from '../../core/openclaw/config.js';
import { get, listAgents, sandboxMode, sandboxSetting, str, strings } from '../model.js';
import type { AuditContext, Check, Hit } from '../types.js';
import { multiUserSignals } from './tools.js';
import { fail, outcome, PASS, skip } from './helpers.js';

const AREA = 'sandbox';

/** Host paths OpenClaw blocks as bind sources (src/agents/sandbox/validate-sandbox-security.ts). */
const BLOCKED_HOST_PATHS = ['/etc', '/private/etc', '/proc', '/sys', '/dev', '/root', '/boot', '/run', '/var/run', '/private/var/run', '/var/run/docker.sock', '/private/var/run/docker.sock', '/run/docker.sock'];
const BLOCKED_HOME_SUBPATHS = ['.aws', '.cargo', '.config', '.docker', '.gnupg', '.netrc', '.npm', '.ssh'];

function dockerConfigs(cfg: JsonObject): Array<{ source: string; docker: JsonObject; agentId?: string }> {
  const out: Array<{ source: string; docker: JsonObject; agentId?: string }> = [];
  const d = get(cfg, 'agents.defaults.sandbox.docker');
  if (isObject(d)) out.push({ source: 'agents.defaults.sandbox.docker', docker: d });
  for (const a of listAgents(cfg)) {
    const ad = get(a.entry, 'sandbox.docker');
    if (isObject(ad)) out.push({ source: `agents.entries.${a.id}.sandbox.docker`, docker: ad, agentId: a.id });
  }
  return out;
}

function bindSource(bind: string): string {
  // `source:target[:mode]`; a Windows drive letter is not expected on Linux hosts.
  const idx = bind.indexOf(':');
  return idx < 0 ? bind : bind.slice(0, idx);
}

function normalize(p: string): string {
  const n = posix.normalize(p);
  return n.length > 1 && n.endsWith('/') ? n.slice(0, -1) : n;
}

function inside(root: string, target: string): boolean {
  return root === '/' || target === root || target.startsWith(`${root}/`);
}

function homes(ctx: AuditContext): string[] {
  return [...new Set([ctx.env.OPENCLAW_HOME, ctx.env.HOME, ctx.paths.home].filter((h): h is string => Boolean(h)).map(normalize))].filter((h) => h !== '/');
}

function blockedReason(ctx: AuditContext, source: string): { verb: 'covers' | 'targets'; path: string } | undefined {
  const src = normalize(source);
  // Most specific first, so /var/run/docker.sock is named rather than /var/run.
  const blocked = [...BLOCKED_HOST_PATHS, ...homes(ctx).flatMap((h) => BLOCKED_HOME_SUBPATHS.map((s) => `${h}/${s}`))].sort((a, b) => b.length - a.length);
  for (const b of blocked) {
    if (inside(b, src)) return { verb: 'targets', path: b };
    if (inside(src, b)) return { verb: 'covers', path: b };
  }
  return undefined;
}

export const SANDBOX_CHECKS: Check[] = [
  {
    id: 'sandbox.dangerous_bind_mount',
    openclawId: 'sandbox.dangerous_bind_mount',
    severity: 'critical',
    area: AREA,
    title: 'Dangerous bind mount in sandbox config',
    why: 'Mounting the Docker socket, /etc, /proc or credential dirs (~/.ssh, ~/.aws…) into the sandbox hands the agent the host.',
    remediation: 'Remove the bind; mount project-specific paths only.',
    run(ctx) {
      const hits: Hit[] = [];
      for (const { source, docker } of dockerConfigs(ctx.config)) {
        for (const bind of strings(docker.binds)) {
          const src = bindSource(bind);
          if (!isAbsolute(src)) continue;
          const reason = blockedReason(ctx, src);
          if (reason) hits.push({ message: `${source}.binds contains "${bind}" which ${reason.verb} blocked path "${reason.path}".`, location: { keyPath: `${source}.binds` } });
        }
      }
      return outcome(hits);
    },
  },
  {
    id: 'sandbox.bind_mount_non_absolute',
    openclawId: 'sandbox.bind_mount_non_absolute',
    severity: 'warning',
    area: AREA,
    title: 'Sandbox bind mount uses a non-absolute source path',
    why: 'Relative or named-volume sources resolve unexpectedly and cannot be validated. (OpenClaw 2026.9 rejects these configs at validation.)',
    remediation: 'Use an absolute host path.',
    run(ctx) {
      const hits: Hit[] = [];
      for (const { source, docker } of dockerConfigs(ctx.config)) for (const bind of strings(docker.binds)) if (!isAbsolute(bindSource(bind))) hits.push({ message: `${source}.binds contains "${bind}" with a non-absolute source.`, location: { keyPath: `${source}.binds` } });
      return outcome(hits);
    },
  },
  {
    id: 'sandbox.dangerous_network_mode',
    openclawId: 'sandbox.dangerous_network_mode',
    severity: 'critical',
    area: AREA,
    title: 'Dangerous network mode in sandbox config',
    why: '"host" or "container:<id>" bypasses container network isolation. (OpenClaw 2026.9 rejects these configs at validation.)',
    remediation: 'Use "bridge", "none" or a custom bridge network.',
    run(ctx) {
      const hits: Hit[] = [];
      for (const { source, docker } of dockerConfigs(ctx.config)) {
        const n = str(docker.network)?.trim().toLowerCase();
        if (n === 'host' || n?.startsWith('container:')) hits.push({ message: `${source}.network is "${docker.network}".`, location: { keyPath: `${source}.network` } });
      }
      return outcome(hits);
    },
  },
  {
    id: 'sandbox.dangerous_seccomp_profile',
    openclawId: 'sandbox.dangerous_seccomp_profile',
    severity: 'critical',
    area: AREA,
    title: 'Seccomp unconfined in sandbox config',
    why: 'Disables syscall filtering for sandbox containers.',
    remediation: 'Remove seccompProfile or use a custom profile file.',
    run: (ctx) => outcome(dockerConfigs(ctx.config).filter((d) => str(d.docker.seccompProfile)?.toLowerCase() === 'unconfined').map((d) => ({ message: `${d.source}.seccompProfile is "unconfined".`, location: { keyPath: `${d.source}.seccompProfile` } }))),
  },
  {
    id: 'sandbox.dangerous_apparmor_profile',
    openclawId: 'sandbox.dangerous_apparmor_profile',
    severity: 'critical',
    area: AREA,
    title: 'AppArmor unconfined in sandbox config',
    why: 'Disables AppArmor enforcement for sandbox containers.',
    remediation: 'Remove apparmorProfile or use a named profile.',
    run: (ctx) => outcome(dockerConfigs(ctx.config).filter((d) => str(d.docker.apparmorProfile)?.toLowerCase() === 'unconfined').map((d) => ({ message: `${d.source}.apparmorProfile is "unconfined".`, location: { keyPath: `${d.source}.apparmorProfile` } }))),
  },
  {
    id: 'sandbox.docker_config_mode_off',
    openclawId: 'sandbox.docker_config_mode_off',
    severity: 'warning',
    area: AREA,
    title: 'Sandbox docker settings configured while sandbox mode is off',
    why: 'The operator configured isolation that never takes effect.',
    remediation: 'Enable agents.defaults.sandbox.mode ("non-main" or "all") or remove unused docker settings.',
    run(ctx) {
      const c = ctx.config;
      const paths: string[] = [];
      const hasDocker = (d: unknown) => isObject(d) && Object.values(d).some((v) => v !== undefined);
      const anyAgentOn = listAgents(c).some((a) => sandboxMode(c, a.id) !== 'off');
      if (hasDocker(get(c, 'agents.defaults.sandbox.docker')) && sandboxMode(c) === 'off' && !anyAgentOn) paths.push('agents.defaults.sandbox.docker');
      for (const a of listAgents(c)) if (hasDocker(get(a.entry, 'sandbox.docker')) && sandboxMode(c, a.id) === 'off') paths.push(`agents.entries.${a.id}.sandbox.docker`);
      return paths.length ? fail({ message: `These docker settings do not take effect until sandbox mode is enabled: ${paths.join(', ')}.`, location: { keyPath: paths[0] } }) : PASS;
    },
  },
  // Beyond the real audit.
  {
    id: 'audit.sandbox.bind-host-root-or-state',
    severity: 'critical',
    area: AREA,
    title: 'Sandbox mounts the host root, the OpenClaw state dir or the home directory',
    why: 'A bind of "/", of the state dir (config, tokens, credentials, transcripts) or of the whole home directory gives sandboxed code the secrets the sandbox is meant to keep from it. OpenClaw only blocks system paths and a few home subdirectories.',
    remediation: 'Bind only a project directory, read-only where possible.',
    run(ctx) {
      const hits: Hit[] = [];
      const state = normalize(ctx.paths.stateDir);
      for (const { source, docker } of dockerConfigs(ctx.config)) {
        for (const bind of strings(docker.binds)) {
          const src = bindSource(bind);
          if (!isAbsolute(src)) continue;
          const n = normalize(src);
          if (n === '/') hits.push({ message: `${source}.binds contains "${bind}": the whole host filesystem.`, location: { keyPath: `${source}.binds` } });
          else if (inside(n, state) || inside(state, n)) hits.push({ message: `${source}.binds contains "${bind}" which overlaps the OpenClaw state dir ${state}.`, location: { keyPath: `${source}.binds` } });
          else if (homes(ctx).includes(n)) hits.push({ message: `${source}.binds contains "${bind}": the whole home directory.`, location: { keyPath: `${source}.binds` } });
        }
      }
      return outcome(hits);
    },
  },
  {
    id: 'audit.sandbox.shared-scope-rw-workspace',
    severity: 'warning',
    area: AREA,
    title: 'Shared sandbox scope with read-write workspace access',
    why: 'With scope "shared" every session uses one container and filesystem; with workspaceAccess "rw" one conversation can plant files another conversation (or the host workspace) will trust.',
    remediation: 'Use sandbox.scope "session" (or "agent"), and workspaceAccess "ro" or "none".',
    run(ctx) {
      const contexts = [{ label: 'agents.defaults.sandbox', id: undefined as string | undefined }, ...listAgents(ctx.config).map((a) => ({ label: `agents.entries.${a.id}.sandbox`, id: a.id as string | undefined }))];
      const hits = contexts.filter((c) => sandboxMode(ctx.config, c.id) !== 'off' && sandboxSetting(ctx.config, 'scope', c.id) === 'shared' && sandboxSetting(ctx.config, 'workspaceAccess', c.id) === 'rw');
      return outcome(hits.map((c) => ({ message: `${c.label}: scope="shared", workspaceAccess="rw".`, location: { keyPath: `${c.label}.scope` } })));
    },
  },
  {
    id: 'audit.sandbox.mode-off',
    severity: 'warning',
    area: AREA,
    title: 'Agents run tools directly on the host (sandbox mode off)',
    why: 'With sandbox.mode "off" (the default) exec, write and browser tools run as the gateway user on the host; OpenClaw does not report this by itself.',
    remediation: 'Set agents.defaults.sandbox.mode to "all" (or "non-main" for a single trusted operator).',
    run(ctx) {
      const off = [{ label: 'agents.defaults', id: undefined as string | undefined }, ...listAgents(ctx.config).map((a) => ({ label: `agents.entries.${a.id}`, id: a.id as string | undefined }))].filter((c) => sandboxMode(ctx.config, c.id) === 'off');
      if (!off.length) return PASS;
      const open = multiUserSignals(ctx.config).length > 0;
      return fail({ severity: open ? 'critical' : 'warning', message: `sandbox.mode resolves to "off" for ${off.map((c) => c.label).join(', ')}${open ? '; the gateway also looks reachable by several users' : ''}.`, location: { keyPath: 'agents.defaults.sandbox.mode' } });
    },
  },
  {
    id: 'audit.sandbox.scope-not-session',
    severity: 'info',
    area: AREA,
    title: 'Sandbox is not per-session for a gateway reachable by several users',
    why: 'The security docs recommend scope "session" (one fresh container per session) for public bots and groups; "agent"/"shared" let one user’s session see another’s files.',
    remediation: 'Set agents.defaults.sandbox.scope to "session".',
    run(ctx) {
      if (multiUserSignals(ctx.config).length === 0) return skip('no multi-user signals');
      if (sandboxMode(ctx.config) === 'off') return skip('sandbox mode off (reported by audit.sandbox.mode-off)');
      const scope = str(sandboxSetting(ctx.config, 'scope')) ?? 'agent';
      return scope === 'session' ? PASS : fail({ severity: 'warning', message: `agents.defaults.sandbox.scope is "${scope}" while open or multi-user channels are configured.`, location: { keyPath: 'agents.defaults.sandbox.scope' } });
    },
  },
  {
    id: 'audit.sandbox.runtime-not-gvisor',
    severity: 'info',
    area: AREA,
    title: 'Multi-tenant sandbox without a gVisor (runsc) runtime',
    why: 'For multi-tenant use the security docs recommend kernel-level isolation (gVisor/runsc). OpenClaw 2026.9 has no docker.runtime key (setting it makes the config invalid), so the runtime must be Docker’s default-runtime in /etc/docker/daemon.json.',
    remediation: 'Install gVisor and set "default-runtime": "runsc" in /etc/docker/daemon.json (do not add docker.runtime to openclaw.json: the installed OpenClaw rejects it).',
    async run(ctx) {
      if (multiUserSignals(ctx.config).length === 0) return skip('no multi-user signals');
      if (sandboxMode(ctx.config) === 'off') return skip('sandbox mode off');
      let daemon: unknown;
      try {
        daemon = JSON.parse(await fs.readFile('/etc/docker/daemon.json', 'utf8'));
      } catch {
        daemon = undefined;
      }
      const runtime = isObject(daemon) ? str(daemon['default-runtime']) : undefined;
      if (runtime && /runsc|kata/.test(runtime)) return PASS;
      return fail({ message: `Docker default runtime is ${runtime ? `"${runtime}"` : 'runc (no /etc/docker/daemon.json default-runtime)'}; sandbox containers share the host kernel.`, location: { file: '/etc/docker/daemon.json' } });
    },
  },
];
