// Tool, exec and exposure checks: the real audit's tools.* / security.exposure.* / security.trust_model.* / hooks.* / models.* ids.
import { isAbsolute, resolve } from 'node:path';
import { isObject, type JsonObject } from '../../core/openclaw/config.js';
import { execSecurity, get, resolveSecretValue, sandboxSetting, isRemotelyExposed, isSecretRef, isToolAllowed, listAgents, listOpenInboundPolicies, resolveGatewayAuth, sandboxMode, str, strings, toolContexts, toolPolicies } from '../model.js';
import type { Check, FixAction, Hit } from '../types.js';
import { fail, outcome, PASS, skip } from './helpers.js';

const CONTROL_PLANE_TOOLS = ['automations', 'gateway', 'plugins'];
const INTERPRETERS = /^(python[0-9.]*|node|nodejs|deno|bun|ruby|perl|php|lua|osascript|bash|sh|zsh|fish|pwsh|powershell)$/;
const BROAD_SAFE_BINS = /^(find|xargs|env|awk|gawk|sed|git|curl|wget|tar|rsync|ssh|scp|make|docker|kubectl|npm|npx|pip|sudo)$/;

function openChannelSurfaces(cfg: JsonObject): string[] {
  const channels = get(cfg, 'channels');
  if (!isObject(channels)) return [];
  const hits = new Set<string>();
  const visit = (value: unknown, scope: string) => {
    if (!isObject(value)) return;
    if (value.groupPolicy === 'open') hits.add(`${scope}.groupPolicy`);
    if (value.dmPolicy === 'open') hits.add(`${scope}.dmPolicy`);
    for (const [k, v] of Object.entries(value)) if (isObject(v)) visit(v, `${scope}.${k}`);
  };
  for (const [id, v] of Object.entries(channels)) visit(v, `channels.${id}`);
  return [...hits].sort();
}

function execScopes(cfg: JsonObject): Array<{ id: string; security: string; host: string }> {
  const globalExec = get(cfg, 'tools.exec');
  const inherited = execSecurity(globalExec);
  const scopes = new Map<string, { id: string; security: string; host: string }>();
  const defaultId = listAgents(cfg).find((a) => a.entry.default === true)?.id ?? 'global';
  scopes.set(defaultId, { id: defaultId, security: inherited, host: str(get(globalExec, 'host')) ?? 'auto' });
  for (const a of listAgents(cfg)) {
    const exec = get(a.entry, 'tools.exec');
    scopes.set(a.id, { id: a.id, security: execSecurity(exec, inherited), host: str(get(exec, 'host')) ?? str(get(globalExec, 'host')) ?? 'auto' });
  }
  return [...scopes.values()];
}

/** The global `tools.exec` block, then each agent's, with its label and its effective safeBinProfiles (agent over global). */
function execConfigScopes(cfg: JsonObject): Array<{ exec: unknown; label: string; profiles: JsonObject }> {
  const objectAt = (root: unknown, path: string): JsonObject => {
    const v = get(root as JsonObject, path);
    return isObject(v) ? v : {};
  };
  const global = get(cfg, 'tools.exec');
  const globalProfiles = objectAt(global, 'safeBinProfiles');
  return [
    { exec: global, label: 'tools.exec', profiles: globalProfiles },
    ...listAgents(cfg).map((a) => ({ exec: get(a.entry, 'tools.exec'), label: `agents.entries.${a.id}.tools.exec`, profiles: { ...globalProfiles, ...objectAt(a.entry, 'tools.exec.safeBinProfiles') } })),
  ];
}

function riskyToolContexts(cfg: JsonObject): { contexts: string[]; runtimeRisk: boolean } {
  const contexts: string[] = [];
  let runtimeRisk = false;
  for (const c of toolContexts(cfg)) {
    const mode = sandboxMode(cfg, c.agentId);
    const policies = toolPolicies(cfg, c.tools, mode);
    const runtime = ['exec', 'process'].filter((t) => isToolAllowed(t, policies));
    const fsTools = ['read', 'write', 'edit', 'apply_patch'].filter((t) => isToolAllowed(t, policies));
    const workspaceOnly = get(c.tools, 'fs.workspaceOnly') ?? get(cfg, 'tools.fs.workspaceOnly');
    const runtimeUnguarded = runtime.length > 0 && mode !== 'all';
    const fsUnguarded = fsTools.length > 0 && mode !== 'all' && workspaceOnly !== true;
    if (!runtimeUnguarded && !fsUnguarded) continue;
    if (runtimeUnguarded) runtimeRisk = true;
    contexts.push(`${c.label} (sandbox=${mode}; runtime=[${runtime.join(', ') || 'off'}]; fs=[${fsTools.join(', ') || 'off'}])`);
  }
  return { contexts, runtimeRisk };
}

function multiUserSignals(cfg: JsonObject): string[] {
  const out = new Set<string>();
  const channels = get(cfg, 'channels');
  if (!isObject(channels)) return [];
  const inspect = (s: JsonObject, base: string) => {
    if (s.groupPolicy === 'open') out.add(`${base}.groupPolicy="open"`);
    else if (s.groupPolicy === 'allowlist' && ['groups', 'guilds', 'channels', 'rooms'].some((k) => isObject(s[k]) && Object.keys(s[k] as JsonObject).length > 0)) out.add(`${base}.groupPolicy="allowlist" with configured group targets`);
    if (s.dmPolicy === 'open') out.add(`${base}.dmPolicy="open"`);
    if (strings(s.allowFrom).includes('*')) out.add(`${base}.allowFrom includes "*"`);
    if (strings(s.groupAllowFrom).includes('*')) out.add(`${base}.groupAllowFrom includes "*"`);
    if (isObject(s.dm) && s.dm.policy === 'open') out.add(`${base}.dm.policy="open"`);
  };
  for (const [id, v] of Object.entries(channels)) {
    if (!isObject(v)) continue;
    inspect(v, `channels.${id}`);
    if (isObject(v.accounts)) for (const [acct, a] of Object.entries(v.accounts)) if (isObject(a)) inspect({ ...v, ...a }, `channels.${id}.accounts.${acct}`);
  }
  return [...out];
}

export { multiUserSignals };

function groupPolicyFix(cfg: JsonObject): FixAction[] {
  const channels = get(cfg, 'channels');
  if (!isObject(channels)) return [];
  const plan: FixAction[] = [];
  for (const [id, v] of Object.entries(channels)) {
    if (!isObject(v)) continue;
    if (v.groupPolicy === 'open') plan.push({ kind: 'config-set', path: ['channels', id, 'groupPolicy'], value: 'allowlist', reason: 'as `openclaw security audit --fix`', onlyIf: (cur) => cur === 'open' });
    if (isObject(v.accounts))
      for (const [acct, a] of Object.entries(v.accounts))
        if (isObject(a) && a.groupPolicy === 'open') plan.push({ kind: 'config-set', path: ['channels', id, 'accounts', acct, 'groupPolicy'], value: 'allowlist', reason: 'as `openclaw security audit --fix`', onlyIf: (cur) => cur === 'open' });
  }
  return plan;
}

/** Every check whose finding comes from an open channel policy offers the real --fix (groupPolicy open → allowlist). */
const exposureFix = (ctx: { config: JsonObject }) => groupPolicyFix(ctx.config);

export const TOOLS_CHECKS: Check[] = [
  {
    id: 'tools.elevated.allowFrom.wildcard',
    openclawId: 'tools.elevated.allowFrom.<channel>.wildcard',
    severity: 'critical',
    area: 'tools',
    title: 'Elevated exec allowlist contains wildcard',
    why: '"*" approves everyone on that channel for elevated (host) exec.',
    remediation: 'Replace "*" with explicit sender ids in tools.elevated.allowFrom.<channel>.',
    run(ctx) {
      if (get(ctx.config, 'tools.elevated.enabled') === false) return skip('tools.elevated.enabled=false');
      const allowFrom = get(ctx.config, 'tools.elevated.allowFrom');
      if (!isObject(allowFrom)) return PASS;
      return outcome(
        Object.entries(allowFrom)
          .filter(([, list]) => strings(list).includes('*'))
          .map(([ch]) => ({ id: `tools.elevated.allowFrom.${ch}.wildcard`, message: `tools.elevated.allowFrom.${ch} includes "*" which effectively approves everyone on that channel for elevated mode.`, location: { keyPath: `tools.elevated.allowFrom.${ch}` } })),
      );
    },
  },
  {
    id: 'tools.elevated.allowFrom.large',
    openclawId: 'tools.elevated.allowFrom.<channel>.large',
    severity: 'warning',
    area: 'tools',
    title: 'Elevated exec allowlist is large',
    why: 'More than 25 senders can request host exec.',
    remediation: 'Tighten tools.elevated.allowFrom.<channel>.',
    run(ctx) {
      if (get(ctx.config, 'tools.elevated.enabled') === false) return skip('tools.elevated.enabled=false');
      const allowFrom = get(ctx.config, 'tools.elevated.allowFrom');
      if (!isObject(allowFrom)) return PASS;
      return outcome(
        Object.entries(allowFrom)
          .filter(([, list]) => !strings(list).includes('*') && strings(list).length > 25)
          .map(([ch, list]) => ({ id: `tools.elevated.allowFrom.${ch}.large`, message: `tools.elevated.allowFrom.${ch} has ${strings(list).length} entries.`, location: { keyPath: `tools.elevated.allowFrom.${ch}` } })),
      );
    },
  },
  {
    id: 'tools.exec.security_full_configured',
    openclawId: 'tools.exec.security_full_configured',
    severity: 'warning',
    severities: ['critical'],
    area: 'tools',
    title: 'Exec security=full is configured',
    why: 'security=full runs any command the model asks for, without allowlist or approval.',
    remediation: 'Prefer tools.exec.mode="ask" or "allowlist"; reserve "full" for tightly scoped break-glass agents.',
    run(ctx) {
      const full = execScopes(ctx.config).filter((s) => s.security === 'full');
      if (!full.length) return PASS;
      const open = openChannelSurfaces(ctx.config);
      return fail({ severity: open.length ? 'critical' : 'warning', message: `Full exec trust is enabled for: ${full.map((s) => s.id).join(', ')}.${open.length ? ` Open channel access at: ${open.join(', ')}.` : ''}`, location: { keyPath: 'tools.exec.security' } });
    },
  },
  {
    id: 'security.exposure.open_channels_with_exec',
    openclawId: 'security.exposure.open_channels_with_exec',
    severity: 'warning',
    severities: ['critical'],
    area: 'exposure',
    title: 'Open channels can reach exec-enabled agents',
    why: 'Strangers in an open DM or group can prompt an agent that runs shell commands.',
    remediation: 'Tighten dmPolicy/groupPolicy to pairing or allowlist, or disable exec for agents reachable from public channels.',
    run(ctx) {
      const open = openChannelSurfaces(ctx.config);
      const scopes = execScopes(ctx.config);
      const enabled = scopes.filter((s) => s.security !== 'deny');
      if (!open.length || !enabled.length) return PASS;
      return fail({ severity: scopes.some((s) => s.security === 'full') ? 'critical' : 'warning', message: `Open DM/group access at ${open.join(', ')}; exec-enabled scopes: ${enabled.map((s) => `${s.id} (security=${s.security}, host=${s.host})`).join(', ')}.`, location: { keyPath: open[0] } });
    },
    fix: exposureFix,
  },
  {
    id: 'tools.exec.host_sandbox_no_sandbox_defaults',
    openclawId: 'tools.exec.host_sandbox_no_sandbox_defaults',
    severity: 'warning',
    area: 'tools',
    title: 'Exec host is sandbox but sandbox mode is off',
    why: 'Exec fails closed: the operator believes commands are sandboxed, but no sandbox runtime exists.',
    remediation: 'Enable agents.defaults.sandbox.mode ("non-main" or "all") or set tools.exec.host to "gateway" with approvals.',
    run: (ctx) => (get(ctx.config, 'tools.exec.host') === 'sandbox' && sandboxMode(ctx.config) === 'off' ? fail({ message: 'tools.exec.host=sandbox while agents.defaults.sandbox.mode=off.', location: { keyPath: 'tools.exec.host' } }) : PASS),
  },
  {
    id: 'tools.exec.host_sandbox_no_sandbox_agents',
    openclawId: 'tools.exec.host_sandbox_no_sandbox_agents',
    severity: 'warning',
    area: 'tools',
    title: 'Agent exec host uses sandbox while sandbox mode is off',
    why: 'Exec fails closed for those agents.',
    remediation: 'Enable sandbox mode for these agents or set their tools.exec.host to "gateway".',
    run(ctx) {
      const risky = listAgents(ctx.config).filter((a) => get(a.entry, 'tools.exec.host') === 'sandbox' && sandboxMode(ctx.config, a.id) === 'off');
      return risky.length ? fail({ message: `agents.entries.*.tools.exec.host is sandbox for: ${risky.map((a) => a.id).join(', ')}.`, location: { keyPath: `agents.entries.${risky[0]?.id}.tools.exec.host` } }) : PASS;
    },
  },
  {
    id: 'tools.exec.fs_tools_disabled_but_exec_enabled',
    openclawId: 'tools.exec.fs_tools_disabled_but_exec_enabled',
    severity: 'warning',
    area: 'tools',
    title: 'Filesystem tool policy does not make exec read-only',
    why: 'Denying write/edit does not stop `exec` from writing files.',
    remediation: 'For read-only agents deny exec and process too, or sandbox them with workspaceAccess "ro"/"none".',
    run(ctx) {
      const hits: string[] = [];
      const gExec = get(ctx.config, 'tools.exec');
      for (const c of toolContexts(ctx.config)) {
        const mode = sandboxMode(ctx.config, c.agentId);
        const host = str(get(c.tools, 'exec.host')) ?? str(get(gExec, 'host')) ?? 'auto';
        const access = str(sandboxSetting(ctx.config, 'workspaceAccess', c.agentId)) ?? 'none';
        // Exec inside a sandbox without rw workspace access cannot mutate the host either (exec-filesystem-policy.ts).
        if (mode === 'all' && host !== 'gateway' && host !== 'node' && access !== 'rw') continue;
        const p = toolPolicies(ctx.config, c.tools, mode);
        if (!isToolAllowed('exec', p)) continue;
        const disabledFs = ['write', 'edit', 'apply_patch'].filter((t) => !isToolAllowed(t, p));
        if (disabledFs.length !== 3) continue;
        const runtime = ['exec', 'process'].filter((t) => isToolAllowed(t, p));
        hits.push(`${c.label}: runtime=[${runtime.join(', ')}], disabledFs=[${disabledFs.join(', ')}], exec.host=${host}, sandbox=${mode}`);
      }
      return hits.length ? fail({ message: hits.join('; '), location: { keyPath: 'tools.deny' } }) : PASS;
    },
  },
  {
    id: 'tools.exec.safe_bins_interpreter_unprofiled',
    openclawId: 'tools.exec.safe_bins_interpreter_unprofiled',
    severity: 'warning',
    area: 'tools',
    title: 'safeBins includes interpreter/runtime binaries without explicit profiles',
    why: 'An interpreter in safeBins runs arbitrary code through its arguments.',
    remediation: 'Remove interpreters from safeBins or define tools.exec.safeBinProfiles.<bin>.',
    run(ctx) {
      const hits: string[] = [];
      for (const { exec, label, profiles } of execConfigScopes(ctx.config)) {
        const bins = strings(get(exec as JsonObject, 'safeBins')).filter((b) => INTERPRETERS.test(b.split('/').pop() ?? b) && profiles[b] === undefined);
        if (bins.length) hits.push(`${label}.safeBins: ${bins.join(', ')}`);
      }
      return hits.length ? fail({ message: hits.join('; '), location: { keyPath: 'tools.exec.safeBins' } }) : PASS;
    },
  },
  {
    id: 'tools.exec.safe_bins_broad_behavior',
    openclawId: 'tools.exec.safe_bins_broad_behavior',
    severity: 'warning',
    area: 'tools',
    title: 'safeBins includes binaries with broader semantics than low-risk stream filters',
    why: 'find -exec, xargs, env, awk system(), git hooks, curl/wget downloads: these are execution or exfiltration primitives.',
    remediation: 'Remove these binaries from safeBins; use allowlist entries or approvals.',
    run(ctx) {
      const hits: string[] = [];
      for (const { exec, label } of execConfigScopes(ctx.config)) {
        const bins = strings(get(exec as JsonObject, 'safeBins')).filter((b) => BROAD_SAFE_BINS.test(b.split('/').pop() ?? b));
        if (bins.length) hits.push(`${label}.safeBins: ${bins.join(', ')}`);
      }
      return hits.length ? fail({ message: hits.join('; '), location: { keyPath: 'tools.exec.safeBins' } }) : PASS;
    },
  },
  {
    id: 'tools.exec.safe_bin_trusted_dirs_risky',
    openclawId: 'tools.exec.safe_bin_trusted_dirs_risky',
    severity: 'warning',
    area: 'tools',
    title: 'safeBinTrustedDirs includes risky mutable directories',
    why: 'A binary planted in /tmp, a home bin dir or a package-manager dir becomes a trusted safe bin.',
    remediation: 'Keep the default trust dirs (/bin, /usr/bin).',
    run(ctx) {
      const hits: string[] = [];
      const classify = (raw: string): string | undefined => {
        if (!isAbsolute(raw)) return 'relative path';
        const n = resolve(raw).toLowerCase();
        if (/^\/(private\/)?(var\/)?tmp(\/|$)/.test(n)) return 'temporary directory';
        if (['/usr/local/bin', '/opt/homebrew/bin', '/opt/local/bin', '/home/linuxbrew/.linuxbrew/bin'].includes(n)) return 'package-manager bin directory';
        if (n.startsWith('/users/') || n.startsWith('/home/') || n.includes('/.local/bin')) return 'home-scoped bin directory';
        return undefined;
      };
      for (const { exec, label } of execConfigScopes(ctx.config)) {
        for (const d of strings(get(exec as JsonObject, 'safeBinTrustedDirs'))) {
          const why = classify(d);
          if (why) hits.push(`${label}.safeBinTrustedDirs: ${d} (${why})`);
        }
      }
      return hits.length ? fail({ message: hits.join('; '), location: { keyPath: 'tools.exec.safeBinTrustedDirs' } }) : PASS;
    },
  },
  {
    id: 'tools.profile_minimal_overridden',
    openclawId: 'tools.profile_minimal_overridden',
    severity: 'warning',
    area: 'tools',
    title: 'Global tools.profile=minimal is overridden by agent profiles',
    why: 'The operator set a minimal profile globally, but some agents quietly widen it.',
    remediation: 'Remove the per-agent profile overrides or make the global profile match intent.',
    run(ctx) {
      if (get(ctx.config, 'tools.profile') !== 'minimal') return PASS;
      const over = listAgents(ctx.config).filter((a) => {
        const p = str(get(a.entry, 'tools.profile'));
        return p !== undefined && p !== 'minimal';
      });
      return over.length ? fail({ message: `Agents override tools.profile=minimal: ${over.map((a) => `${a.id}=${str(get(a.entry, 'tools.profile'))}`).join(', ')}.`, location: { keyPath: 'tools.profile' } }) : PASS;
    },
  },
  {
    id: 'security.exposure.open_groups_with_elevated',
    openclawId: 'security.exposure.open_groups_with_elevated',
    severity: 'critical',
    area: 'exposure',
    title: 'Open group/DM policy with elevated tools enabled',
    why: 'A prompt injection in an open conversation can request host exec.',
    remediation: 'Set each listed group/DM policy to "allowlist" and keep elevated allowlists tight (or tools.elevated.enabled=false).',
    run(ctx) {
      const open = listOpenInboundPolicies(ctx.config);
      if (!open.length || get(ctx.config, 'tools.elevated.enabled') === false) return PASS;
      return fail({ message: `Found inbound policy="open" at: ${open.join(', ')}; tools.elevated is enabled.`, location: { keyPath: open[0] } });
    },
    fix: exposureFix,
  },
  {
    id: 'security.exposure.open_groups_with_runtime_or_fs',
    openclawId: 'security.exposure.open_groups_with_runtime_or_fs',
    severity: 'warning',
    severities: ['critical'],
    area: 'exposure',
    title: 'Open group/DM policy with runtime/filesystem tools exposed',
    why: 'Strangers can prompt exec/process (critical) or unrestricted read/write (warning) outside a full sandbox.',
    remediation: 'For open groups or DMs prefer tools.profile="messaging" (or deny group:runtime/group:fs), tools.fs.workspaceOnly=true, and sandbox.mode="all".',
    run(ctx) {
      const open = listOpenInboundPolicies(ctx.config);
      if (!open.length) return PASS;
      const { contexts, runtimeRisk } = riskyToolContexts(ctx.config);
      if (!contexts.length) return PASS;
      return fail({ severity: runtimeRisk ? 'critical' : 'warning', message: `Found inbound policy="open" at: ${open.join(', ')}. Risky tool contexts: ${contexts.join('; ')}.`, location: { keyPath: open[0] } });
    },
    fix: exposureFix,
  },
  {
    id: 'security.exposure.open_groups_with_control_plane_tools',
    openclawId: 'security.exposure.open_groups_with_control_plane_tools',
    severity: 'critical',
    area: 'exposure',
    title: 'Open group/DM policy with control-plane tools exposed',
    why: 'gateway/automations/plugins let a prompt injection rewrite config, schedule runs or install code.',
    remediation: 'Deny automations, gateway and plugins for open conversations; prefer tools.profile="messaging" and pairing/allowlist policies.',
    run(ctx) {
      const open = listOpenInboundPolicies(ctx.config);
      if (!open.length) return PASS;
      const exposed = toolContexts(ctx.config)
        .map((c) => ({ c, tools: CONTROL_PLANE_TOOLS.filter((t) => isToolAllowed(t, toolPolicies(ctx.config, c.tools, sandboxMode(ctx.config, c.agentId)))) }))
        .filter((x) => x.tools.length > 0)
        .map((x) => `${x.c.label} (controlPlane=[${x.tools.join(', ')}])`);
      return exposed.length ? fail({ message: `Found inbound policy="open" at: ${open.join(', ')}. Control-plane exposure: ${exposed.join('; ')}.`, location: { keyPath: open[0] } }) : PASS;
    },
    fix: exposureFix,
  },
  {
    id: 'security.trust_model.multi_user_heuristic',
    openclawId: 'security.trust_model.multi_user_heuristic',
    severity: 'warning',
    area: 'exposure',
    title: 'Potential multi-user setup detected (personal-assistant model warning)',
    why: "OpenClaw's security model is one trusted operator; several users share one agent's tools and context.",
    remediation: 'Split trust boundaries (separate gateways/OS users), or sandbox.mode="all", scope "session", and tight tool policies.',
    run(ctx) {
      const signals = multiUserSignals(ctx.config);
      return signals.length ? fail({ message: `Signals: ${signals.join('; ')}.`, location: { keyPath: 'channels' } }) : PASS;
    },
  },
  {
    id: 'security.trust_model.group_scope_main',
    openclawId: 'security.trust_model.group_scope_main',
    severity: 'warning',
    area: 'exposure',
    title: 'Group rooms share the main session',
    why: 'Every member of each group room shares the main-session context and its memory.',
    remediation: 'Use session.groupScope="per-group".',
    run: (ctx) => (get(ctx.config, 'session.groupScope') === 'main' ? fail({ message: 'session.groupScope="main" (all group/channel rooms merge into the main session).', location: { keyPath: 'session.groupScope' } }) : PASS),
  },
  {
    id: 'security.trust_model.cross_agent_session_access_default',
    openclawId: 'security.trust_model.cross_agent_session_access_default',
    severity: 'info',
    severities: ['warning'],
    area: 'exposure',
    title: 'Agents share Gateway-wide session access (default)',
    why: 'With two or more agents, visibility "all" and agent-to-agent without an allow list, every agent can read every other agent’s transcripts.',
    remediation: 'Set tools.sessions.visibility to "agent"/"tree"/"self", restrict tools.agentToAgent.allow, or disable agentToAgent.',
    run(ctx) {
      const c = ctx.config;
      const ids = new Set(['main', ...listAgents(c).map((a) => a.id)]);
      if (listAgents(c).length < 2 && ids.size < 2) return PASS;
      if ((str(get(c, 'tools.sessions.visibility')) ?? 'all') !== 'all') return PASS;
      if (get(c, 'tools.agentToAgent.enabled') === false || strings(get(c, 'tools.agentToAgent.allow')).length > 0) return PASS;
      const signals = multiUserSignals(c).length + listAgents(c).filter((a) => sandboxMode(c, a.id) !== 'off' || ['profile', 'allow', 'deny'].some((k) => get(a.entry, `tools.${k}`) !== undefined)).length;
      return fail({ severity: signals > 0 ? 'warning' : 'info', message: `Agents: ${[...ids].join(', ')}; tools.sessions.visibility resolves to "all" and tools.agentToAgent has no allow list.`, location: { keyPath: 'tools.sessions.visibility' } });
    },
  },
  {
    id: 'models.legacy',
    openclawId: 'models.legacy',
    severity: 'warning',
    area: 'models',
    title: 'Some configured models look legacy',
    why: 'Older models are less robust against prompt injection and tool misuse.',
    remediation: 'Prefer modern, instruction-hardened models for any bot that can run tools.',
    run(ctx) {
      const hits = modelRefs(ctx.config).filter((m) => /\bgpt-3\.5\b|\bclaude-(instant|2)\b|\bgpt-4-(0314|0613)\b/i.test(m.id));
      return hits.length ? fail({ message: hits.map((m) => `${m.id} @ ${m.source}`).join('; '), location: { keyPath: hits[0]?.source } }) : PASS;
    },
  },
  {
    id: 'models.weak_tier',
    openclawId: 'models.weak_tier',
    severity: 'warning',
    area: 'models',
    title: 'Some configured models are below recommended tiers',
    why: 'Smaller/older models are more susceptible to prompt injection.',
    remediation: 'Avoid Haiku tiers; prefer GPT-5+ and Claude 4.5+.',
    run(ctx) {
      const hits = modelRefs(ctx.config).filter((m) => /\bhaiku\b/i.test(m.id) || (/\bgpt-/i.test(m.id) && !/\bgpt-5(?:\b|[.-])/i.test(m.id)) || (/\bclaude-/i.test(m.id) && !/\bclaude-[^\s/]*?(?:-4-?(?:[5-9]|[1-9]\d)\b|4\.(?:[5-9]|[1-9]\d)\b|-[5-9](?:\b|[.-]))/i.test(m.id)));
      return hits.length ? fail({ message: hits.map((m) => `${m.id} @ ${m.source}`).join('; '), location: { keyPath: hits[0]?.source } }) : PASS;
    },
  },
  ...hooksChecks(),
];

/** Model ids referenced by agents.defaults.model(.primary/.fallbacks) and per-agent overrides. */
function modelRefs(cfg: JsonObject): Array<{ id: string; source: string }> {
  const out: Array<{ id: string; source: string }> = [];
  const add = (v: unknown, source: string) => {
    if (typeof v === 'string' && v.trim()) out.push({ id: v.trim(), source });
    else if (isObject(v)) {
      if (typeof v.primary === 'string') out.push({ id: v.primary, source: `${source}.primary` });
      strings(v.fallbacks).forEach((f, i) => out.push({ id: f, source: `${source}.fallbacks[${i}]` }));
    }
  };
  add(get(cfg, 'agents.defaults.model'), 'agents.defaults.model');
  for (const a of listAgents(cfg)) add(a.entry.model, `agents.entries.${a.id}.model`);
  return out;
}

/** hooks.token as OpenClaw sees it (`${ENV}` substituted). */
function token(cfg: JsonObject, env: NodeJS.ProcessEnv): string {
  return resolveSecretValue(get(cfg, 'hooks.token'), env).value?.trim() ?? '';
}

function hooksChecks(): Check[] {
  const hooksOn = (cfg: JsonObject) => get(cfg, 'hooks.enabled') === true;
  const mk = (c: Omit<Check, 'area' | 'openclawId' | 'run'> & { test: (cfg: JsonObject, env: NodeJS.ProcessEnv) => Hit | undefined }): Check => ({
    ...c,
    openclawId: c.id,
    area: 'hooks',
    run(ctx) {
      if (!hooksOn(ctx.config)) return skip('hooks.enabled is not true');
      const hit = c.test(ctx.config, ctx.env);
      return hit ? fail(hit) : PASS;
    },
  });
  return [
    mk({ id: 'hooks.token_too_short', severity: 'warning', title: 'Hooks token looks short', why: 'Webhook callers authenticate with this token.', remediation: 'Use a long random hooks.token (24+ characters).', test: (c, env) => (token(c, env) && token(c, env).length < 24 ? { message: `hooks.token is ${token(c, env).length} chars.`, location: { keyPath: 'hooks.token' } } : undefined) }),
    mk({
      id: 'hooks.token_reuse_gateway_token',
      severity: 'critical',
      title: 'Hooks token reuses the Gateway token',
      why: 'Compromise of a webhook sender then hands over the whole Gateway API.',
      remediation: 'Rotate hooks.token to a distinct secret.',
      test(c, env) {
        const t = token(c, env);
        if (!t) return undefined;
        const auth = resolveGatewayAuth(c, env);
        const shared = auth.mode === 'token' ? auth.token : auth.mode === 'password' || auth.mode === 'trusted-proxy' ? auth.password : undefined;
        return shared?.trim() === t ? { message: `hooks.token matches gateway.auth ${auth.mode === 'token' ? 'token' : 'password'}.`, location: { keyPath: 'hooks.token' } } : undefined;
      },
    }),
    mk({ id: 'hooks.path_root', severity: 'critical', title: "Hooks base path is '/'", why: "hooks.path='/' shadows every other HTTP endpoint.", remediation: "Use a dedicated path like '/hooks'.", test: (c) => (str(get(c, 'hooks.path'))?.trim() === '/' ? { message: "hooks.path='/'.", location: { keyPath: 'hooks.path' } } : undefined) }),
    mk({ id: 'hooks.default_session_key_unset', severity: 'warning', title: 'hooks.defaultSessionKey is not configured', why: 'Hook runs without a session key get generated per-request keys.', remediation: 'Set hooks.defaultSessionKey (e.g. "hook:ingress").', test: (c) => (!str(get(c, 'hooks.defaultSessionKey'))?.trim() ? { message: 'hooks.defaultSessionKey is unset.', location: { keyPath: 'hooks.defaultSessionKey' } } : undefined) }),
    {
      ...mk({ id: 'hooks.allowed_agent_ids_unrestricted', severity: 'warning', title: 'Hook agent routing allows any configured agent', why: 'Authenticated hook callers may route to any agent id.', remediation: 'Set hooks.allowedAgentIds to an explicit allowlist (or []).', test: () => undefined }),
      severities: ['critical'],
      run(ctx) {
        if (!hooksOn(ctx.config)) return skip('hooks.enabled is not true');
        const ids = get(ctx.config, 'hooks.allowedAgentIds');
        if (Array.isArray(ids) && !strings(ids).includes('*')) return PASS;
        return fail({ severity: isRemotelyExposed(ctx.config) ? 'critical' : 'warning', message: "hooks.allowedAgentIds is unset or includes '*'.", location: { keyPath: 'hooks.allowedAgentIds' } });
      },
    },
    {
      ...mk({ id: 'hooks.request_session_key_enabled', severity: 'warning', title: 'External hook payloads may override sessionKey', why: 'Hook callers choose the session key.', remediation: 'Set hooks.allowRequestSessionKey=false or constrain hooks.allowedSessionKeyPrefixes.', test: () => undefined }),
      severities: ['critical'],
      run(ctx) {
        if (!hooksOn(ctx.config)) return skip('hooks.enabled is not true');
        if (get(ctx.config, 'hooks.allowRequestSessionKey') !== true) return PASS;
        return fail({ severity: isRemotelyExposed(ctx.config) ? 'critical' : 'warning', message: 'hooks.allowRequestSessionKey=true.', location: { keyPath: 'hooks.allowRequestSessionKey' } });
      },
    },
    {
      ...mk({ id: 'hooks.request_session_key_prefixes_missing', severity: 'warning', title: 'Request sessionKey override is enabled without prefix restrictions', why: 'Request payloads can target any session.', remediation: 'Set hooks.allowedSessionKeyPrefixes (e.g. ["hook:"]).', test: () => undefined }),
      severities: ['critical'],
      run(ctx) {
        if (!hooksOn(ctx.config)) return skip('hooks.enabled is not true');
        if (get(ctx.config, 'hooks.allowRequestSessionKey') !== true || strings(get(ctx.config, 'hooks.allowedSessionKeyPrefixes')).length > 0) return PASS;
        return fail({ severity: isRemotelyExposed(ctx.config) ? 'critical' : 'warning', message: 'hooks.allowRequestSessionKey=true and hooks.allowedSessionKeyPrefixes is empty.', location: { keyPath: 'hooks.allowedSessionKeyPrefixes' } });
      },
    },
    {
      id: 'config.secrets.gateway_password_in_config',
      openclawId: 'config.secrets.gateway_password_in_config',
      severity: 'warning',
      area: 'secrets',
      title: 'Gateway password is stored in config',
      why: 'A literal password in openclaw.json travels with every backup and copy of the file.',
      remediation: 'Prefer OPENCLAW_GATEWAY_PASSWORD (env) and remove gateway.auth.password from disk.',
      run(ctx) {
        const raw = get(ctx.config, 'gateway.auth.password');
        if (typeof raw !== 'string' || !raw.trim() || isSecretRef(raw) || /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(raw.trim())) return PASS;
        return fail({ message: 'gateway.auth.password is set in the config file.', location: { keyPath: 'gateway.auth.password' } });
      },
    },
    {
      id: 'config.secrets.hooks_token_in_config',
      openclawId: 'config.secrets.hooks_token_in_config',
      severity: 'info',
      area: 'secrets',
      title: 'Hooks token is stored in config',
      why: 'Keep config perms tight and treat hooks.token like an API secret (OpenClaw reports this as info; its docs say warn).',
      remediation: 'Use ${ENV} or a SecretRef for hooks.token.',
      run(ctx) {
        if (!hooksOn(ctx.config)) return skip('hooks.enabled is not true');
        const raw = get(ctx.config, 'hooks.token');
        if (typeof raw !== 'string' || !raw.trim() || /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(raw.trim())) return PASS;
        return fail({ message: 'hooks.token is set in the config file.', location: { keyPath: 'hooks.token' } });
      },
    },
  ];
}
