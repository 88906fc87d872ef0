// Hardening-guide items (masterclass + OpenClaw security docs) and version awareness: keys and values the installed OpenClaw no longer accepts.
import { isObject, type JsonValue } from '../../core/openclaw/config.js';
import schemaData from '../data/openclaw-schema.json' with { type: 'json' };
import { execSecurity, gatewayBind, get, hasGatewayAuth, KNOWN_CORE_TOOLS, KNOWN_TOOL_GROUPS, listAgents, listOpenInboundPolicies, resolveGatewayAuth, str, strings, tailscaleMode } from '../model.js';
import type { Check, Hit } from '../types.js';
import { multiUserSignals } from './tools.js';
import { fail, outcome, PASS, skip } from './helpers.js';

interface SchemaEntry {
  enum?: JsonValue[];
  open?: boolean;
}

const SCHEMA = schemaData as { openclawVersion: string; rootOpen: boolean; keys: Record<string, SchemaEntry | 0> };

/** The OpenClaw version the key data was generated from. */
export const SCHEMA_VERSION = SCHEMA.openclawVersion;

/** Keys that older guides still recommend, with what replaced them. */
const KNOWN_REMOVED: Record<string, string> = {
  'logging.redactSensitive': 'redaction is always on since it was removed; only logging.redactPatterns is configurable',
};

function lookup(pattern: string): SchemaEntry | 0 | undefined {
  return SCHEMA.keys[pattern];
}

/** Candidate schema paths for a concrete path: each map key may also match a `*` wildcard segment. */
function resolvePattern(parentPatterns: string[], seg: string | number): string[] {
  const out: string[] = [];
  for (const p of parentPatterns) {
    const pre = p ? `${p}.` : '';
    if (typeof seg === 'number') {
      if (lookup(`${p}[]`) !== undefined) out.push(`${p}[]`);
      continue;
    }
    if (lookup(`${pre}${seg}`) !== undefined) out.push(`${pre}${seg}`);
    if (lookup(`${pre}*`) !== undefined) out.push(`${pre}*`);
  }
  return out;
}

export interface SchemaIssue {
  path: string;
  kind: 'unknown-key' | 'invalid-value';
  message: string;
}

/** Validates a config against the generated key/enum data: unknown keys under closed objects, and enum values. */
export function validateAgainstSchema(config: JsonValue): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const visit = (value: JsonValue, path: Array<string | number>, patterns: string[]) => {
    if (Array.isArray(value)) {
      value.forEach((v, i) => {
        const next = resolvePattern(patterns, i);
        if (next.length) visit(v, [...path, i], next);
      });
      return;
    }
    if (isObject(value)) {
      for (const [k, v] of Object.entries(value)) {
        if (path.length === 0 && (k === '$include' || k === '$schema')) continue;
        const next = resolvePattern(patterns, k);
        const dotted = [...path, k].join('.');
        if (next.length === 0) {
          const parentOpen = patterns.some((p) => {
            const e = p === '' ? undefined : lookup(p);
            return p === '' ? SCHEMA.rootOpen : typeof e === 'object' && e.open === true;
          });
          if (!parentOpen) issues.push({ path: dotted, kind: 'unknown-key', message: KNOWN_REMOVED[dotted] ?? 'not a key of the installed OpenClaw config schema' });
          continue;
        }
        visit(v, [...path, k], next);
      }
      return;
    }
    const entries = patterns.map(lookup).filter((e): e is SchemaEntry => typeof e === 'object');
    if (entries.length === patterns.length && entries.length > 0 && entries.every((e) => e.enum)) {
      const allowed = entries.flatMap((e) => e.enum ?? []);
      if (!allowed.some((a) => a === value)) issues.push({ path: path.join('.'), kind: 'invalid-value', message: `${JSON.stringify(value)} is not one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}` });
    }
  };
  visit(config, [], ['']);
  return issues;
}

const DENY_FOR_EXPOSED = ['group:runtime', 'gateway', 'automations'];

export const HARDENING_CHECKS: Check[] = [
  {
    id: 'audit.config.unsupported-key',
    severity: 'warning',
    area: 'config',
    title: 'Config key or value the installed OpenClaw does not accept',
    why: `OpenClaw validates openclaw.json strictly: an unknown key or an out-of-range value makes the whole config invalid, and the gateway and \`openclaw security audit\` refuse to run. Old guides still recommend removed keys such as logging.redactSensitive. Checked against the key list of OpenClaw ${SCHEMA_VERSION}.`,
    remediation: 'Remove or correct the key (`openclaw doctor --fix` migrates known legacy keys); `openclaw config validate` confirms.',
    run(ctx) {
      if (!ctx.loaded.exists) return skip('no config file');
      return outcome(validateAgainstSchema(ctx.config).map((i): Hit => ({ message: `${i.path}: ${i.message}.`, location: { keyPath: i.path, file: ctx.paths.configPath } })));
    },
  },
  {
    id: 'audit.gateway.public-bind',
    severity: 'warning',
    area: 'gateway',
    title: 'Gateway listens beyond loopback instead of loopback + Tailscale Serve',
    why: 'A LAN/custom/auto bind puts the gateway (an RCE-as-a-service endpoint) on every interface; the hardening guides recommend bind "loopback" and remote access through Tailscale Serve or an SSH tunnel.',
    remediation: 'Set gateway.bind="loopback" and gateway.tailscale.mode="serve".',
    run(ctx) {
      const bind = gatewayBind(ctx.config);
      if (bind === 'loopback' || bind === 'tailnet') return PASS;
      return fail({ message: `gateway.bind="${bind}"${tailscaleMode(ctx.config) === 'serve' ? ' (Tailscale Serve is also on: the public bind is unnecessary)' : ''}.`, location: { keyPath: 'gateway.bind' } });
    },
  },
  {
    id: 'audit.gateway.mdns-on-lan',
    severity: 'info',
    area: 'gateway',
    title: 'mDNS advertises a gateway that listens beyond loopback',
    why: 'Even "minimal" mDNS announces the gateway to the LAN; with a non-loopback bind that is a beacon for the open port.',
    remediation: 'Set discovery.mdns.mode="off" when the gateway is reachable from the network.',
    run(ctx) {
      const mode = str(get(ctx.config, 'discovery.mdns.mode')) ?? 'minimal';
      if (gatewayBind(ctx.config) === 'loopback' || mode === 'off' || mode === 'full') return PASS;
      return fail({ message: `discovery.mdns.mode="${mode}" with gateway.bind="${gatewayBind(ctx.config)}".`, location: { keyPath: 'discovery.mdns.mode' } });
    },
  },
  {
    id: 'audit.gateway.reverse-proxy-untrusted',
    severity: 'warning',
    area: 'gateway',
    title: 'Non-loopback gateway without trustedProxies',
    why: 'If a reverse proxy fronts this gateway, without gateway.trustedProxies its X-Forwarded-For handling cannot be trusted and client IPs (rate limits, local checks) are the proxy’s.',
    remediation: 'Set gateway.trustedProxies to the proxy address(es), or confirm no proxy is in front.',
    run(ctx) {
      if (gatewayBind(ctx.config) === 'loopback') return PASS;
      if (strings(get(ctx.config, 'gateway.trustedProxies')).length) return PASS;
      if (!hasGatewayAuth(resolveGatewayAuth(ctx.config, ctx.env))) return skip('no auth (reported by gateway.bind_no_auth)');
      return fail({ severity: 'info', message: 'gateway.trustedProxies is empty on a non-loopback bind.', location: { keyPath: 'gateway.trustedProxies' } });
    },
  },
  {
    id: 'audit.tools.exec-ask-not-always',
    severity: 'warning',
    area: 'tools',
    title: 'Exec runs without per-command human approval',
    why: 'tools.exec.ask "always" puts a human approval in front of every command: the last line of defence against prompt injection (masterclass §4.3).',
    remediation: 'Set tools.exec.ask="always" (or tools.exec.security="deny" for agents that do not need a shell).',
    run(ctx) {
      const hits: Hit[] = [];
      const gExec = get(ctx.config, 'tools.exec');
      const gSec = execSecurity(gExec);
      const gAsk = str(get(gExec, 'ask')) ?? (str(get(gExec, 'mode')) === 'ask' ? 'always' : 'off');
      if (gSec !== 'deny' && gAsk !== 'always') hits.push({ message: `tools.exec: security=${gSec}, ask=${gAsk}.`, location: { keyPath: 'tools.exec.ask' } });
      for (const a of listAgents(ctx.config)) {
        const exec = get(a.entry, 'tools.exec');
        if (exec === undefined) continue;
        const sec = execSecurity(exec, gSec);
        const ask = str(get(exec, 'ask')) ?? gAsk;
        if (sec !== 'deny' && ask !== 'always') hits.push({ message: `agents.entries.${a.id}.tools.exec: security=${sec}, ask=${ask}.`, location: { keyPath: `agents.entries.${a.id}.tools.exec.ask` } });
      }
      return outcome(hits);
    },
  },
  {
    id: 'audit.tools.exposed-without-deny',
    severity: 'warning',
    area: 'tools',
    title: 'Agents reachable by others do not deny runtime, gateway and automation tools',
    why: 'The hardening guides deny group:runtime, gateway and cron (now `automations`) for agents exposed to untrusted senders.',
    remediation: 'Add "group:runtime", "gateway", "automations" to tools.deny (or per agent).',
    run(ctx) {
      if (!listOpenInboundPolicies(ctx.config).length && !multiUserSignals(ctx.config).length) return skip('no open or multi-user channels');
      const deny = new Set(strings(get(ctx.config, 'tools.deny')).map((d) => d.toLowerCase()));
      const missing = DENY_FOR_EXPOSED.filter((d) => !deny.has(d));
      return missing.length ? fail({ message: `tools.deny lacks ${missing.join(', ')} while channels are open to other people.`, location: { keyPath: 'tools.deny' } }) : PASS;
    },
  },
  {
    id: 'audit.tools.unknown-policy-entry',
    severity: 'warning',
    area: 'tools',
    title: 'Tool policy names a tool or group the installed OpenClaw does not have',
    why: 'A deny entry that matches nothing denies nothing: "cron" became "automations", there is no "group:gateway". The operator believes the tool is blocked.',
    remediation: 'Use the current names (`openclaw tools list`); for cron use "automations".',
    run(ctx) {
      const hits: Hit[] = [];
      const scopes: Array<[string, JsonValue | undefined]> = [['tools', get(ctx.config, 'tools')], ...listAgents(ctx.config).map((a): [string, JsonValue | undefined] => [`agents.entries.${a.id}.tools`, a.entry.tools])];
      for (const [label, tools] of scopes) {
        for (const key of ['deny', 'allow', 'alsoAllow']) {
          for (const entry of strings(get(tools, key))) {
            const e = entry.toLowerCase();
            if (e.includes('*') || e.includes('__') || e.includes('.') || e === 'bundle-mcp') continue;
            const known = e.startsWith('group:') ? KNOWN_TOOL_GROUPS.has(e) || e === 'group:plugins' : KNOWN_CORE_TOOLS.has(e);
            if (known) continue;
            const hint = e === 'cron' ? ' (renamed: "automations")' : e === 'bash' || e === 'shell' ? ' (the shell tool is "exec")' : '';
            hits.push({ severity: key === 'deny' ? 'warning' : 'info', message: `${label}.${key} contains "${entry}", which is not a core tool or group of OpenClaw ${SCHEMA_VERSION.split(' ')[1] ?? ''}${hint}; unless a plugin provides it, this entry has no effect.`, location: { keyPath: `${label}.${key}` } });
          }
        }
      }
      return outcome(hits);
    },
  },
];
