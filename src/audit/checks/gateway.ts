// Gateway exposure and auth checks: the real audit's gateway.* / discovery.* / mcp.* / config.* ids, decided from config and env.
import { isObject } from '../../core/openclaw/config.js';
import { generateGatewayToken, isPlaceholderSecret, MIN_TOKEN_LENGTH } from '../../core/openclaw/token.js';
import { redactSecret } from '../../core/redact.js';
import type { JsonObject } from '../../core/openclaw/config.js';
import { gatewayBind, get, hasGatewayAuth, isRemotelyExposed, isSecretRef, listAgents, resolveGatewayAuth, str, strings, tailscaleMode } from '../model.js';
import type { AuditContext, Check, FixAction, Hit } from '../types.js';
import { fail, outcome, PASS, skip } from './helpers.js';

/** Tools OpenClaw denies on HTTP POST /tools/invoke by default (src/security/dangerous-tools.ts). */
export const DEFAULT_GATEWAY_HTTP_TOOL_DENY = ['exec', 'spawn', 'shell', 'fs_write', 'fs_delete', 'fs_move', 'apply_patch', 'terminal', 'portal', 'sessions_spawn', 'sessions_send', 'conversations_list', 'conversations_send', 'conversations_turn', 'automations', 'gateway', 'plugins', 'nodes', 'computer', 'mobile_ui', 'openclaw'];

/** Node commands OpenClaw treats as dangerous when allowed (camera, screen, contacts, calendar, reminders, SMS, health). */
const DANGEROUS_NODE_COMMAND = /^(camera\.|screen\.|contacts\.|calendar\.|reminders\.|sms\.|health\.)/;

const SANDBOX_DOCKER_DANGEROUS_KEYS = ['dangerouslyAllowReservedContainerTargets', 'dangerouslyAllowExternalBindSources', 'dangerouslyAllowContainerNamespaceJoin'];

const AREA = 'gateway';

/** What OpenClaw's isInvalidGatewaySecret rejects: blank input or JavaScript string coercion. */
const INVALID_SECRETS = new Set(['', 'undefined', 'null']);

type SecretKind = 'token' | 'password';

/** The trimmed gateway token or password when gateway auth uses that kind, else undefined. */
function activeGatewaySecret(ctx: AuditContext, kind: SecretKind): string | undefined {
  const auth = resolveGatewayAuth(ctx.config, ctx.env);
  if (auth.mode !== kind) return undefined;
  const value = kind === 'token' ? auth.token : auth.password;
  return typeof value === 'string' ? value.trim() : undefined;
}

/** `gateway.<kind>_placeholder_value`: blank, "undefined" or "null", which the gateway rejects at startup. */
function placeholderRun(kind: SecretKind) {
  return (ctx: AuditContext) => {
    const v = activeGatewaySecret(ctx, kind);
    if (v === undefined || !INVALID_SECRETS.has(v)) return PASS;
    return fail({ message: `gateway.auth.${kind} is ${v === '' ? 'blank' : `the literal "${v}"`}; the gateway rejects it at startup.`, location: { keyPath: `gateway.auth.${kind}` } });
  };
}

/** `gateway.<kind>_too_short`: a real value shorter than OpenClaw's 24-character floor. */
function tooShortRun(kind: SecretKind) {
  return (ctx: AuditContext) => {
    const v = activeGatewaySecret(ctx, kind);
    if (!v || INVALID_SECRETS.has(v) || v.length >= MIN_TOKEN_LENGTH) return PASS;
    return fail({ message: `gateway auth ${kind} is ${v.length} chars; prefer a long random ${kind}.`, location: { keyPath: `gateway.auth.${kind}` } });
  };
}
/** Placeholders that shipped in OpenClaw's .env.example / onboarding docs (known-weak-gateway-secrets.ts). */
const KNOWN_WEAK = new Set(['change-me-to-a-long-random-token', 'change-me-now', 'change-me-to-a-strong-password']);

function controlUiEnabled(cfg: JsonObject): boolean {
  return get(cfg, 'gateway.controlUi.enabled') !== false;
}

function trustedProxies(cfg: JsonObject): string[] {
  return strings(get(cfg, 'gateway.trustedProxies'));
}

function isStrictLoopbackProxy(entry: string): boolean {
  const e = entry.trim().toLowerCase();
  return e === '127.0.0.1' || e === '::1' || e === '127.0.0.1/32' || e === '::1/128';
}

/** `config.insecure_or_dangerous_flags`: the same flag labels the real audit prints. */
export function dangerousFlags(cfg: JsonObject): string[] {
  const flags: string[] = [];
  if (get(cfg, 'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback') === true) flags.push('gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true');
  if (get(cfg, 'hooks.gmail.allowUnsafeExternalContent') === true) flags.push('hooks.gmail.allowUnsafeExternalContent=true');
  const mappings = get(cfg, 'hooks.mappings');
  if (Array.isArray(mappings)) mappings.forEach((m, i) => isObject(m) && m.allowUnsafeExternalContent === true && flags.push(`hooks.mappings[${i}].allowUnsafeExternalContent=true`));
  if (get(cfg, 'tools.exec.applyPatch.workspaceOnly') === false) flags.push('tools.exec.applyPatch.workspaceOnly=false');
  const suppressions = get(cfg, 'security.audit.suppressions');
  if (Array.isArray(suppressions) && suppressions.length > 0) flags.push(`security.audit.suppressions configured (${suppressions.length})`);
  if (get(cfg, 'hooks.allowRequestSessionKey') === true) flags.push('hooks.allowRequestSessionKey=true');
  if (get(cfg, 'browser.ssrfPolicy.dangerouslyAllowPrivateNetwork') === true) flags.push('browser.ssrfPolicy.dangerouslyAllowPrivateNetwork=true');
  if (get(cfg, 'tools.fs.workspaceOnly') === false) flags.push('tools.fs.workspaceOnly=false');
  const docker = (d: unknown, prefix: string) => {
    if (isObject(d)) for (const k of SANDBOX_DOCKER_DANGEROUS_KEYS) if (d[k] === true) flags.push(`${prefix}.${k}=true`);
  };
  docker(get(cfg, 'agents.defaults.sandbox.docker'), 'agents.defaults.sandbox.docker');
  for (const a of listAgents(cfg)) docker(get(a.entry, 'sandbox.docker'), `agents.entries.${a.id}.sandbox.docker`);
  return flags;
}

/** Plan: a strong random gateway token in the file that owns gateway.auth (never printed). */
function tokenFix(ctx: AuditContext): FixAction[] {
  const auth = get(ctx.config, 'gateway.auth');
  const rawToken = isObject(auth) ? auth.token : undefined;
  // A SecretRef or ${ENV} token lives elsewhere: rotating it is the operator's job.
  if (isSecretRef(rawToken) || (typeof rawToken === 'string' && /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(rawToken.trim()))) return [];
  const mode = str(isObject(auth) ? auth.mode : undefined);
  if (mode && mode !== 'token') return [];
  // A good token from the environment (OPENCLAW_GATEWAY_TOKEN) stays the source of truth.
  const effective = resolveGatewayAuth(ctx.config, ctx.env);
  if (effective.tokenSource === 'env' && effective.token && !isPlaceholderSecret(effective.token) && effective.token.trim().length >= MIN_TOKEN_LENGTH) return [];
  const token = generateGatewayToken();
  const actions: FixAction[] = [
    {
      kind: 'config-set',
      path: ['gateway', 'auth', 'token'],
      value: token,
      display: redactSecret(token),
      reason: 'strong random gateway token (32 bytes, base64url)',
      onlyIf: (current) => typeof current !== 'string' || isPlaceholderSecret(current) || KNOWN_WEAK.has(current.trim()) || current.trim().length < MIN_TOKEN_LENGTH,
    },
  ];
  if (!mode) actions.push({ kind: 'config-set', path: ['gateway', 'auth', 'mode'], value: 'token', reason: 'use the token just written', onlyIf: (current) => current === undefined });
  return actions;
}

export const GATEWAY_CHECKS: Check[] = [
  {
    id: 'gateway.bind_no_auth',
    openclawId: 'gateway.bind_no_auth',
    severity: 'critical',
    area: AREA,
    title: 'Gateway binds beyond loopback without auth',
    why: 'Anyone who can reach the port can drive the agent: run tools, read sessions, change config.',
    remediation: 'Set gateway.auth (token recommended) or bind to loopback.',
    run(ctx) {
      const bind = gatewayBind(ctx.config);
      if (bind === 'loopback') return PASS;
      if (hasGatewayAuth(resolveGatewayAuth(ctx.config, ctx.env))) return PASS;
      return fail({ message: `gateway.bind="${bind}" but no gateway.auth token/password is configured.`, location: { keyPath: 'gateway.bind' } });
    },
    fix: tokenFix,
  },
  {
    id: 'gateway.loopback_no_auth',
    openclawId: 'gateway.loopback_no_auth',
    severity: 'critical',
    area: AREA,
    title: 'Gateway auth missing on loopback',
    why: 'Every local process and user, and anything behind a reverse proxy, reaches the Control UI and the tool API without a secret.',
    remediation: 'Set gateway.auth (token recommended) or keep the Control UI local-only. `clawguard audit --fix` writes a strong token.',
    run(ctx) {
      const cfg = ctx.config;
      if (gatewayBind(cfg) !== 'loopback' || !controlUiEnabled(cfg)) return PASS;
      const auth = resolveGatewayAuth(cfg, ctx.env);
      const tailscaleServeAuth = get(cfg, 'gateway.auth.allowTailscale') === true && tailscaleMode(cfg) === 'serve';
      if (hasGatewayAuth(auth) || tailscaleServeAuth) return PASS;
      return fail({ message: 'gateway.bind is loopback but no gateway auth secret is configured. If the Control UI is exposed through a reverse proxy, unauthenticated access is possible.', location: { keyPath: 'gateway.auth' } });
    },
    fix: tokenFix,
  },
  {
    id: 'gateway.trusted_proxies_missing',
    openclawId: 'gateway.trusted_proxies_missing',
    severity: 'warning',
    area: AREA,
    title: 'Reverse proxy headers are not trusted',
    why: 'Behind nginx/Caddy without trustedProxies, the gateway sees every request as local; forged X-Forwarded-For headers can then pass local-client checks.',
    remediation: 'Set gateway.trustedProxies to your proxy IPs (e.g. ["127.0.0.1"]) or keep the Control UI local-only.',
    run(ctx) {
      if (gatewayBind(ctx.config) !== 'loopback' || !controlUiEnabled(ctx.config) || trustedProxies(ctx.config).length > 0) return PASS;
      return fail({ message: 'gateway.bind is loopback and gateway.trustedProxies is empty. If you expose the Control UI through a reverse proxy, configure trusted proxies so local-client checks cannot be spoofed.', location: { keyPath: 'gateway.trustedProxies' } });
    },
  },
  {
    id: 'gateway.http.no_auth',
    openclawId: 'gateway.http.no_auth',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'Gateway HTTP APIs are reachable without auth',
    why: 'POST /tools/invoke (and /v1/* when enabled) runs tools for any caller when no shared secret resolves.',
    remediation: 'Set gateway.auth.mode to token/password. If you keep mode=none, keep gateway.bind=loopback and disable optional HTTP endpoints.',
    run(ctx) {
      const auth = resolveGatewayAuth(ctx.config, ctx.env);
      const resolved = auth.mode === 'trusted-proxy' || (auth.mode === 'token' && Boolean(auth.token?.trim())) || (auth.mode === 'password' && Boolean(auth.password?.trim())) || auth.tokenRef || auth.passwordRef;
      if (resolved) return PASS;
      const endpoints = ['/tools/invoke'];
      if (get(ctx.config, 'gateway.http.endpoints.chatCompletions.enabled') === true) endpoints.push('/v1/chat/completions');
      if (get(ctx.config, 'gateway.http.endpoints.responses.enabled') === true) endpoints.push('/v1/responses');
      if (get(ctx.config, 'plugins.entries.admin-http-rpc.enabled') === true) endpoints.push('/api/v1/admin/rpc');
      return fail({
        severity: isRemotelyExposed(ctx.config) ? 'critical' : 'warning',
        message: `gateway.auth.mode="${auth.mode}" leaves ${endpoints.join(', ')} callable without a shared secret.`,
        location: { keyPath: 'gateway.auth.mode' },
      });
    },
    fix: tokenFix,
  },
  {
    id: 'gateway.http.session_key_override_enabled',
    openclawId: 'gateway.http.session_key_override_enabled',
    severity: 'info',
    area: AREA,
    title: 'HTTP API session-key override is enabled',
    why: 'The OpenAI-compatible endpoints accept x-openclaw-session-key, so any API credential holder can route into any session.',
    remediation: 'Treat API credential holders as trusted principals, or disable gateway.http.endpoints.*.',
    run(ctx) {
      const eps = [get(ctx.config, 'gateway.http.endpoints.chatCompletions.enabled') === true && '/v1/chat/completions', get(ctx.config, 'gateway.http.endpoints.responses.enabled') === true && '/v1/responses'].filter(Boolean);
      return eps.length ? fail({ message: `${eps.join(', ')} accept x-openclaw-session-key for per-request session routing.`, location: { keyPath: 'gateway.http.endpoints' } }) : PASS;
    },
  },
  {
    id: 'gateway.tools_invoke_http.dangerous_allow',
    openclawId: 'gateway.tools_invoke_http.dangerous_allow',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'Gateway HTTP /tools/invoke re-enables dangerous tools',
    why: 'gateway.tools.allow removes tools from the default HTTP deny list: remote session spawning and control-plane actions over plain HTTP.',
    remediation: 'Remove these entries from gateway.tools.allow; if you keep them, keep the gateway loopback-only and treat its token as full admin.',
    run(ctx) {
      const allow = new Set(strings(get(ctx.config, 'gateway.tools.allow')).map((s) => s.toLowerCase()));
      const hits = DEFAULT_GATEWAY_HTTP_TOOL_DENY.filter((t) => allow.has(t));
      if (!hits.length) return PASS;
      const exposed = gatewayBind(ctx.config) !== 'loopback' || tailscaleMode(ctx.config) === 'funnel';
      return fail({ severity: exposed ? 'critical' : 'warning', message: `gateway.tools.allow includes ${hits.join(', ')} which removes them from the default HTTP deny list.`, location: { keyPath: 'gateway.tools.allow' } });
    },
  },
  {
    id: 'gateway.control_ui.allowed_origins_required',
    openclawId: 'gateway.control_ui.allowed_origins_required',
    severity: 'critical',
    area: AREA,
    title: 'Non-loopback Control UI missing explicit allowed origins',
    why: 'Without an origin allowlist a malicious web page can talk to the exposed Control UI websocket from a victim browser.',
    remediation: 'Set gateway.controlUi.allowedOrigins to full trusted origins (e.g. https://control.example.com).',
    run(ctx) {
      const c = ctx.config;
      if (gatewayBind(c) === 'loopback' || !controlUiEnabled(c)) return PASS;
      if (strings(get(c, 'gateway.controlUi.allowedOrigins')).length > 0 || get(c, 'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback') === true) return PASS;
      return fail({ message: 'Control UI is enabled on a non-loopback bind but gateway.controlUi.allowedOrigins is empty.', location: { keyPath: 'gateway.controlUi.allowedOrigins' } });
    },
  },
  {
    id: 'gateway.control_ui.allowed_origins_wildcard',
    openclawId: 'gateway.control_ui.allowed_origins_wildcard',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'Control UI allowed origins contains wildcard',
    why: '"*" allows any browser origin for Control UI/WebChat requests: origin allowlisting is off.',
    remediation: 'Replace "*" with explicit trusted origins.',
    run(ctx) {
      if (!strings(get(ctx.config, 'gateway.controlUi.allowedOrigins')).includes('*')) return PASS;
      return fail({ severity: gatewayBind(ctx.config) !== 'loopback' ? 'critical' : 'warning', message: 'gateway.controlUi.allowedOrigins includes "*" (allow any browser origin).', location: { keyPath: 'gateway.controlUi.allowedOrigins' } });
    },
  },
  {
    id: 'gateway.control_ui.host_header_origin_fallback',
    openclawId: 'gateway.control_ui.host_header_origin_fallback',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'DANGEROUS: Host-header origin fallback enabled',
    why: 'Host-header origin fallback weakens DNS-rebinding protection of the Control UI websocket.',
    remediation: 'Disable gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback and set explicit allowedOrigins.',
    run(ctx) {
      if (get(ctx.config, 'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback') !== true) return PASS;
      return fail({ severity: gatewayBind(ctx.config) !== 'loopback' ? 'critical' : 'warning', message: 'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback=true.', location: { keyPath: 'gateway.controlUi.dangerouslyAllowHostHeaderOriginFallback' } });
    },
  },
  {
    id: 'gateway.real_ip_fallback_enabled',
    openclawId: 'gateway.real_ip_fallback_enabled',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'X-Real-IP fallback is enabled',
    why: 'A proxy that forwards a client-supplied X-Real-IP lets callers spoof their source IP and pass local-client checks.',
    remediation: 'Keep gateway.allowRealIpFallback=false (default).',
    run(ctx) {
      if (get(ctx.config, 'gateway.allowRealIpFallback') !== true) return PASS;
      const auth = resolveGatewayAuth(ctx.config, ctx.env);
      const exposed = gatewayBind(ctx.config) !== 'loopback' || (auth.mode === 'trusted-proxy' && trustedProxies(ctx.config).some((p) => !isStrictLoopbackProxy(p)));
      return fail({ severity: exposed ? 'critical' : 'warning', message: 'gateway.allowRealIpFallback=true trusts X-Real-IP when trusted proxies omit X-Forwarded-For.', location: { keyPath: 'gateway.allowRealIpFallback' } });
    },
  },
  {
    id: 'discovery.mdns_full_mode',
    openclawId: 'discovery.mdns_full_mode',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'mDNS full mode can leak host metadata',
    why: 'discovery.mdns.mode="full" publishes cliPath and sshPort in LAN TXT records: usernames, filesystem layout, management ports.',
    remediation: 'Set discovery.mdns.mode to "minimal" or "off". `clawguard audit --fix` sets "minimal".',
    run(ctx) {
      if (get(ctx.config, 'discovery.mdns.mode') !== 'full') return PASS;
      return fail({ severity: gatewayBind(ctx.config) !== 'loopback' ? 'critical' : 'warning', message: 'discovery.mdns.mode="full" publishes cliPath/sshPort in local-network TXT records.', location: { keyPath: 'discovery.mdns.mode' } });
    },
    fix: () => [{ kind: 'config-set', path: ['discovery', 'mdns', 'mode'], value: 'minimal', reason: 'stop broadcasting cliPath/sshPort', onlyIf: (cur) => cur === 'full' }],
  },
  {
    id: 'gateway.tailscale_funnel',
    openclawId: 'gateway.tailscale_funnel',
    severity: 'critical',
    area: AREA,
    title: 'Tailscale Funnel exposure enabled',
    why: 'Funnel publishes the gateway on the public internet.',
    remediation: 'Prefer gateway.tailscale.mode="serve" (tailnet-only) or "off".',
    run: (ctx) => (tailscaleMode(ctx.config) === 'funnel' ? fail({ message: 'gateway.tailscale.mode="funnel" exposes the Gateway publicly.', location: { keyPath: 'gateway.tailscale.mode' } }) : PASS),
  },
  {
    id: 'gateway.tailscale_serve',
    openclawId: 'gateway.tailscale_serve',
    severity: 'info',
    area: AREA,
    title: 'Tailscale Serve exposure enabled',
    why: 'Serve exposes the loopback gateway to your tailnet; this is the recommended remote-access setup, reported for the inventory.',
    remediation: 'None needed; keep tailnet ACLs tight.',
    run: (ctx) => (tailscaleMode(ctx.config) === 'serve' ? fail({ message: 'gateway.tailscale.mode="serve" exposes the Gateway to your tailnet (loopback behind Tailscale).', location: { keyPath: 'gateway.tailscale.mode' } }) : PASS),
  },
  {
    id: 'mcp.apps.enabled',
    openclawId: 'mcp.apps.enabled',
    severity: 'warning',
    area: AREA,
    title: 'MCP Apps UI bridge enabled',
    why: 'MCP servers can render interactive HTML that calls their tools while the session runs.',
    remediation: 'Keep mcp.apps.enabled only for MCP servers you trust.',
    run: (ctx) => (get(ctx.config, 'mcp.apps.enabled') === true ? fail({ message: 'mcp.apps.enabled=true allows configured MCP servers to provide interactive HTML.', location: { keyPath: 'mcp.apps.enabled' } }) : PASS),
  },
  {
    id: 'config.insecure_or_dangerous_flags',
    openclawId: 'config.insecure_or_dangerous_flags',
    severity: 'warning',
    area: 'config',
    title: 'Insecure or dangerous config flag enabled',
    why: 'Each of these flags disables a protection OpenClaw ships with.',
    remediation: 'Disable the flag when not actively debugging, or keep the deployment local-only.',
    run: (ctx) => outcome(dangerousFlags(ctx.config).map((flag) => ({ message: `Detected enabled flag: ${flag}.`, location: { keyPath: flag.split(/[= ]/)[0] } }))),
  },
  {
    id: 'gateway.token_placeholder_value',
    openclawId: 'gateway.token_placeholder_value',
    severity: 'critical',
    area: AREA,
    title: 'Gateway token is a blank or undefined/null placeholder',
    why: 'The gateway rejects a blank/"undefined"/"null" token at startup, and a copied example token is public knowledge.',
    remediation: 'Generate a real token: `clawguard audit --fix` (or `openclaw doctor --fix --generate-gateway-token`), then restart the gateway.',
    run: placeholderRun('token'),
    fix: tokenFix,
  },
  {
    id: 'gateway.password_placeholder_value',
    openclawId: 'gateway.password_placeholder_value',
    severity: 'critical',
    area: AREA,
    title: 'Gateway password is a blank or undefined/null placeholder',
    why: 'A placeholder password is either rejected at startup or publicly known.',
    remediation: 'Set a real password in OPENCLAW_GATEWAY_PASSWORD (e.g. `openssl rand -hex 32`), or switch to token auth.',
    run: placeholderRun('password'),
  },
  {
    id: 'gateway.token_too_short',
    openclawId: 'gateway.token_too_short',
    severity: 'warning',
    area: AREA,
    title: 'Gateway token looks short',
    why: 'Short tokens can be brute-forced, especially without rate limiting.',
    remediation: 'Use a long random token; `clawguard audit --fix` writes a 43-character one.',
    run: tooShortRun('token'),
    fix: tokenFix,
  },
  {
    id: 'gateway.password_too_short',
    openclawId: 'gateway.password_too_short',
    severity: 'warning',
    area: AREA,
    title: 'Gateway password looks short',
    why: 'Short passwords can be brute-forced.',
    remediation: 'Use a long random password (24+ characters).',
    run: tooShortRun('password'),
  },
  {
    id: 'gateway.auth_no_rate_limit',
    openclawId: 'gateway.auth_no_rate_limit',
    severity: 'warning',
    area: AREA,
    title: 'No auth rate limiting configured',
    why: 'A gateway reachable beyond loopback without rate limiting lets attackers brute-force its secret.',
    remediation: 'Set gateway.auth.rateLimit (e.g. { maxAttempts: 10, windowMs: 60000, lockoutMs: 300000 }).',
    run(ctx) {
      if (gatewayBind(ctx.config) === 'loopback' || resolveGatewayAuth(ctx.config, ctx.env).mode === 'trusted-proxy' || get(ctx.config, 'gateway.auth.rateLimit')) return PASS;
      return fail({ message: 'gateway.bind is not loopback but no gateway.auth.rateLimit is configured.', location: { keyPath: 'gateway.auth.rateLimit' } });
    },
    fix: (ctx) =>
      gatewayBind(ctx.config) === 'loopback'
        ? []
        : [{ kind: 'config-set', path: ['gateway', 'auth', 'rateLimit'], value: { maxAttempts: 10, windowMs: 60000, lockoutMs: 300000 }, reason: 'brute-force protection', onlyIf: (cur) => cur === undefined }],
  },
  {
    id: 'gateway.env_token_overrides_config',
    openclawId: 'gateway.env_token_overrides_config',
    severity: 'warning',
    area: AREA,
    title: 'OPENCLAW_GATEWAY_TOKEN conflicts with gateway.auth.token',
    why: 'Clients and the gateway service may use different tokens, and the one in config is not the one protecting the gateway.',
    remediation: 'Remove OPENCLAW_GATEWAY_TOKEN from the environment/.env, or point gateway.auth.token at ${OPENCLAW_GATEWAY_TOKEN}.',
    run(ctx) {
      const envToken = ctx.env.OPENCLAW_GATEWAY_TOKEN?.trim();
      if (!envToken || get(ctx.config, 'gateway.mode') === 'remote') return PASS;
      const mode = str(get(ctx.config, 'gateway.auth.mode'));
      if (mode === 'password' || mode === 'none' || mode === 'trusted-proxy') return PASS;
      const raw = get(ctx.config, 'gateway.auth.token');
      if (isSecretRef(raw) && isObject(raw) && raw.source === 'env' && raw.id === 'OPENCLAW_GATEWAY_TOKEN') return PASS;
      if (typeof raw === 'string' && raw.trim() === '${OPENCLAW_GATEWAY_TOKEN}') return PASS;
      const configToken = typeof raw === 'string' ? raw.trim() : undefined;
      if (!isSecretRef(raw) && !configToken) return PASS;
      if (configToken === envToken) return PASS;
      return fail({ message: 'OPENCLAW_GATEWAY_TOKEN is set while gateway.auth.token uses a different configured source.', location: { keyPath: 'gateway.auth.token' } });
    },
  },
  {
    id: 'audit.gateway.known-weak-secret',
    severity: 'critical',
    area: AREA,
    title: 'Gateway token or password is a well-known placeholder',
    why: 'OpenClaw only rejects blank/"undefined"/"null" secrets in its audit; "changeme", "your-token", the .env.example sentinels and friends pass it (at most as "short"), yet anyone can guess them.',
    remediation: 'Generate a real secret: `clawguard audit --fix` writes a strong token (passwords: set OPENCLAW_GATEWAY_PASSWORD to `openssl rand -hex 32`).',
    run(ctx) {
      const auth = resolveGatewayAuth(ctx.config, ctx.env);
      const hits: Hit[] = [];
      for (const [kind, value] of [['token', auth.mode === 'token' ? auth.token : undefined], ['password', auth.mode === 'password' || auth.mode === 'trusted-proxy' ? auth.password : undefined]] as const) {
        const v = value?.trim();
        if (!v || INVALID_SECRETS.has(v)) continue;
        if (KNOWN_WEAK.has(v) || isPlaceholderSecret(v)) hits.push({ message: `gateway.auth.${kind} is a well-known placeholder (${redactSecret(v)}).`, location: { keyPath: `gateway.auth.${kind}` } });
      }
      return outcome(hits);
    },
    fix: tokenFix,
  },
  ...trustedProxyChecks(),
  {
    id: 'gateway.nodes.allow_commands_dangerous',
    openclawId: 'gateway.nodes.allow_commands_dangerous',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'Dangerous node commands explicitly enabled',
    why: 'Paired devices then let the agent use camera, screen recording, contacts, calendar, SMS or health data.',
    remediation: 'Remove these entries from gateway.nodes.commands.allow.',
    run(ctx) {
      const allow = strings(get(ctx.config, 'gateway.nodes.commands.allow'));
      const hits = allow.filter((c) => c === '*' || DANGEROUS_NODE_COMMAND.test(c));
      if (!hits.length) return PASS;
      return fail({ severity: isRemotelyExposed(ctx.config) ? 'critical' : 'warning', message: `gateway.nodes.commands.allow includes ${hits.join(', ')}.`, location: { keyPath: 'gateway.nodes.commands.allow' } });
    },
  },
  {
    id: 'gateway.nodes.deny_commands_ineffective',
    openclawId: 'gateway.nodes.deny_commands_ineffective',
    severity: 'warning',
    area: AREA,
    title: 'Some gateway.nodes.commands.deny entries are ineffective',
    why: 'The deny list matches exact command names only; patterns and shell text are never matched, so the operator believes something is blocked that is not.',
    remediation: 'Use exact command names (e.g. system.run).',
    run(ctx) {
      const deny = strings(get(ctx.config, 'gateway.nodes.commands.deny'));
      const patternLike = deny.filter((v) => /[?*[\]{}(),|]/.test(v) || v.startsWith('/') || v.endsWith('/') || v.startsWith('^') || v.endsWith('$') || /\s/.test(v) || v.includes('group:'));
      return patternLike.length ? fail({ message: `Pattern-like entries (not supported by exact matching): ${patternLike.join(', ')}`, location: { keyPath: 'gateway.nodes.commands.deny' } }) : PASS;
    },
  },
  {
    id: 'summary.attack_surface',
    openclawId: 'summary.attack_surface',
    severity: 'info',
    area: 'summary',
    title: 'Attack surface summary',
    why: 'An inventory line, emitted on every run like the real audit.',
    remediation: 'None.',
    run(ctx) {
      const c = ctx.config;
      let open = 0;
      let allowlist = 0;
      const channels = get(c, 'channels');
      if (isObject(channels)) for (const v of Object.values(channels)) if (isObject(v)) v.groupPolicy === 'open' ? open++ : v.groupPolicy === 'allowlist' && allowlist++;
      const lines = [
        `groups: open=${open}, allowlist=${allowlist}`,
        `tools.elevated: ${get(c, 'tools.elevated.enabled') !== false ? 'enabled' : 'disabled'}`,
        `hooks.webhooks: ${get(c, 'hooks.enabled') === true ? 'enabled' : 'disabled'}`,
        `gateway: bind=${gatewayBind(c)}, auth=${resolveGatewayAuth(c, ctx.env).mode}, tailscale=${tailscaleMode(c)}`,
      ];
      return fail({ message: lines.join('; ') });
    },
  },
];

function trustedProxyChecks(): Check[] {
  const tp = (ctx: AuditContext): JsonObject | undefined | false => {
    if (resolveGatewayAuth(ctx.config, ctx.env).mode !== 'trusted-proxy') return false;
    const v = get(ctx.config, 'gateway.auth.trustedProxy');
    return isObject(v) ? v : undefined;
  };
  const mk = (id: string, severity: 'critical' | 'warning', title: string, why: string, remediation: string, test: (cfg: JsonObject | undefined, ctx: AuditContext) => Hit | undefined): Check => ({
    id,
    openclawId: id,
    severity,
    area: AREA,
    title,
    why,
    remediation,
    run(ctx) {
      const cfg = tp(ctx);
      if (cfg === false) return skip('gateway.auth.mode is not trusted-proxy');
      const hit = test(cfg, ctx);
      return hit ? fail(hit) : PASS;
    },
  });
  return [
    mk('gateway.trusted_proxy_auth', 'critical', 'Trusted-proxy auth mode enabled', 'Authentication is delegated to a reverse proxy; any path around it is unauthenticated.', 'Make sure the proxy authenticates users, trustedProxies lists only its IPs, and the gateway port is firewalled.', () => ({ message: 'gateway.auth.mode="trusted-proxy" delegates authentication to a reverse proxy.', location: { keyPath: 'gateway.auth.mode' } })),
    mk('gateway.trusted_proxy_no_proxies', 'critical', 'Trusted-proxy auth enabled but no trusted proxies configured', 'With no trusted proxies every request is rejected, or a later edit trusts the wrong source.', 'Set gateway.trustedProxies to the IP(s) of your reverse proxy.', (_c, ctx) => (trustedProxies(ctx.config).length === 0 ? { message: 'gateway.auth.mode="trusted-proxy" but gateway.trustedProxies is empty.', location: { keyPath: 'gateway.trustedProxies' } } : undefined)),
    mk('gateway.trusted_proxy_no_user_header', 'critical', 'Trusted-proxy auth missing userHeader config', 'Without userHeader the gateway cannot tell who the proxy authenticated.', 'Set gateway.auth.trustedProxy.userHeader (e.g. "x-forwarded-user").', (c) => (!str(c?.userHeader) ? { message: 'gateway.auth.trustedProxy.userHeader is not configured.', location: { keyPath: 'gateway.auth.trustedProxy.userHeader' } } : undefined)),
    mk('gateway.trusted_proxy_allow_loopback', 'warning', 'Trusted-proxy auth allows loopback proxy sources', 'Any local process can then claim an identity through the trusted-proxy headers.', 'Enable allowLoopback only for a deliberate same-host proxy.', (c) => (c?.allowLoopback === true ? { message: 'gateway.auth.trustedProxy.allowLoopback=true.', location: { keyPath: 'gateway.auth.trustedProxy.allowLoopback' } } : undefined)),
    mk('gateway.trusted_proxy_device_auto_approve', 'warning', 'Trusted-proxy operator device auto-approval enabled', 'New operator devices are approved from proxy identity alone.', 'Enable only when the proxy is the exclusive ingress and restricts users with allowUsers.', (c) => (get(c, 'deviceAutoApprove.enabled') === true ? { message: 'gateway.auth.trustedProxy.deviceAutoApprove.enabled=true.', location: { keyPath: 'gateway.auth.trustedProxy.deviceAutoApprove.enabled' } } : undefined)),
    mk('gateway.trusted_proxy_device_auto_approve_admin', 'critical', 'Trusted-proxy device auto-approval allows full admin', 'Every proxy-authenticated user can auto-approve an operator device with full admin.', 'Remove operator.admin from deviceAutoApprove.scopes.', (c) => (get(c, 'deviceAutoApprove.enabled') === true && strings(get(c, 'deviceAutoApprove.scopes')).includes('operator.admin') ? { message: 'gateway.auth.trustedProxy.deviceAutoApprove.scopes includes operator.admin.', location: { keyPath: 'gateway.auth.trustedProxy.deviceAutoApprove.scopes' } } : undefined)),
    mk('gateway.trusted_proxy_no_allowlist', 'warning', 'Trusted-proxy auth allows all authenticated users', 'Anyone your proxy authenticates (the whole IdP) reaches the gateway.', 'Set gateway.auth.trustedProxy.allowUsers.', (c) => (strings(c?.allowUsers).length === 0 ? { message: 'gateway.auth.trustedProxy.allowUsers is empty.', location: { keyPath: 'gateway.auth.trustedProxy.allowUsers' } } : undefined)),
  ];
}
