// Filesystem permission checks: the real audit's fs.* ids, plus the nested files it never looks at (credentials/**, transcripts, logs, .env, SQLite stores).
import { promises as fs, type Stats } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { expandHome } from '../../core/openclaw/paths.js';
import type { Severity } from '../../core/types.js';
import { get, str } from '../model.js';
import type { AuditContext, Check, FixAction, Hit } from '../types.js';
import { fail, outcome, PASS } from './helpers.js';

const AREA = 'filesystem';
const DIR_MODE = 0o700;
const FILE_MODE = 0o600;

interface Perms {
  mode: number;
  worldWritable: boolean;
  groupWritable: boolean;
  worldReadable: boolean;
  groupReadable: boolean;
}

function perms(stats: Stats): Perms {
  const mode = stats.mode & 0o777;
  return { mode, worldWritable: (mode & 0o002) !== 0, groupWritable: (mode & 0o020) !== 0, worldReadable: (mode & 0o004) !== 0, groupReadable: (mode & 0o040) !== 0 };
}

function octal(mode: number): string {
  return mode.toString(8).padStart(3, '0');
}

/** stat through symlinks (what OpenClaw inspects), plus whether the path itself is a symlink. */
async function inspect(ctx: AuditContext, path: string): Promise<{ perms: Perms; isDir: boolean; isSymlink: boolean } | undefined> {
  const l = await ctx.lstat(path);
  if (!('stats' in l)) return undefined;
  let stats = l.stats;
  if (stats.isSymbolicLink()) {
    try {
      stats = await fs.stat(path);
    } catch {
      return undefined;
    }
  }
  return { perms: perms(stats), isDir: stats.isDirectory(), isSymlink: l.stats.isSymbolicLink() };
}

function detail(path: string, p: Perms): string {
  return `${path} mode=${octal(p.mode)}`;
}

/** Paths of the per-agent credential stores OpenClaw checks. */
function authTargets(ctx: AuditContext, agentId: string): string[] {
  const agentDir = join(ctx.paths.stateDir, 'agents', agentId, 'agent');
  return ['auth-profiles.json', 'openclaw-agent.sqlite', 'openclaw-agent.sqlite-wal', 'openclaw-agent.sqlite-shm', 'openclaw-agent.sqlite-journal'].map((f) => join(agentDir, f));
}

export function logFilePath(ctx: AuditContext): string | undefined {
  const file = str(get(ctx.config, 'logging.file'))?.trim();
  if (!file) return undefined;
  return resolve(expandHome(file, ctx.env.HOME ?? ctx.paths.home));
}

function chmod(path: string, expect: 'dir' | 'file'): FixAction {
  return { kind: 'chmod', path, mode: expect === 'dir' ? DIR_MODE : FILE_MODE, expect };
}

/** Files under `dir` plus the plan that makes dirs 700 and files 600. */
async function treePlan(ctx: AuditContext, dir: string, filter: (file: string) => boolean = () => true): Promise<FixAction[]> {
  const top = await ctx.lstat(dir);
  if (!('stats' in top) || !top.stats.isDirectory()) return [];
  const files = (await ctx.listFiles(dir)).filter(filter);
  const dirs = new Set<string>([dir]);
  for (const f of files) for (let d = dirname(f); d.startsWith(dir) && d !== dir; d = dirname(d)) dirs.add(d);
  return [...[...dirs].sort().map((d) => chmod(d, 'dir')), ...files.map((f) => chmod(f, 'file'))];
}

/** Hits for every file in `paths` readable/writable by others; world access escalates to critical. */
async function looseFiles(ctx: AuditContext, paths: readonly string[], what: string, base: Severity): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const path of paths) {
    const i = await inspect(ctx, path);
    if (!i || i.isSymlink) continue;
    const p = i.perms;
    if (!(p.worldWritable || p.groupWritable || p.worldReadable || p.groupReadable)) continue;
    const world = p.worldReadable || p.worldWritable;
    hits.push({ severity: world ? 'critical' : base, message: `${detail(path, p)}: ${what} ${world ? 'is accessible to every local user' : 'is accessible to the group'}; want ${i.isDir ? '700' : '600'}.`, location: { file: path } });
  }
  return hits;
}

/** Builds one of OpenClaw's writable/readable pairs for a single path. */
function pairChecks(spec: {
  idPrefix: string;
  label: string;
  pathsOf: (ctx: AuditContext) => Promise<string[]> | string[];
  expect: 'dir' | 'file';
  writable: { id: string; severity: Severity; title: string } | null;
  worldReadable?: { id: string; severity: Severity; title: string };
  readable: { id: string; severity: Severity; title: string };
  why: string;
}): Check[] {
  const want = spec.expect === 'dir' ? '700' : '600';
  const remediation = `chmod ${want} the ${spec.label} (\`clawguard audit --fix\` does it).`;
  const plan = async (ctx: AuditContext) => (await spec.pathsOf(ctx)).map((p) => chmod(p, spec.expect));
  const classify = async (ctx: AuditContext, kind: 'writable' | 'world' | 'readable'): Promise<Hit[]> => {
    const hits: Hit[] = [];
    for (const path of await spec.pathsOf(ctx)) {
      const i = await inspect(ctx, path);
      if (!i || (spec.expect === 'dir' && !i.isDir)) continue;
      if (spec.expect === 'file' && i.isSymlink && kind !== 'writable') continue;
      const p = i.perms;
      const writable = spec.writable !== null && (p.worldWritable || p.groupWritable);
      const world = !writable && spec.worldReadable !== undefined && p.worldReadable;
      const readable = !writable && !world && (p.groupReadable || p.worldReadable);
      if ((kind === 'writable' && writable) || (kind === 'world' && world) || (kind === 'readable' && readable)) hits.push({ message: `${detail(path, p)}; want ${want}.`, location: { file: path } });
    }
    return hits;
  };
  const checks: Check[] = [];
  if (spec.writable) checks.push({ ...spec.writable, openclawId: spec.writable.id, area: AREA, why: spec.why, remediation, run: async (ctx) => outcome(await classify(ctx, 'writable')), fix: plan });
  if (spec.worldReadable) checks.push({ ...spec.worldReadable, openclawId: spec.worldReadable.id, area: AREA, why: spec.why, remediation, run: async (ctx) => outcome(await classify(ctx, 'world')), fix: plan });
  checks.push({ ...spec.readable, openclawId: spec.readable.id, area: AREA, why: spec.why, remediation, run: async (ctx) => outcome(await classify(ctx, 'readable')), fix: plan });
  return checks;
}

const stateDirOf = (ctx: AuditContext) => [ctx.paths.stateDir];
const configOf = (ctx: AuditContext) => (ctx.loaded.exists ? [ctx.paths.configPath] : []);
const includesOf = (ctx: AuditContext) => ctx.loaded.sources.filter((s) => s.path !== ctx.loaded.path).map((s) => s.path);
const credentialsDirOf = (ctx: AuditContext) => [join(ctx.paths.stateDir, 'credentials')];
const authOf = (ctx: AuditContext) => ctx.agentIds.flatMap((id) => authTargets(ctx, id));
const sessionsStoreOf = (ctx: AuditContext) => ctx.agentIds.map((id) => join(ctx.paths.stateDir, 'agents', id, 'sessions', 'sessions.json'));

async function stateDirCheck(ctx: AuditContext, kind: 'ww' | 'gw' | 'r'): Promise<Hit[]> {
  const i = await inspect(ctx, ctx.paths.stateDir);
  if (!i) return [];
  const p = i.perms;
  const hit = (p.worldWritable && kind === 'ww') || (!p.worldWritable && p.groupWritable && kind === 'gw') || (!p.worldWritable && !p.groupWritable && (p.groupReadable || p.worldReadable) && kind === 'r');
  return hit ? [{ message: `${detail(ctx.paths.stateDir, p)}; want 700.`, location: { file: ctx.paths.stateDir } }] : [];
}

async function symlinkHit(ctx: AuditContext, path: string, what: string): Promise<Hit[]> {
  const l = await ctx.lstat(path);
  return 'stats' in l && l.stats.isSymbolicLink() ? [{ message: `${path} is a symlink; ${what}.`, location: { file: path } }] : [];
}

const STATE_WHY = 'The state dir holds the config, credentials, transcripts and the gateway token; other users must not read or plant files there.';

export const FILESYSTEM_CHECKS: Check[] = [
  {
    id: 'fs.state_dir.symlink',
    openclawId: 'fs.state_dir.symlink',
    severity: 'warning',
    area: AREA,
    title: 'State dir is a symlink',
    why: 'Whoever controls the link target controls the state.',
    remediation: 'Make sure you trust the target; prefer a real directory.',
    run: async (ctx) => outcome(await symlinkHit(ctx, ctx.paths.stateDir, 'treat this as an extra trust boundary')),
  },
  ...(['ww', 'gw', 'r'] as const).map(
    (kind): Check => ({
      id: kind === 'ww' ? 'fs.state_dir.perms_world_writable' : kind === 'gw' ? 'fs.state_dir.perms_group_writable' : 'fs.state_dir.perms_readable',
      openclawId: kind === 'ww' ? 'fs.state_dir.perms_world_writable' : kind === 'gw' ? 'fs.state_dir.perms_group_writable' : 'fs.state_dir.perms_readable',
      severity: kind === 'ww' ? 'critical' : 'warning',
      area: AREA,
      title: kind === 'ww' ? 'State dir is world-writable' : kind === 'gw' ? 'State dir is group-writable' : 'State dir is readable by others',
      why: STATE_WHY,
      remediation: 'chmod 700 the state dir (`clawguard audit --fix`).',
      run: async (ctx) => outcome(await stateDirCheck(ctx, kind)),
      fix: (ctx) => [chmod(ctx.paths.stateDir, 'dir')],
    }),
  ),
  {
    id: 'fs.config.symlink',
    openclawId: 'fs.config.symlink',
    severity: 'warning',
    area: AREA,
    title: 'Config file is a symlink',
    why: 'Whoever controls the link target controls gateway auth and tool policy.',
    remediation: 'Make sure you trust its target.',
    run: async (ctx) => outcome(await symlinkHit(ctx, ctx.paths.configPath, 'make sure you trust its target')),
  },
  ...pairChecks({
    idPrefix: 'fs.config',
    label: 'config file',
    pathsOf: configOf,
    expect: 'file',
    writable: { id: 'fs.config.perms_writable', severity: 'critical', title: 'Config file is writable by others' },
    worldReadable: { id: 'fs.config.perms_world_readable', severity: 'critical', title: 'Config file is world-readable' },
    readable: { id: 'fs.config.perms_group_readable', severity: 'warning', title: 'Config file is group-readable' },
    why: 'openclaw.json holds gateway tokens, provider keys and tool policy; another user could read secrets or change policies.',
  }),
  ...pairChecks({
    idPrefix: 'fs.config_include',
    label: '$include file',
    pathsOf: includesOf,
    expect: 'file',
    writable: { id: 'fs.config_include.perms_writable', severity: 'critical', title: 'Config include file is writable by others' },
    worldReadable: { id: 'fs.config_include.perms_world_readable', severity: 'critical', title: 'Config include file is world-readable' },
    readable: { id: 'fs.config_include.perms_group_readable', severity: 'warning', title: 'Config include file is group-readable' },
    why: 'Included files are part of the config: same secrets, same policies.',
  }),
  ...pairChecks({
    idPrefix: 'fs.credentials_dir',
    label: 'credentials dir',
    pathsOf: credentialsDirOf,
    expect: 'dir',
    writable: { id: 'fs.credentials_dir.perms_writable', severity: 'critical', title: 'Credentials dir is writable by others' },
    readable: { id: 'fs.credentials_dir.perms_readable', severity: 'warning', title: 'Credentials dir is readable by others' },
    why: 'credentials/ holds channel sessions (WhatsApp creds), OAuth imports and allowFrom lists.',
  }),
  ...pairChecks({
    idPrefix: 'fs.auth_profiles',
    label: 'auth profile stores',
    pathsOf: authOf,
    expect: 'file',
    writable: { id: 'fs.auth_profiles.perms_writable', severity: 'critical', title: 'Auth profile store is writable by others' },
    readable: { id: 'fs.auth_profiles.perms_readable', severity: 'warning', title: 'Auth profile store is readable by others' },
    why: 'auth-profiles.json and the per-agent SQLite store hold model API keys and OAuth tokens.',
  }),
  ...pairChecks({
    idPrefix: 'fs.sessions_store',
    label: 'sessions.json',
    pathsOf: sessionsStoreOf,
    expect: 'file',
    writable: null,
    readable: { id: 'fs.sessions_store.perms_readable', severity: 'warning', title: 'sessions.json is readable by others' },
    why: 'Routing and transcript metadata can be sensitive.',
  }),
  {
    id: 'fs.log_file.perms_readable',
    openclawId: 'fs.log_file.perms_readable',
    severity: 'warning',
    area: AREA,
    title: 'Log file is readable by others',
    why: 'Logs can contain private messages and tool output.',
    remediation: 'chmod 600 the configured logging.file (`clawguard audit --fix`).',
    async run(ctx) {
      const path = logFilePath(ctx);
      if (!path) return PASS;
      const i = await inspect(ctx, path);
      if (!i || !(i.perms.groupReadable || i.perms.worldReadable)) return PASS;
      return fail({ message: `${detail(path, i.perms)}; logs can contain private messages and tool output.`, location: { file: path } });
    },
    fix: (ctx) => {
      const path = logFilePath(ctx);
      return path ? [chmod(path, 'file')] : [];
    },
  },
  {
    id: 'fs.synced_dir',
    openclawId: 'fs.synced_dir',
    severity: 'warning',
    area: AREA,
    title: 'State/config path looks like a synced folder',
    why: 'iCloud/Dropbox/OneDrive/Google Drive copy tokens and transcripts onto other devices.',
    remediation: 'Keep OPENCLAW_STATE_DIR on a local-only volume.',
    run(ctx) {
      const synced = (p: string) => /icloud|dropbox|google ?drive|googledrive|onedrive/i.test(p);
      return synced(ctx.paths.stateDir) || synced(ctx.paths.configPath) ? fail({ message: `stateDir=${ctx.paths.stateDir}, configPath=${ctx.paths.configPath}.` }) : PASS;
    },
  },
  // Beyond the real audit: the nested files it skips.
  {
    id: 'audit.fs.credential-files-perms',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'Credential files inside credentials/ are readable by others',
    why: 'OpenClaw checks only the credentials/ directory and fixes only its top-level *.json; nested files such as credentials/whatsapp/<acct>/creds.json keep whatever mode they were created with. A traversable directory plus a readable file leaks the channel session.',
    remediation: 'chmod 700 every directory and 600 every file under credentials/ (`clawguard audit --fix`).',
    async run(ctx) {
      const files = await ctx.listFiles(join(ctx.paths.stateDir, 'credentials'));
      return outcome(await looseFiles(ctx, files, 'credential file', 'warning'));
    },
    fix: (ctx) => treePlan(ctx, join(ctx.paths.stateDir, 'credentials')),
  },
  {
    id: 'audit.fs.transcripts-perms',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'Session transcripts are readable by others',
    why: 'Transcripts (agents/<id>/sessions/*.jsonl, cold archives) hold whole conversations and tool output, often with secrets. OpenClaw never reports their mode.',
    remediation: 'chmod 700 agents/<id>/sessions and 600 its files (`clawguard audit --fix`).',
    async run(ctx) {
      const files = (await Promise.all(ctx.agentIds.map((id) => ctx.listFiles(join(ctx.paths.stateDir, 'agents', id, 'sessions'))))).flat().filter((f) => basename(f) !== 'sessions.json');
      return outcome(await looseFiles(ctx, files, 'transcript', 'warning'));
    },
    fix: async (ctx) => (await Promise.all(ctx.agentIds.map((id) => treePlan(ctx, join(ctx.paths.stateDir, 'agents', id, 'sessions'))))).flat(),
  },
  {
    id: 'audit.fs.agent-dirs-perms',
    severity: 'warning',
    area: AREA,
    title: 'Agent directories are open to other users',
    why: 'agents/<id> and agents/<id>/agent hold the per-agent SQLite store (sessions, auth profiles); a traversable, readable directory exposes new files created with a loose umask.',
    remediation: 'chmod 700 agents/<id> and agents/<id>/agent (`clawguard audit --fix`).',
    async run(ctx) {
      const dirs = ctx.agentIds.flatMap((id) => [join(ctx.paths.stateDir, 'agents', id), join(ctx.paths.stateDir, 'agents', id, 'agent')]);
      const hits: Hit[] = [];
      for (const d of dirs) {
        const i = await inspect(ctx, d);
        if (i && i.isDir && !i.isSymlink && (i.perms.mode & 0o077) !== 0) hits.push({ message: `${detail(d, i.perms)}; want 700.`, location: { file: d } });
      }
      return outcome(hits);
    },
    fix: async (ctx) => {
      const plan: FixAction[] = [];
      for (const id of ctx.agentIds) {
        for (const d of [join(ctx.paths.stateDir, 'agents', id), join(ctx.paths.stateDir, 'agents', id, 'agent')]) {
          const l = await ctx.lstat(d);
          if ('stats' in l) plan.push(chmod(d, 'dir'));
        }
        for (const f of [...authTargets(ctx, id), join(ctx.paths.stateDir, 'agents', id, 'agent', 'auth.json')]) {
          const l = await ctx.lstat(f);
          if ('stats' in l) plan.push(chmod(f, 'file'));
        }
      }
      return plan;
    },
  },
  {
    id: 'audit.fs.secret-stores-perms',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'Secret stores outside the config are readable by others',
    why: '<state>/.env (provider keys), secrets.json (file SecretRef provider), state/openclaw.sqlite (MCP OAuth tokens, approvals) and agents/<id>/agent/auth.json are not covered by the real audit.',
    remediation: 'chmod 600 these files (`clawguard audit --fix`).',
    async run(ctx) {
      return outcome(await looseFiles(ctx, secretStores(ctx), 'secret store', 'warning'));
    },
    fix: async (ctx) => {
      const plan: FixAction[] = [];
      for (const f of secretStores(ctx)) if ('stats' in (await ctx.lstat(f))) plan.push(chmod(f, 'file'));
      return plan;
    },
  },
  {
    id: 'audit.fs.logs-perms',
    severity: 'warning',
    severities: ['critical'],
    area: AREA,
    title: 'Log files are readable by other users',
    why: 'OpenClaw writes JSONL logs to /tmp/openclaw/openclaw-YYYY-MM-DD.log by default: outside the state dir, in a world-traversable directory, and the real audit only checks an explicitly configured logging.file.',
    remediation: 'chmod 700 the log dir and 600 its files (`clawguard audit --fix`), or set logging.file inside the state dir.',
    async run(ctx) {
      const files = await logFiles(ctx);
      const configured = logFilePath(ctx);
      return outcome(await looseFiles(ctx, files.filter((f) => f !== configured), 'log file', 'warning'));
    },
    fix: async (ctx) => {
      const plan: FixAction[] = [];
      for (const dir of await ownedLogDirs(ctx)) plan.push(...(await treePlan(ctx, dir, (f) => /\.(log|jsonl)(\.\d+)?$/.test(f))));
      return plan;
    },
  },
];

function secretStores(ctx: AuditContext): string[] {
  const s = ctx.paths.stateDir;
  return [join(s, '.env'), join(s, 'secrets.json'), join(s, 'state', 'openclaw.sqlite'), join(s, 'state', 'openclaw.sqlite-wal'), ...ctx.agentIds.map((id) => join(s, 'agents', id, 'agent', 'auth.json'))];
}

/** Log dirs clawguard may fix: <state>/logs, and the default /tmp/openclaw only when it is a real directory owned by us. */
async function ownedLogDirs(ctx: AuditContext): Promise<string[]> {
  const dirs = [join(ctx.paths.stateDir, 'logs')];
  const l = await ctx.lstat(ctx.defaultLogDir);
  if ('stats' in l && l.stats.isDirectory() && (process.getuid === undefined || l.stats.uid === process.getuid())) dirs.push(ctx.defaultLogDir);
  return dirs;
}

export async function logFiles(ctx: AuditContext): Promise<string[]> {
  const dirs = [join(ctx.paths.stateDir, 'logs'), ctx.defaultLogDir];
  const lists = await Promise.all(dirs.map((d) => ctx.listFiles(d, { maxDepth: 2, maxFiles: 500 })));
  const files = lists.flat().filter((f) => /\.(log|jsonl)(\.\d+)?$/.test(f));
  const configured = logFilePath(ctx);
  if (configured && 'stats' in (await ctx.lstat(configured))) files.push(configured);
  return [...new Set(files)];
}
