// OpenClaw config semantics the checks share: gateway auth resolution, agents, sandbox modes, tool policies, open inbound policies.
import { getPath, isObject, type JsonObject, type JsonValue } from '../core/openclaw/config.js';
import catalog from './data/tool-catalog.json' with { type: 'json' };

export function get(cfg: JsonValue | undefined, dotted: string): JsonValue | undefined {
  return getPath(cfg, dotted.split('.'));
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map((v) => v.trim()).filter(Boolean) : [];
}

/** `{source: "env"|"file"|"exec", ...}`: a SecretRef, which is never a plaintext secret. */
export function isSecretRef(value: unknown): boolean {
  return isObject(value) && typeof value.source === 'string' && ['env', 'file', 'exec'].includes(value.source);
}

const ENV_TEMPLATE = /^\$\{([A-Za-z_][A-Za-z0-9_]*)\}$/;

/** `${VAR}`: OpenClaw substitutes environment variables in config strings at load time. */
export function envTemplateName(value: unknown): string | undefined {
  return typeof value === 'string' ? ENV_TEMPLATE.exec(value.trim())?.[1] : undefined;
}

/** A config string as OpenClaw would see it: `${VAR}` resolved from env, SecretRef env sources resolved; undefined when unresolved. */
export function resolveSecretValue(value: unknown, env: NodeJS.ProcessEnv): { value?: string; kind: 'literal' | 'env-template' | 'secret-ref' | 'none' } {
  if (value === undefined || value === null) return { kind: 'none' };
  if (isSecretRef(value)) {
    const ref = value as JsonObject;
    if (ref.source === 'env' && typeof ref.id === 'string') return { value: env[ref.id], kind: 'secret-ref' };
    return { kind: 'secret-ref' };
  }
  const name = envTemplateName(value);
  if (name) return { value: env[name], kind: 'env-template' };
  if (typeof value === 'string') return { value, kind: 'literal' };
  return { kind: 'none' };
}

export type GatewayAuthMode = 'none' | 'token' | 'password' | 'trusted-proxy';

export interface GatewayAuth {
  mode: GatewayAuthMode;
  /** Whether the mode was set explicitly in config. */
  explicit: boolean;
  token?: string;
  password?: string;
  tokenSource?: 'config' | 'env';
  passwordSource?: 'config' | 'env';
  /** A SecretRef that cannot be resolved offline (file/exec) counts as configured. */
  tokenRef: boolean;
  passwordRef: boolean;
}

/** Mirrors OpenClaw's resolveGatewayAuthForConfig: explicit mode, else token when one is configured, else password, else none. */
export function resolveGatewayAuth(cfg: JsonObject, env: NodeJS.ProcessEnv): GatewayAuth {
  const authCfg = get(cfg, 'gateway.auth');
  const rawToken = isObject(authCfg) ? authCfg.token : undefined;
  const rawPassword = isObject(authCfg) ? authCfg.password : undefined;
  const t = resolveSecretValue(rawToken, env);
  const p = resolveSecretValue(rawPassword, env);
  const envToken = env.OPENCLAW_GATEWAY_TOKEN?.trim() || undefined;
  const envPassword = env.OPENCLAW_GATEWAY_PASSWORD?.trim() || undefined;
  const token = t.value?.trim() ? t.value : envToken;
  const password = p.value?.trim() ? p.value : envPassword;
  const explicitMode = str(isObject(authCfg) ? authCfg.mode : undefined) as GatewayAuthMode | undefined;
  const tokenRef = t.kind === 'secret-ref' && t.value === undefined;
  const passwordRef = p.kind === 'secret-ref' && p.value === undefined;
  let mode: GatewayAuthMode;
  if (explicitMode && ['none', 'token', 'password', 'trusted-proxy'].includes(explicitMode)) mode = explicitMode;
  else if (token !== undefined || tokenRef || (typeof rawToken === 'string' && t.kind === 'literal')) mode = 'token';
  else if (password !== undefined || passwordRef || (typeof rawPassword === 'string' && p.kind === 'literal')) mode = 'password';
  else mode = 'none';
  return {
    mode,
    explicit: explicitMode !== undefined,
    token: typeof rawToken === 'string' && t.kind === 'literal' ? rawToken : token,
    password: typeof rawPassword === 'string' && p.kind === 'literal' ? rawPassword : password,
    tokenSource: t.value?.trim() || (t.kind === 'literal' && typeof rawToken === 'string') ? 'config' : envToken ? 'env' : undefined,
    passwordSource: p.value?.trim() || (p.kind === 'literal' && typeof rawPassword === 'string') ? 'config' : envPassword ? 'env' : undefined,
    tokenRef,
    passwordRef,
  };
}

/** Whether the gateway has a usable shared secret (or delegates auth to a trusted proxy). */
export function hasGatewayAuth(auth: GatewayAuth): boolean {
  const tokenOk = Boolean(auth.token?.trim()) || auth.tokenRef;
  const passwordOk = Boolean(auth.password?.trim()) || auth.passwordRef;
  if (auth.mode === 'trusted-proxy') return true;
  if (auth.mode === 'token') return tokenOk;
  if (auth.mode === 'password') return passwordOk;
  return false;
}

export function gatewayBind(cfg: JsonObject): string {
  return str(get(cfg, 'gateway.bind')) ?? 'loopback';
}

export function tailscaleMode(cfg: JsonObject): string {
  return str(get(cfg, 'gateway.tailscale.mode')) ?? 'off';
}

/** bind beyond loopback, or published through Tailscale serve/funnel. */
export function isRemotelyExposed(cfg: JsonObject): boolean {
  const ts = tailscaleMode(cfg);
  return gatewayBind(cfg) !== 'loopback' || ts === 'serve' || ts === 'funnel';
}

export function gatewayPort(cfg: JsonObject, env: NodeJS.ProcessEnv): number {
  const fromEnv = Number(env.OPENCLAW_GATEWAY_PORT);
  if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
  const port = get(cfg, 'gateway.port');
  return typeof port === 'number' && Number.isInteger(port) && port > 0 ? port : 18789;
}

export interface AgentEntry {
  id: string;
  entry: JsonObject;
}

/** `agents.entries` (a map keyed by id; also accepts the legacy `agents.list` array). */
export function listAgents(cfg: JsonObject): AgentEntry[] {
  const out: AgentEntry[] = [];
  const entries = get(cfg, 'agents.entries');
  if (isObject(entries)) for (const [id, entry] of Object.entries(entries)) if (isObject(entry)) out.push({ id, entry });
  const list = get(cfg, 'agents.list');
  if (Array.isArray(list)) for (const entry of list) if (isObject(entry) && typeof entry.id === 'string') out.push({ id: entry.id, entry });
  return out;
}

export function defaultAgentId(cfg: JsonObject): string {
  const agents = listAgents(cfg);
  return agents.find((a) => a.entry.default === true)?.id ?? (agents.length === 1 ? (agents[0] as AgentEntry).id : 'main');
}

export function sandboxMode(cfg: JsonObject, agentId?: string): string {
  const agent = agentId ? listAgents(cfg).find((a) => a.id === agentId) : undefined;
  return str(get(agent?.entry, 'sandbox.mode')) ?? str(get(cfg, 'agents.defaults.sandbox.mode')) ?? 'off';
}

/** Effective sandbox setting for an agent: agent override, else defaults. */
export function sandboxSetting(cfg: JsonObject, key: string, agentId?: string): JsonValue | undefined {
  const agent = agentId ? listAgents(cfg).find((a) => a.id === agentId) : undefined;
  return get(agent?.entry, `sandbox.${key}`) ?? get(cfg, `agents.defaults.sandbox.${key}`);
}

const GROUPS = catalog.groups as Record<string, string[]>;
const PROFILES = catalog.profiles as Record<string, string[]>;

export const KNOWN_TOOL_GROUPS: ReadonlySet<string> = new Set(Object.keys(GROUPS));
export const KNOWN_CORE_TOOLS: ReadonlySet<string> = new Set(Object.values(GROUPS).flat());

interface ToolPolicy {
  allow?: string[];
  deny?: string[];
}

function expand(list: readonly string[]): string[] {
  return list.flatMap((entry) => {
    const e = entry.trim().toLowerCase();
    return GROUPS[e] ?? [e];
  });
}

function globMatch(name: string, patterns: readonly string[]): boolean {
  return patterns.some((p) => p === '*' || p === name || (p.includes('*') && new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(name)));
}

function allowedBy(name: string, policy: ToolPolicy): boolean {
  const deny = expand(policy.deny ?? []);
  if (globMatch(name, deny)) return false;
  const allow = expand(policy.allow ?? []);
  if (allow.length === 0) return true;
  if (globMatch(name, allow)) return true;
  return name === 'apply_patch' && globMatch('write', allow);
}

/** Sandbox defaults (src/agents/sandbox/constants.ts): what a sandboxed session may call unless tools.sandbox.tools says otherwise. */
const SANDBOX_DEFAULT_ALLOW = ['exec', 'process', 'read', 'ls', 'write', 'edit', 'apply_patch', 'view_image', 'sessions_list', 'sessions_history', 'sessions_search', 'sessions_send', 'sessions_spawn', 'sessions_yield', 'subagents', 'session_status'];
const SANDBOX_DEFAULT_DENY = ['browser', 'canvas', 'computer', 'mobile_ui', 'nodes', 'automations', 'gateway'];

/**
 * The policies OpenClaw stacks for an agent context: profile (+alsoAllow), global allow/deny, agent allow/deny,
 * and with sandbox mode "all" the sandbox tool policy.
 */
export function toolPolicies(cfg: JsonObject, agentTools?: JsonValue, sandbox?: string): ToolPolicy[] {
  const policies: ToolPolicy[] = [];
  const profile = str(get(agentTools, 'profile')) ?? str(get(cfg, 'tools.profile'));
  if (profile && PROFILES[profile]) {
    const alsoAllow = strings(get(agentTools, 'alsoAllow')).length ? strings(get(agentTools, 'alsoAllow')) : strings(get(cfg, 'tools.alsoAllow'));
    policies.push({ allow: [...PROFILES[profile], ...alsoAllow] });
  }
  for (const scope of [get(cfg, 'tools'), agentTools]) {
    if (!isObject(scope)) continue;
    const allow = Array.isArray(scope.allow) ? strings(scope.allow) : undefined;
    const deny = strings(scope.deny);
    if (allow || deny.length) policies.push({ allow, deny });
  }
  if (sandbox === 'all') {
    const pick = (key: string) => {
      const agentList = get(agentTools, `sandbox.tools.${key}`);
      const globalList = get(cfg, `tools.sandbox.tools.${key}`);
      return Array.isArray(agentList) ? strings(agentList) : Array.isArray(globalList) ? strings(globalList) : undefined;
    };
    policies.push({ allow: [...(pick('allow') ?? SANDBOX_DEFAULT_ALLOW), ...(pick('alsoAllow') ?? [])], deny: pick('deny') ?? SANDBOX_DEFAULT_DENY });
  }
  return policies;
}

export function isToolAllowed(name: string, policies: readonly ToolPolicy[]): boolean {
  return policies.every((p) => allowedBy(name, p));
}

/** Tool contexts OpenClaw audits: `agents.defaults` plus each configured agent. */
export function toolContexts(cfg: JsonObject): Array<{ label: string; agentId?: string; tools?: JsonValue }> {
  return [{ label: 'agents.defaults' }, ...listAgents(cfg).map((a) => ({ label: `agents.entries.${a.id}`, agentId: a.id, tools: a.entry.tools }))];
}

/** `channels.<id>[.accounts.<acct>].{groupPolicy,dmPolicy,dm.policy}` set to "open". */
export function listOpenInboundPolicies(cfg: JsonObject): string[] {
  const out: string[] = [];
  const channels = get(cfg, 'channels');
  if (!isObject(channels)) return out;
  const inspect = (section: JsonObject, base: string) => {
    if (section.groupPolicy === 'open') out.push(`${base}.groupPolicy`);
    const legacy = isObject(section.dm) ? section.dm.policy : undefined;
    if ((section.dmPolicy ?? legacy) === 'open') out.push(`${base}.${section.dmPolicy == null ? 'dm.policy' : 'dmPolicy'}`);
  };
  for (const [id, value] of Object.entries(channels)) {
    if (!isObject(value)) continue;
    inspect(value, `channels.${id}`);
    if (isObject(value.accounts)) for (const [acct, a] of Object.entries(value.accounts)) if (isObject(a)) inspect(a, `channels.${id}.accounts.${acct}`);
  }
  return out;
}

/** Exec security as OpenClaw resolves it from `tools.exec.{mode,security}` (mode wins when set). */
export function execSecurity(exec: JsonValue | undefined, inherited = 'deny'): string {
  const mode = str(get(exec, 'mode'));
  if (mode === 'deny' || mode === 'allowlist' || mode === 'full') return mode;
  if (mode === 'ask') return 'allowlist';
  if (mode === 'auto') return 'allowlist';
  return str(get(exec, 'security')) ?? inherited;
}

/** Every string leaf of a JSON value with its key path. */
export function* walkStrings(value: JsonValue | undefined, path: Array<string | number> = []): Generator<{ path: Array<string | number>; value: string }> {
  if (typeof value === 'string') yield { path, value };
  else if (Array.isArray(value)) for (let i = 0; i < value.length; i++) yield* walkStrings(value[i], [...path, i]);
  else if (isObject(value)) for (const [k, v] of Object.entries(value)) yield* walkStrings(v, [...path, k]);
}

export function dotted(path: ReadonlyArray<string | number>): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.').replace(/\.\[/g, '[');
}
