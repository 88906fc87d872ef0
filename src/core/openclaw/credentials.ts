// Inventory of every credential an OpenClaw install holds — where it lives and how to rotate it — with fingerprints only, never values.
import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { loadSqlite } from '../lazy.js';
import { describeError, hasErrnoCode } from '../errors.js';
import { redactSecret } from '../redact.js';
import type { JsonValue } from './config.js';
import { isPlaceholderSecret } from './token.js';

export interface CredentialEntry {
  /** What it is, e.g. `anthropic API key`, `telegram bot token`, `env ANTHROPIC_API_KEY`. */
  name: string;
  /** Where it lives: `openclaw.json: models.providers.anthropic.apiKey`, `<state>/.env: OPENAI_API_KEY`… */
  location: string;
  /** `config`, `dotenv`, `environment`, `auth-profile`, `agent-store`, `secrets-file`, `credentials-dir`, `secret-ref`. */
  source: string;
  /** Redacted fingerprint (`prefix…(len, sha256:8)`); absent for references (SecretRef, OAuth stores). */
  fingerprint?: string;
  /** How to rotate it by hand. */
  howTo: string;
}

const SECRET_KEY = /(?:^key$|api[-_]?key|apikey|token|secret|password|passwd|private[-_]?key|client[-_]?secret|access[-_]?key|refresh|access|credential|cookie|session[-_]?key|webhook[-_]?secret|signing[-_]?secret|bot[-_]?token|app[-_]?token)$/i;
const SECRET_ENV = /(?:_API_KEY|_APIKEY|_TOKEN|_SECRET|_PASSWORD|_PASS|_PAT|_ACCESS_KEY|_ACCESS_KEY_ID|_SECRET_ACCESS_KEY|_PRIVATE_KEY|_CREDENTIALS?|_COOKIE|_WEBHOOK_URL)$/;
/** Keys whose value is not a secret even though the name looks like one. */
const NOT_SECRET = /^(?:tokenLimit|maxTokens?|max_tokens|tokenFile|passwordFile|secretsFile|tokenUrl|token_url|refreshUrl|refreshIntervalMs|maxAttempts)$/i;

/** Rotation advice by provider or channel; the key path or name selects it. */
const HOW_TO: ReadonlyArray<readonly [RegExp, string]> = [
  [/gateway\.auth\.(?:token|password)|OPENCLAW_GATEWAY_(?:TOKEN|PASSWORD)/, 'Rotated by `clawguard incident rotate` (config); update paired clients and any OPENCLAW_GATEWAY_TOKEN copies.'],
  [/anthropic|ANTHROPIC/, 'Anthropic Console → Settings → API keys: create a new key, update it here, then delete the old one.'],
  [/openai|OPENAI|codex/i, 'platform.openai.com → API keys: create a new key, update it here, revoke the old one.'],
  [/openrouter/i, 'openrouter.ai → Keys: create a new key and delete the old one.'],
  [/gemini|google|GOOGLE/i, 'Google AI Studio / Cloud console → API keys: regenerate the key, then delete the old one.'],
  [/telegram|TELEGRAM/i, 'Telegram @BotFather → /revoke for the bot, then set the new token (channels.telegram.botToken).'],
  [/discord|DISCORD/i, 'Discord Developer Portal → your app → Bot → Reset Token, then update channels.discord.token.'],
  [/slack|SLACK/i, 'Slack app settings → regenerate the bot/app tokens (and signing secret), then update channels.slack.*.'],
  [/whatsapp/i, 'Log the WhatsApp session out on the phone (Linked devices) and re-link with `openclaw channels login whatsapp`.'],
  [/github|GITHUB|GH_TOKEN|ghp_/i, 'GitHub → Settings → Developer settings → tokens: revoke the token and create a new fine-grained one.'],
  [/hooks\.token|HOOK/i, 'Generate a new hooks token (e.g. `openssl rand -base64 32`), set hooks.token, and update every webhook sender.'],
  [/aws|AWS/, 'AWS IAM → Users → Security credentials: create a new access key, update it, then deactivate and delete the old one.'],
  [/mcp/i, 'Re-authorize the MCP server (its OAuth grant) and revoke the old grant at the provider.'],
];

function howToRotate(hint: string): string {
  for (const [re, text] of HOW_TO) if (re.test(hint)) return text;
  return 'Revoke it at the issuing service, issue a new one, and update it here.';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A SecretRef (`{source: "env"|"file"|"exec", provider?, id}`): the value lives elsewhere. */
function isSecretRef(v: unknown): v is { source: string; id?: string; provider?: string } {
  return isRecord(v) && typeof v.source === 'string' && ['env', 'file', 'exec'].includes(v.source) && (typeof v.id === 'string' || typeof v.provider === 'string');
}

/** Walks a JSON value for secret-looking keys; `prefix` is the key path so far. */
function walk(value: unknown, path: string[], visit: (path: string[], v: unknown) => void, depth = 0): void {
  if (depth > 12) return;
  if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, String(i)], visit, depth + 1));
  else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k) && !NOT_SECRET.test(k) && (typeof v === 'string' || isSecretRef(v))) visit([...path, k], v);
      else walk(v, [...path, k], visit, depth + 1);
    }
  }
}

function jsonEntries(value: unknown, where: string, source: string, nameOf: (path: string[]) => string): CredentialEntry[] {
  const out: CredentialEntry[] = [];
  walk(value, [], (path, v) => {
    const keyPath = path.join('.');
    if (isSecretRef(v)) {
      out.push({ name: nameOf(path), location: `${where}: ${keyPath} → SecretRef ${v.source}:${v.id ?? v.provider}`, source: 'secret-ref', howTo: `${howToRotate(keyPath)} The value is stored in the ${v.source} secret provider, not in the file.` });
      return;
    }
    const s = String(v);
    if (!s.trim() || isPlaceholderSecret(s) || /^\$\{[A-Z0-9_]+\}$/.test(s.trim())) return;
    out.push({ name: nameOf(path), location: `${where}: ${keyPath}`, source, fingerprint: redactSecret(s), howTo: howToRotate(`${keyPath} ${s.slice(0, 4)}`) });
  });
  return out;
}

function configName(path: string[]): string {
  const [top, id] = path;
  if (top === 'models' && path[1] === 'providers') return `${path[2]} API key`;
  if (top === 'channels') return `${id} ${path[path.length - 1]}`;
  if (top === 'gateway') return `gateway ${path.slice(1).join('.')}`;
  if (top === 'env') return `env ${path[path.length - 1]}`;
  if (top === 'skills') return `skill ${path[2] ?? ''} ${path[path.length - 1]}`.trim();
  return path.join('.');
}

/** `KEY=value` lines of a dotenv file, for secret-looking names. */
export function parseDotenvSecrets(text: string): Array<{ name: string; value: string; line: number }> {
  const out: Array<{ name: string; value: string; line: number }> = [];
  text.split(/\r?\n/).forEach((raw, i) => {
    const m = /^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(raw);
    if (!m) return;
    const value = m[2].trim().replace(/^(['"])(.*)\1$/, '$2');
    if (!value || !(SECRET_ENV.test(m[1].toUpperCase()) || /KEY|TOKEN|SECRET|PASSWORD/.test(m[1].toUpperCase()))) return;
    if (isPlaceholderSecret(value)) return;
    out.push({ name: m[1], value, line: i + 1 });
  });
  return out;
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await fs.readFile(path, 'utf8');
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT', 'ENOTDIR', 'EISDIR')) return undefined;
    throw err;
  }
}

export interface InventoryOptions {
  stateDir: string;
  /** Merged effective config (already loaded). */
  config: Record<string, JsonValue>;
  configPath: string;
  /** The environment OpenClaw runs with (names and fingerprints of secret-looking variables are listed). */
  env?: NodeJS.ProcessEnv;
}

export interface Inventory {
  entries: CredentialEntry[];
  notes: string[];
}

/** Lists every credential location of an install. Reads only; agent stores are opened read-only. */
export async function inventoryCredentials(opts: InventoryOptions): Promise<Inventory> {
  const entries: CredentialEntry[] = [];
  const notes: string[] = [];
  entries.push(...jsonEntries(opts.config, opts.configPath, 'config', configName));
  const dotenv = join(opts.stateDir, '.env');
  const dotText = await readOptional(dotenv);
  if (dotText) for (const e of parseDotenvSecrets(dotText)) entries.push({ name: `env ${e.name}`, location: `${dotenv}:${e.line}`, source: 'dotenv', fingerprint: redactSecret(e.value), howTo: howToRotate(e.name) });
  for (const [name, value] of Object.entries(opts.env ?? {})) {
    if (!value || !SECRET_ENV.test(name) || isPlaceholderSecret(value)) continue;
    entries.push({ name: `env ${name}`, location: 'environment of this shell (and the gateway service unit, if it sets it)', source: 'environment', fingerprint: redactSecret(value), howTo: howToRotate(name) });
  }
  const secretsFile = join(opts.stateDir, 'secrets.json');
  const secretsText = await readOptional(secretsFile);
  if (secretsText) {
    try {
      const parsed = JSON.parse(secretsText) as unknown;
      const flat: Record<string, unknown> = isRecord(parsed) && isRecord(parsed.secrets) ? parsed.secrets : isRecord(parsed) ? parsed : {};
      for (const [k, v] of Object.entries(flat)) if (typeof v === 'string' && v) entries.push({ name: k, location: `${secretsFile}: ${k}`, source: 'secrets-file', fingerprint: redactSecret(v), howTo: howToRotate(k) });
    } catch (err) {
      notes.push(`${secretsFile} is not valid JSON (${describeError(err)}); its secrets are not listed.`);
    }
  }
  const agentsDir = join(opts.stateDir, 'agents');
  const agents = await fs.readdir(agentsDir, { withFileTypes: true }).catch(() => []);
  for (const agent of agents) {
    if (!agent.isDirectory()) continue;
    const dir = join(agentsDir, agent.name, 'agent');
    for (const file of ['auth-profiles.json', 'auth.json']) {
      const p = join(dir, file);
      const text = await readOptional(p);
      if (!text) continue;
      try {
        entries.push(...jsonEntries(JSON.parse(text), p, 'auth-profile', (path) => `agent ${agent.name} ${path.filter((s) => s !== 'profiles').join(' ')}`));
      } catch (err) {
        notes.push(`${p} is not valid JSON (${describeError(err)}).`);
      }
    }
    const store = join(dir, 'openclaw-agent.sqlite');
    if (await fs.stat(store).then((s) => s.isFile()).catch(() => false)) {
      try {
        const db = new (loadSqlite())(store, { readonly: true, fileMustExist: true });
        try {
          const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'auth_profile_store'").get();
          if (has) {
            for (const row of db.prepare('SELECT store_key, store_json FROM auth_profile_store').iterate() as Iterable<{ store_key: string; store_json: string }>) {
              try {
                entries.push(...jsonEntries(JSON.parse(row.store_json), `${store} auth_profile_store[${row.store_key}]`, 'agent-store', (path) => `agent ${agent.name} ${path.filter((s) => s !== 'profiles').join(' ')}`));
              } catch {
                notes.push(`${store}: auth_profile_store row ${row.store_key} is not JSON.`);
              }
            }
          }
        } finally {
          db.close();
        }
      } catch (err) {
        notes.push(`Cannot open ${store} read-only (${describeError(err)}); its auth profiles are not listed.`);
      }
    }
  }
  const credDir = join(opts.stateDir, 'credentials');
  for (const ent of await fs.readdir(credDir, { withFileTypes: true }).catch(() => [])) {
    const p = join(credDir, ent.name);
    if (ent.isDirectory()) {
      entries.push({ name: `${ent.name} session`, location: p, source: 'credentials-dir', howTo: howToRotate(ent.name) });
    } else if (ent.isFile() && ent.name.endsWith('.json') && !/allowFrom\.json$/.test(ent.name)) {
      const text = await readOptional(p);
      try {
        entries.push(...jsonEntries(JSON.parse(text ?? '{}'), p, 'credentials-dir', (path) => `${ent.name.replace(/\.json$/, '')} ${path.join('.')}`));
      } catch {
        notes.push(`${p} is not valid JSON.`);
      }
    }
  }
  const globalDb = join(opts.stateDir, 'state', 'openclaw.sqlite');
  if (await fs.stat(globalDb).then((s) => s.isFile()).catch(() => false)) {
    entries.push({ name: 'MCP OAuth grants', location: `${globalDb} (mcp_oauth_* tables)`, source: 'agent-store', howTo: howToRotate('mcp') });
  }
  return { entries, notes };
}
