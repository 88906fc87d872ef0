// Plaintext secrets the real audit never reports: in config slots and anywhere in openclaw.json/includes, .env, credentials/, auth profiles, transcripts and logs.
import { join } from 'node:path';
import { getPath, isObject } from '../../core/openclaw/config.js';
import { isPlaceholderSecret } from '../../core/openclaw/token.js';
import { redactSecret, shortHash } from '../../core/redact.js';
import type { Severity } from '../../core/types.js';
import { dotted, envTemplateName, isSecretRef, walkStrings } from '../model.js';
import { scanSecretsInFile, scanSecretsInText, type ScanKind } from '../secret-scan.js';
import type { AuditContext, Check, Hit } from '../types.js';
import { logFiles } from './filesystem.js';
import { outcome, skip } from './helpers.js';

const AREA = 'secrets';

/** Key names that hold secrets in OpenClaw config (provider keys, channel tokens, skill keys, env vars). */
const SECRET_KEY = /(api[-_]?key|apikey|bot[-_]?token|app[-_]?token|access[-_]?token|refresh[-_]?token|signing[-_]?secret|client[-_]?secret|webhook[-_]?secret|private[-_]?key|password|passwd|secret|token)$/i;
const ENV_SECRET_NAME = /(KEY|TOKEN|SECRET|PASSWORD|PASSWD|CREDENTIALS?)$/i;
/** Subtrees where a secret-named string is a credential (gateway.auth and hooks.token have their own OpenClaw checks). */
const SLOT_ROOTS = ['models', 'channels', 'skills', 'env', 'mcp', 'plugins', 'tools', 'browser', 'talk', 'messages', 'secrets', 'gateway.remote'];

interface SlotHit {
  keyPath: string;
  value: string;
}

/** Strings in known secret slots that are neither a SecretRef nor a `${ENV}` reference. */
export function plaintextSlots(config: import('../../core/openclaw/config.js').JsonObject): SlotHit[] {
  const hits: SlotHit[] = [];
  for (const { path, value } of walkStrings(config)) {
    const key = dotted(path);
    if (!SLOT_ROOTS.some((r) => key === r || key.startsWith(`${r}.`))) continue;
    const last = path[path.length - 1];
    const parent = path[path.length - 2];
    const isEnvVar = typeof last === 'string' && (parent === 'vars' || parent === 'env') && ENV_SECRET_NAME.test(last);
    const isSecretKey = typeof last === 'string' && SECRET_KEY.test(last) && !/(file|path|env|ref|header|mode|policy|enabled|ttl|url)$/i.test(last);
    if (!isEnvVar && !isSecretKey) continue;
    // A SecretRef object is never a string leaf; its `id` field is a name, not a secret.
    const parentValue = getPath(config, path.slice(0, -1));
    if (isSecretRef(parentValue)) continue;
    const v = value.trim();
    if (v.length < 8 || envTemplateName(v) || isPlaceholderSecret(v) || /^(env|file|exec):/.test(v)) continue;
    hits.push({ keyPath: key, value: v });
  }
  return hits;
}

async function othersCanRead(ctx: AuditContext, path: string): Promise<boolean> {
  const l = await ctx.lstat(path);
  return 'stats' in l && (l.stats.mode & 0o044) !== 0;
}

async function scanFiles(ctx: AuditContext, files: readonly string[], kind: ScanKind, what: string, base: Severity, notes: string[]): Promise<Hit[] | undefined> {
  const hits: Hit[] = [];
  let available = true;
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++] as string;
      let res: Awaited<ReturnType<typeof scanSecretsInFile>>;
      try {
        res = await scanSecretsInFile(file, kind, ctx.options.signal);
      } catch {
        continue;
      }
      if (!res) {
        available = false;
        return;
      }
      if (res.truncated) notes.push(`${file}: scanned the first 64 MiB only.`);
      const loose = res.matches.length > 0 && (await othersCanRead(ctx, file));
      for (const m of res.matches) hits.push({ severity: loose ? 'critical' : base, message: `${m.title} (${m.ruleId}) in ${what}${loose ? '; the file is readable by other users' : ''}.`, evidence: m.evidence, location: { file, line: m.line, column: m.column } });
    }
  };
  await Promise.all(Array.from({ length: Math.min(4, files.length) }, worker));
  return available ? hits : undefined;
}

const NO_ENGINE = 'the detection engine (src/detect) is not available in this build';

export const SECRETS_CHECKS: Check[] = [
  {
    id: 'audit.secrets.config-plaintext',
    severity: 'high',
    severities: ['critical'],
    area: AREA,
    title: 'Plaintext API key or token in openclaw.json or its includes',
    why: 'OpenClaw accepts literal provider keys (models.providers.*.apiKey), channel bot tokens, skill keys and env.vars in the config and never reports them. The config is copied into backups, bug reports and dotfile repos; its secrets go with it.',
    remediation: 'Move the value to the environment or ~/.openclaw/.env and reference it as "${NAME}", or use a SecretRef {source:"env"|"file"|"exec"}.',
    async run(ctx) {
      const hits: Hit[] = [];
      // The gateway and hooks secrets have their own OpenClaw checks (and --fix writes the gateway token there).
      const seen = new Set<string>(['gateway.auth.token', 'gateway.auth.password', 'hooks.token'].map((k) => getPath(ctx.config, k.split('.'))).filter((v): v is string => typeof v === 'string' && v.length > 0).map((v) => shortHash(v.trim())));
      const looseConfig = await Promise.all(ctx.loaded.sources.map((s) => othersCanRead(ctx, s.path)));
      for (const slot of plaintextSlots(ctx.config)) {
        const segs = slot.keyPath.split('.');
        const owner = [...ctx.loaded.sources].reverse().find((s) => getPath(s.value, segs) !== undefined) ?? ctx.loaded.sources[0];
        const loose = owner ? looseConfig[ctx.loaded.sources.indexOf(owner)] : false;
        seen.add(shortHash(slot.value));
        hits.push({ severity: loose ? 'critical' : 'high', message: `${slot.keyPath} holds a plaintext secret${loose ? ' in a file other users can read' : ''}.`, evidence: redactSecret(slot.value), location: { file: owner?.path, keyPath: slot.keyPath } });
      }
      for (const [i, src] of ctx.loaded.sources.entries()) {
        const matches = await scanSecretsInText(src.text, 'config', src.path);
        if (!matches) break;
        for (const m of matches) {
          if ([...seen].some((h) => m.hash.startsWith(h))) continue;
          seen.add(m.hash.slice(0, 8));
          hits.push({ severity: looseConfig[i] ? 'critical' : 'high', message: `${m.title} (${m.ruleId}) in the config.`, evidence: m.evidence, location: { file: src.path, line: m.line, column: m.column } });
        }
      }
      return outcome(hits);
    },
  },
  {
    id: 'audit.secrets.store-plaintext',
    severity: 'info',
    severities: ['critical'],
    area: AREA,
    title: 'Plaintext secrets in .env, credentials/ or auth profiles',
    why: 'These are OpenClaw’s intended secret stores, so a secret there is an inventory item (info) — until the file is readable by other users, which makes it critical.',
    remediation: 'Keep these files 600 and their directories 700 (`clawguard audit --fix`); prefer exec/file SecretRefs backed by a secret manager.',
    async run(ctx) {
      const s = ctx.paths.stateDir;
      const files = [join(s, '.env'), ...(await ctx.listFiles(join(s, 'credentials'))), ...ctx.agentIds.flatMap((id) => [join(s, 'agents', id, 'agent', 'auth-profiles.json'), join(s, 'agents', id, 'agent', 'auth.json')])];
      const existing: string[] = [];
      for (const f of files) if ('stats' in (await ctx.lstat(f))) existing.push(f);
      const hits = await scanFiles(ctx, existing, 'config', 'a secret store', 'info', []);
      return hits ? outcome(hits) : skip(NO_ENGINE);
    },
  },
  {
    id: 'audit.secrets.transcript-leak',
    severity: 'high',
    severities: ['critical'],
    area: AREA,
    title: 'Secrets leaked into session transcripts',
    why: 'Legacy and exported transcripts (agents/<id>/sessions/*.jsonl) and cold archives (sessions/cold/*.jsonl.zst) keep tool-call arguments and outputs; a key pasted into a chat or printed by a tool stays there in clear.',
    remediation: 'Rotate the leaked secret, then delete or redact the transcript (`clawguard forensics` locates the message).',
    async run(ctx) {
      const files = (await Promise.all(ctx.agentIds.map((id) => ctx.listFiles(join(ctx.paths.stateDir, 'agents', id, 'sessions'))))).flat().filter((f) => f.endsWith('.jsonl') || f.endsWith('.jsonl.zst'));
      const hits = await scanFiles(ctx, files, 'text', 'a session transcript', 'high', []);
      return hits ? outcome(hits) : skip(NO_ENGINE);
    },
  },
  {
    id: 'audit.secrets.log-leak',
    severity: 'high',
    severities: ['critical'],
    area: AREA,
    title: 'Secrets leaked into log files',
    why: 'OpenClaw redacts with a pattern list, and logs go to /tmp/openclaw by default — outside the state dir, where the real audit never looks.',
    remediation: 'Rotate the leaked secret, delete the log, keep logging.file inside the state dir with mode 600.',
    async run(ctx) {
      const hits = await scanFiles(ctx, await logFiles(ctx), 'text', 'a log file', 'high', []);
      return hits ? outcome(hits) : skip(NO_ENGINE);
    },
  },
];


