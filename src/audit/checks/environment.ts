// The gateway's environment (current env, <state>/.env, config env.vars, and with --deep the live process) and whether egress really goes through a proxy.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { isObject } from '../../core/openclaw/config.js';
import { get, str, strings } from '../model.js';
import type { AuditContext, Check, Hit } from '../types.js';
import { fail, outcome, PASS, skip } from './helpers.js';

interface EnvSource {
  label: string;
  env: Record<string, string>;
  file?: string;
}

/** Minimal dotenv parser: KEY=value, optional `export`, quotes, comments. */
export function parseDotenv(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const raw of text.split(/\r?\n/)) {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)\s*$/.exec(raw);
    if (!m) continue;
    let v = (m[2] as string).trim();
    if ((v.startsWith('"') && v.endsWith('"')) || (v.startsWith("'") && v.endsWith("'"))) v = v.slice(1, -1);
    else v = v.replace(/\s+#.*$/, '');
    out[m[1] as string] = v;
  }
  return out;
}

const dotenvCache = new WeakMap<AuditContext, Promise<Record<string, string> | undefined>>();
function dotenv(ctx: AuditContext): Promise<Record<string, string> | undefined> {
  let hit = dotenvCache.get(ctx);
  if (!hit) {
    hit = fs.readFile(join(ctx.paths.stateDir, '.env'), 'utf8').then(parseDotenv, () => undefined);
    dotenvCache.set(ctx, hit);
  }
  return hit;
}

async function envSources(ctx: AuditContext): Promise<EnvSource[]> {
  const sources: EnvSource[] = [{ label: 'the current environment', env: Object.fromEntries(Object.entries(ctx.env).filter((e): e is [string, string] => typeof e[1] === 'string')) }];
  const d = await dotenv(ctx);
  if (d) sources.push({ label: '<state>/.env', env: d, file: join(ctx.paths.stateDir, '.env') });
  const vars = get(ctx.config, 'env.vars');
  if (isObject(vars)) sources.push({ label: 'config env.vars', env: Object.fromEntries(Object.entries(vars).filter((e): e is [string, string] => typeof e[1] === 'string')), file: ctx.paths.configPath });
  if (ctx.gatewayEnv) sources.push({ label: `the running gateway (pid ${ctx.gatewayEnv.pid})`, env: ctx.gatewayEnv.env, file: `/proc/${ctx.gatewayEnv.pid}/environ` });
  return sources;
}

const NODE_CODE_FLAGS = /(^|\s)(--require|-r|--import|--loader|--experimental-loader|--experimental-vm-modules|--experimental-policy)(=|\s|$)/;
const NODE_INSPECT = /(^|\s)--inspect(-brk|-port)?(=(\S+))?/;

/** Judges one variable; undefined when harmless. */
export function judgeEnvVar(name: string, value: string): { severity: 'critical' | 'warning'; why: string } | undefined {
  if (name === 'NODE_OPTIONS') {
    const inspect = NODE_INSPECT.exec(value);
    if (inspect) {
      const host = inspect[4]?.includes(':') ? inspect[4].split(':')[0] : inspect[4] && !/^\d+$/.test(inspect[4]) ? inspect[4] : '127.0.0.1';
      return { severity: host === '127.0.0.1' || host === 'localhost' ? 'warning' : 'critical', why: `--inspect opens the V8 debugger (${host}): anyone who reaches it runs code in the gateway` };
    }
    if (NODE_CODE_FLAGS.test(value)) return { severity: 'critical', why: 'preloads code into the gateway and every Node child it spawns' };
    return undefined;
  }
  if (name === 'LD_PRELOAD' || name === 'LD_AUDIT') return value.trim() ? { severity: 'critical', why: 'injects a shared library into the gateway and every process it starts' } : undefined;
  if (name === 'LD_LIBRARY_PATH') return value.trim() ? { severity: 'warning', why: 'changes which shared libraries the gateway and its tools load' } : undefined;
  if (name === 'GLIBC_TUNABLES') return value.trim() ? { severity: 'warning', why: 'alters glibc behaviour (the vector of CVE-2023-4911); nothing a gateway needs' } : undefined;
  if (name === 'NODE_TLS_REJECT_UNAUTHORIZED' && value.trim() === '0') return { severity: 'critical', why: 'disables TLS certificate checks for every HTTPS call (provider keys go to whoever intercepts)' };
  if (name === 'NODE_PENDING_DEPRECATION' || name === 'NODE_NO_WARNINGS') return undefined;
  return undefined;
}

const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy'];

function proxyUrl(ctx: AuditContext, sources: EnvSource[]): { url?: string; from?: string } {
  const cfgUrl = str(get(ctx.config, 'proxy.proxyUrl'))?.trim();
  if (cfgUrl) return { url: cfgUrl, from: 'proxy.proxyUrl' };
  for (const s of sources) if (s.env.OPENCLAW_PROXY_URL?.trim()) return { url: s.env.OPENCLAW_PROXY_URL.trim(), from: `OPENCLAW_PROXY_URL (${s.label})` };
  return {};
}

function safeUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return '<unparseable>';
  }
}

export const ENVIRONMENT_CHECKS: Check[] = [
  {
    id: 'audit.env.dangerous-variable',
    severity: 'warning',
    severities: ['critical'],
    area: 'environment',
    title: 'Dangerous variable in the gateway environment',
    why: 'NODE_OPTIONS --require/--import/--inspect, LD_PRELOAD/LD_AUDIT, GLIBC_TUNABLES and NODE_TLS_REJECT_UNAUTHORIZED=0 run foreign code inside the gateway or silently disable TLS. OpenClaw loads <state>/.env and config env.vars into its environment, and its exec tool passes them on to every command.',
    remediation: 'Remove the variable from the service unit, shell profile, <state>/.env and env.vars; restart the gateway.',
    async run(ctx) {
      const hits: Hit[] = [];
      for (const s of await envSources(ctx)) {
        for (const [name, value] of Object.entries(s.env)) {
          const j = judgeEnvVar(name, value);
          if (j) hits.push({ severity: j.severity, message: `${name} is set in ${s.label}: ${j.why}.`, evidence: `${name}=${value.length > 60 ? `${value.slice(0, 57)}…` : value}`, location: s.file ? { file: s.file } : { ref: s.label } });
        }
      }
      return outcome(hits);
    },
  },
  {
    id: 'audit.env.proxy-vars-ignored',
    severity: 'warning',
    area: 'egress',
    title: 'HTTP(S)_PROXY is set but OpenClaw does not route through it',
    why: 'Node’s fetch ignores HTTP_PROXY/HTTPS_PROXY, and OpenClaw routes its own traffic only through OPENCLAW_PROXY_URL or proxy.proxyUrl (web_fetch only with tools.web.fetch.useTrustedEnvProxy). An operator who set HTTPS_PROXY believes egress is filtered while model, channel and tool traffic goes direct.',
    remediation: 'Set OPENCLAW_PROXY_URL (or proxy.proxyUrl) to the same proxy; keep proxy.enabled unset or true.',
    async run(ctx) {
      const sources = await envSources(ctx);
      if (proxyUrl(ctx, sources).url) return PASS;
      const hits: Hit[] = [];
      for (const s of sources) for (const v of PROXY_VARS) if (s.env[v]?.trim()) hits.push({ message: `${v}=${safeUrl(s.env[v] as string)} in ${s.label}, but neither OPENCLAW_PROXY_URL nor proxy.proxyUrl is set.`, location: s.file ? { file: s.file } : { ref: s.label } });
      return outcome(hits.slice(0, 6));
    },
  },
  {
    id: 'audit.egress.proxy-disabled',
    severity: 'warning',
    area: 'egress',
    title: 'An egress proxy is configured but proxy.enabled=false turns it off',
    why: 'proxy.enabled=false makes OpenClaw ignore OPENCLAW_PROXY_URL and proxy.proxyUrl: all egress goes direct.',
    remediation: 'Remove proxy.enabled or set it to true.',
    async run(ctx) {
      const p = proxyUrl(ctx, await envSources(ctx));
      if (!p.url) return skip('no egress proxy configured');
      return get(ctx.config, 'proxy.enabled') === false ? fail({ message: `proxy.enabled=false while ${p.from} is ${safeUrl(p.url)}.`, location: { keyPath: 'proxy.enabled' } }) : PASS;
    },
  },
  {
    id: 'audit.egress.no-proxy',
    severity: 'info',
    area: 'egress',
    title: 'Egress is not forced through a proxy',
    why: 'Without OPENCLAW_PROXY_URL/proxy.proxyUrl the gateway and its tools reach any host; a prompt injection can exfiltrate to anywhere. (Reported as info: most single-user installs have no proxy.)',
    remediation: 'Run a filtering forward proxy (e.g. `clawguard monitor`) and set OPENCLAW_PROXY_URL; set proxy.loopbackMode "proxy" or "block" if loopback must be covered.',
    async run(ctx) {
      const p = proxyUrl(ctx, await envSources(ctx));
      return p.url ? PASS : fail({ message: 'Neither OPENCLAW_PROXY_URL nor proxy.proxyUrl is set: OpenClaw egress is unrestricted.', location: { keyPath: 'proxy.proxyUrl' } });
    },
  },
  {
    id: 'audit.egress.web-fetch-bypasses-proxy',
    severity: 'warning',
    area: 'egress',
    title: 'web_fetch resolves DNS itself while an egress proxy is configured',
    why: 'With a managed proxy configured, tools.web.fetch.useTrustedEnvProxy=false (the default) lets web_fetch resolve and connect on its own path; SSRF and host policies at the proxy then do not see those fetches.',
    remediation: 'Set tools.web.fetch.useTrustedEnvProxy=true when the proxy is operator-controlled and enforces policy after DNS resolution.',
    async run(ctx) {
      const p = proxyUrl(ctx, await envSources(ctx));
      if (!p.url || get(ctx.config, 'proxy.enabled') === false) return skip('no active egress proxy');
      if (get(ctx.config, 'tools.web.fetch.enabled') === false) return skip('web_fetch disabled');
      return get(ctx.config, 'tools.web.fetch.useTrustedEnvProxy') === true ? PASS : fail({ message: `${p.from} is set but tools.web.fetch.useTrustedEnvProxy is not true.`, location: { keyPath: 'tools.web.fetch.useTrustedEnvProxy' } });
    },
  },
  {
    id: 'audit.egress.secrets-proxy-open',
    severity: 'warning',
    area: 'egress',
    title: 'Secret egress proxy does not restrict destinations',
    why: 'secrets.egressProxy swaps sentinels for real secrets only toward hosts bound to each secret, but without secrets.egressProxy.allowedHosts every other destination stays reachable for the exec tool: an injected command can still send workspace data anywhere. OpenClaw 2026.9 rejects wildcard entries ("*" makes the config invalid), so the list must name exact hosts.',
    remediation: 'Set secrets.egressProxy.allowedHosts to the exact hosts agents need (an empty list permits only bound or bypassed hosts).',
    run(ctx) {
      if (get(ctx.config, 'secrets.egressProxy.enabled') !== true) return skip('secrets.egressProxy disabled');
      const raw = get(ctx.config, 'secrets.egressProxy.allowedHosts');
      if (raw === undefined) return fail({ message: 'secrets.egressProxy is enabled without allowedHosts: destinations other than bound hosts are not restricted.', location: { keyPath: 'secrets.egressProxy.allowedHosts' } });
      const wild = strings(raw).filter((h) => h.includes('*'));
      return wild.length ? fail({ message: `secrets.egressProxy.allowedHosts contains ${wild.join(', ')}: OpenClaw rejects wildcards, so this config does not load.`, location: { keyPath: 'secrets.egressProxy.allowedHosts' } }) : PASS;
    },
  },
];
