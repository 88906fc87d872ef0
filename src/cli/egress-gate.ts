// `clawguard egress gate`: the pre-install check, for people and as OpenClaw's `security.installPolicy` command.
//
// OpenClaw's contract (openclaw 2026.9.6, dist/install-policy-*.mjs, src/security/install-policy.ts and
// install-policy-response.ts; details in docs/integration.md): the configured `exec.command` runs with
// `exec.args`, an EMPTY environment (plus `exec.env` / `exec.passEnv`), cwd = the command's directory, and one
// JSON request on stdin: {protocolVersion: 1, openclawVersion, targetType: "skill"|"plugin", targetName,
// sourcePath, sourcePathKind: "directory"|"file", origin, request: {kind, mode, requestedSpecifier?}, ...}.
// It must exit 0 and print {protocolVersion: 1, decision: "allow"|"warn"|"block", reason?, findings?[]} where
// each finding is {ruleId, severity: "info"|"warn"|"critical", message, file?, line?, evidence?}. Any other exit
// code, empty or invalid JSON, more than 1 MiB of output, or the 10 s default timeout fails closed. At most 100
// findings are read, and a block notice longer than 4,000 characters is shown without its findings.
import { createReadStream, promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Command } from 'commander';
import { ALLOWLIST_FILE } from '../core/allowlist.js';
import { ClawguardError, describeError, hasErrnoCode, UsageError } from '../core/errors.js';
import { clipSnippet } from '../core/redact.js';
import { isInside } from '../core/safe-path.js';
import { severityRank } from '../core/severity.js';
import { applySuppressions, loadSuppressions, SUPPRESSIONS_FILE } from '../core/suppressions.js';
import type { Finding, Severity } from '../core/types.js';
import { scanEgress } from '../egress/index.js';
import { EXIT } from './exit-codes.js';
import type { CommandRuntime, RegisterCommand } from './program.js';

/** Largest install-policy request read from stdin (OpenClaw sends at most 256 KiB). */
const MAX_REQUEST_BYTES = 1024 * 1024;
/** OpenClaw reads at most this many findings from a policy response. */
const MAX_PROTOCOL_FINDINGS = 100;
/** OpenClaw drops every finding from a block notice longer than 4,000 characters; stay well inside it. */
const NOTICE_BUDGET_CHARS = 3_200;
/** Characters of evidence per finding in the protocol response (evidence is already redacted). */
const MAX_EVIDENCE_CHARS = 120;

export type GateDecision = 'allow' | 'warn' | 'block';

/** OpenClaw's install-policy finding (src/security/install-policy-response.ts). */
export interface PolicyFinding {
  ruleId: string;
  severity: 'info' | 'warn' | 'critical';
  message: string;
  file?: string;
  line?: number;
  evidence?: string;
}

/** OpenClaw's install-policy response, protocol version 1. */
export interface PolicyResponse {
  protocolVersion: 1;
  decision: GateDecision;
  reason?: string;
  findings?: PolicyFinding[];
}

export interface GateOptions {
  /** The skill or plugin folder to check (not modified). */
  source: string;
  /** Name shown in messages (default: the folder name). */
  name?: string;
  /** Lowest severity that blocks the install (default critical). */
  blockOn: Severity;
  /** Lowest severity that asks the operator to approve (OpenClaw `warn`); undefined = never. */
  warnOn?: Severity;
  /** The operator's workspace: its `.egress-allowlist.json` and `.clawguard-suppressions.json` apply. */
  workspace?: string;
  /** Operator suppressions file (overrides the workspace's). */
  suppressionsFile?: string;
  signal?: AbortSignal;
}

export interface GateResult {
  decision: GateDecision;
  name: string;
  /** Active findings, paths relative to the checked folder. */
  findings: Finding[];
  suppressed: Finding[];
  /** Findings at or above the block level. */
  blocking: Finding[];
  notes: string[];
  /** The suppressions file applied, if any. */
  suppressionsFile?: string;
}

interface GateFlags {
  blockOn: string;
  warnOn?: string;
  workspace?: string;
  suppressions?: string;
  json?: boolean;
}

const SEVERITY_WORDS: Record<string, Severity> = { critical: 'critical', high: 'high', warning: 'warning', warn: 'warning', info: 'info' };

function parseSeverity(flag: string, value: string): Severity {
  const severity = SEVERITY_WORDS[value.toLowerCase()];
  if (!severity) throw new UsageError(`${flag} must be critical, high, warning or info, not "${value}".`);
  return severity;
}

const atLeast = (severity: Severity, floor: Severity) => severityRank(severity) <= severityRank(floor);

/** A folder name safe to use as one path segment in the scratch workspace. */
function safeSegment(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+/, '');
  return cleaned.slice(0, 80) || 'skill';
}

/**
 * Copies the checked folder into a scratch workspace as `skills/<name>`. The copy keeps symlinks as links (an
 * absolute or upward link still points outside and is reported as an escape) and skips FIFOs, sockets and
 * devices, listing them. The scan never runs in place, because a hostile skill could ship its own
 * `.clawguard-suppressions.json`, `.egress-allowlist.json` or egress state file at the root of the folder and
 * have the scanner trust it; inside `skills/<name>/` those files are plain content and are scanned.
 */
async function stageCopy(source: string, name: string, notes: string[]): Promise<{ root: string; prefix: string }> {
  const root = await fs.mkdtemp(join(tmpdir(), 'clawguard-gate-'));
  const prefix = `skills/${safeSegment(name)}`;
  const skipped: string[] = [];
  await fs.cp(source, join(root, ...prefix.split('/')), {
    recursive: true,
    dereference: false,
    verbatimSymlinks: true,
    errorOnExist: true,
    preserveTimestamps: false,
    filter: async (src) => {
      const st = await fs.lstat(src);
      if (st.isFile() || st.isDirectory() || st.isSymbolicLink()) return true;
      skipped.push(relative(source, src).split(sep).join('/'));
      return false;
    },
  });
  if (skipped.length) notes.push(`${skipped.length} special file(s) (FIFO, socket or device) not copied for scanning: ${skipped.slice(0, 5).join(', ')}`);
  return { root, prefix };
}

function relocate(finding: Finding, prefix: string): Finding {
  const file = finding.location?.file;
  if (!file) return finding;
  const rel = file === prefix ? '.' : file.startsWith(`${prefix}/`) ? file.slice(prefix.length + 1) : file;
  return { ...finding, location: { ...finding.location, file: rel } };
}

async function resolveSuppressionsFile(opts: GateOptions, source: string, notes: string[]): Promise<string | undefined> {
  const candidate = opts.suppressionsFile ?? (opts.workspace ? join(opts.workspace, SUPPRESSIONS_FILE) : undefined);
  if (!candidate) return undefined;
  const file = resolve(candidate);
  const real = await fs.realpath(file).catch(() => file);
  if (isInside(source, real)) {
    notes.push(`ignored ${file}: a suppressions file inside the folder being checked cannot vouch for it`);
    return undefined;
  }
  return file;
}

/** Scans one skill or plugin folder without modifying it and decides allow / warn / block. */
export async function runGate(opts: GateOptions): Promise<GateResult> {
  const source = resolve(opts.source);
  let stat: import('node:fs').Stats;
  try {
    stat = await fs.stat(source);
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT', 'ENOTDIR')) throw new ClawguardError('CG_NOT_FOUND', `No skill folder at ${source}.`);
    throw new ClawguardError('CG_IO', `Cannot read ${source}: ${describeError(err)}`);
  }
  if (!stat.isDirectory()) throw new ClawguardError('CG_INPUT', `${source} is a file, not a skill folder; clawguard checks unpacked folders (unpack archives first).`);
  const realSource = await fs.realpath(source);
  const name = opts.name?.trim() || basename(realSource);
  const notes: string[] = [];
  const suppressionsFile = await resolveSuppressionsFile(opts, realSource, notes);
  const rules = suppressionsFile ? await loadSuppressions(suppressionsFile) : [];

  for (const own of [SUPPRESSIONS_FILE, ALLOWLIST_FILE]) {
    if (await fs.lstat(join(realSource, own)).then(() => true, () => false)) notes.push(`the folder ships its own ${own}; it was ignored (only the operator's files apply) and scanned as content`);
  }
  const { root, prefix } = await stageCopy(realSource, name, notes);
  try {
    if (opts.workspace) {
      const allowlist = join(opts.workspace, ALLOWLIST_FILE);
      const realAllowlist = await fs.realpath(allowlist).catch(() => undefined);
      if (realAllowlist && isInside(realSource, realAllowlist)) notes.push(`ignored ${allowlist}: it lives inside the folder being checked`);
      else if (realAllowlist) await fs.copyFile(realAllowlist, join(root, ALLOWLIST_FILE));
    }
    const scan = await scanEgress({ workspace: root, signal: opts.signal });
    const inFolder = (f: Finding) => !f.location?.file || f.location.file === prefix || f.location.file.startsWith(`${prefix}/`);
    const scanned = [...scan.findings, ...scan.suppressed].filter(inFolder).map((f) => relocate(f, prefix));
    const outcome = applySuppressions(scanned, rules, suppressionsFile ?? SUPPRESSIONS_FILE, new Date(), (f) => (f.fingerprint ? [f.fingerprint] : []));
    for (const r of outcome.expired) notes.push(`suppression for ${r.ruleId} expired on ${r.expires}`);
    for (const n of scan.notes) if (!n.startsWith('workspace ')) notes.push(n.split(`${prefix}/`).join(''));
    if (opts.signal?.aborted) throw new ClawguardError('CG_REFUSED', 'Scan interrupted before it finished; the folder was not checked.');
    const findings = outcome.active;
    const blocking = findings.filter((f) => atLeast(f.severity, opts.blockOn));
    const warning = opts.warnOn ? findings.filter((f) => atLeast(f.severity, opts.warnOn as Severity)) : [];
    const decision: GateDecision = blocking.length ? 'block' : warning.length ? 'warn' : 'allow';
    return { decision, name, findings, suppressed: outcome.suppressed, blocking, notes, suppressionsFile };
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
}

function locationOf(f: Finding): string {
  const file = f.location?.file;
  if (!file) return f.location?.keyPath ?? f.location?.ref ?? '-';
  return f.location?.line ? `${file}:${f.location.line}` : file;
}

function countLine(findings: readonly Finding[]): string {
  const counts = new Map<Severity, number>();
  for (const f of findings) counts.set(f.severity, (counts.get(f.severity) ?? 0) + 1);
  const parts = (['critical', 'high', 'warning', 'info'] as const).filter((s) => counts.get(s)).map((s) => `${counts.get(s)} ${s}`);
  return parts.length ? parts.join(', ') : 'no findings';
}

/** The one-line summary OpenClaw shows as the reason, and people see last. */
export function gateReason(result: GateResult, blockOn: Severity): string {
  const suppressed = result.suppressed.length ? `; ${result.suppressed.length} suppressed` : '';
  if (result.decision === 'block') return `clawguard egress gate: ${result.blocking.length} finding(s) at or above ${blockOn} in "${result.name}" (${countLine(result.findings)}${suppressed})`;
  if (result.decision === 'warn') return `clawguard egress gate: "${result.name}" needs review (${countLine(result.findings)}${suppressed})`;
  return `clawguard egress gate: "${result.name}" allowed (${countLine(result.findings)}${suppressed})`;
}

const toPolicySeverity = (s: Severity): PolicyFinding['severity'] => (s === 'critical' ? 'critical' : s === 'info' ? 'info' : 'warn');

function toPolicyFinding(f: Finding): PolicyFinding {
  const out: PolicyFinding = { ruleId: f.ruleId, severity: toPolicySeverity(f.severity), message: f.severity === 'high' ? `${f.title} (high)` : f.title };
  const file = f.location?.file;
  if (file && file !== '.') out.file = file;
  if (file && f.location?.line) out.line = f.location.line;
  if (f.evidence) out.evidence = clipSnippet(f.evidence, MAX_EVIDENCE_CHARS);
  return out;
}

/** OpenClaw renders each finding as `    • [SEV] rule: message (file:line) Evidence: …`; estimate that length. */
function noticeLength(f: PolicyFinding): number {
  return 12 + f.severity.length + f.ruleId.length + f.message.length + (f.file ? f.file.length + 10 : 0) + (f.evidence ? f.evidence.length + 11 : 0);
}

/**
 * Builds the protocol response. Findings go most severe first and are cut to what OpenClaw will actually
 * display (100 findings, a 4,000-character notice); the reason then says how many were left out.
 */
export function toPolicyResponse(result: GateResult, blockOn: Severity): PolicyResponse {
  const relevant = result.findings.filter((f) => f.severity !== 'info' || result.decision !== 'allow');
  const ordered = [...relevant].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.ruleId.localeCompare(b.ruleId));
  const findings: PolicyFinding[] = [];
  let budget = NOTICE_BUDGET_CHARS;
  for (const f of ordered) {
    const pf = toPolicyFinding(f);
    const cost = noticeLength(pf);
    if (findings.length >= MAX_PROTOCOL_FINDINGS || cost > budget) break;
    findings.push(pf);
    budget -= cost;
  }
  let reason = gateReason(result, blockOn);
  if (findings.length < ordered.length) reason += `; ${ordered.length - findings.length} more not shown: run \`clawguard egress gate <dir>\``;
  const response: PolicyResponse = { protocolVersion: 1, decision: result.decision, reason };
  if (findings.length) response.findings = findings;
  return response;
}

/** One line per finding for the operator: severity, rule id, file:line, redacted evidence, title. */
export function renderGateText(result: GateResult, blockOn: Severity): string {
  const lines: string[] = [];
  const ordered = [...result.findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || locationOf(a).localeCompare(locationOf(b)));
  for (const f of ordered) {
    const evidence = f.evidence ? `  ${clipSnippet(f.evidence, MAX_EVIDENCE_CHARS)}` : '';
    lines.push(`${f.severity.toUpperCase().padEnd(8)} ${f.ruleId}  ${locationOf(f)}${evidence}  ${f.title}`);
  }
  for (const n of result.notes) lines.push(`note: ${n}`);
  if (result.suppressed.length) lines.push(`${result.suppressed.length} finding(s) suppressed by ${result.suppressionsFile ?? SUPPRESSIONS_FILE}`);
  const verdict = result.decision === 'block' ? 'BLOCKED' : result.decision === 'warn' ? 'REVIEW' : 'ALLOWED';
  lines.push(`${verdict}: ${gateReason(result, blockOn)}`);
  return `${lines.join('\n')}\n`;
}

/** Reads OpenClaw's request from stdin (fd 0), bounded. */
async function readStdin(limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of createReadStream('', { fd: 0, autoClose: false })) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new ClawguardError('CG_INPUT', `install-policy request on stdin exceeds ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

interface PolicyRequest {
  targetType?: string;
  targetName?: string;
  sourcePath?: string;
  sourcePathKind?: string;
}

function parseRequest(text: string): PolicyRequest {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new ClawguardError('CG_INPUT', `install-policy request is not JSON (${describeError(err)})`);
  }
  const req = parsed as PolicyRequest & { protocolVersion?: unknown };
  if (!req || typeof req !== 'object') throw new ClawguardError('CG_INPUT', 'install-policy request must be a JSON object');
  if (req.protocolVersion !== 1) throw new ClawguardError('CG_INPUT', `unsupported install-policy protocolVersion ${JSON.stringify(req.protocolVersion)} (clawguard speaks 1)`);
  if (typeof req.sourcePath !== 'string' || !isAbsolute(req.sourcePath)) throw new ClawguardError('CG_INPUT', 'install-policy request has no absolute sourcePath');
  return req;
}

function blockResponse(reason: string): PolicyResponse {
  return { protocolVersion: 1, decision: 'block', reason: `clawguard egress gate: ${reason}` };
}

/** Protocol mode: answer OpenClaw on stdout and exit 0; a request that cannot be checked is blocked with the reason. */
async function answerOpenClaw(runtime: CommandRuntime, base: Omit<GateOptions, 'source'>): Promise<void> {
  let response: PolicyResponse;
  try {
    const request = parseRequest(await readStdin(MAX_REQUEST_BYTES));
    if (request.sourcePathKind === 'file') {
      response = blockResponse(`${request.targetType ?? 'package'} "${request.targetName ?? basename(request.sourcePath as string)}" arrives as an archive file, which clawguard does not unpack; install it from an unpacked folder, or set security.installPolicy.targets to ["skill"]`);
    } else {
      const result = await runGate({ ...base, source: request.sourcePath as string, name: request.targetName });
      response = toPolicyResponse(result, base.blockOn);
    }
  } catch (err) {
    response = blockResponse(`could not check this install (${describeError(err)})`);
  }
  runtime.io.out(`${JSON.stringify(response)}\n`);
  runtime.setExitCode(EXIT.OK);
}

export const registerEgressGate: RegisterCommand = (program, runtime) => {
  const egress = program.commands.find((c: Command) => c.name() === 'egress');
  if (!egress) throw new ClawguardError('CG_INTERNAL', 'egress gate needs the `egress` command: register it before registerEgressGate in src/cli/commands.ts.');
  egress
    .command('gate')
    .description("Check a skill or plugin folder before it is installed: block on critical findings. Without <dir>, speaks OpenClaw's security.installPolicy protocol (JSON request on stdin, JSON decision on stdout).")
    .argument('[dir]', 'skill or plugin folder to check (not modified); omit to read an OpenClaw install-policy request from stdin')
    .option('--block-on <severity>', 'lowest severity that blocks: critical, high, warning or info', 'critical')
    .option('--warn-on <severity>', 'lowest severity that asks the operator to approve (OpenClaw "warn"); default: never')
    .option('--workspace <dir>', "the operator's workspace whose .egress-allowlist.json and .clawguard-suppressions.json apply")
    .option('--suppressions <file>', `operator suppressions file (default: ${SUPPRESSIONS_FILE} in --workspace); one inside the checked folder is ignored`)
    .option('--json', "print OpenClaw's install-policy response JSON instead of text")
    .addHelpText(
      'after',
      [
        '',
        'Exit codes (with <dir>): 0 allowed, 1 allowed with findings to review, 2 blocked, 64 usage, 65 bad input, 66 no such folder.',
        'Without <dir> (OpenClaw protocol) it always exits 0 with a decision; a request it cannot check is blocked, with the reason.',
        '',
        'OpenClaw set-up (openclaw.json; the command must be an absolute path that is not a symlink):',
        '  security: { installPolicy: { enabled: true, targets: ["skill"],',
        '    exec: { source: "exec", command: "/abs/path/node_modules/clawguard/dist/cli/main.js",',
        '            args: ["egress", "gate", "--workspace", "/home/me/.openclaw/workspace"], timeoutMs: 30000 } } }',
      ].join('\n'),
    )
    .action(async (dir: string | undefined, flags: GateFlags) => {
      const blockOn = parseSeverity('--block-on', flags.blockOn);
      const warnOn = flags.warnOn ? parseSeverity('--warn-on', flags.warnOn) : undefined;
      const base = { blockOn, warnOn, workspace: flags.workspace ? resolve(flags.workspace) : undefined, suppressionsFile: flags.suppressions, signal: runtime.io.signal };
      if (dir === undefined) {
        if (runtime.io.stdinIsTTY) throw new UsageError('Give a folder to check (clawguard egress gate <dir>), or pipe an OpenClaw install-policy request on stdin.');
        await answerOpenClaw(runtime, base);
        return;
      }
      // Without --workspace, the current directory's suppressions apply unless it is the checked folder itself.
      const cwdSuppressions = join(resolve('.'), SUPPRESSIONS_FILE);
      const suppressionsFile = base.suppressionsFile ?? (base.workspace ? undefined : cwdSuppressions);
      const result = await runGate({ ...base, suppressionsFile, source: dir });
      runtime.io.out(flags.json ? `${JSON.stringify(toPolicyResponse(result, blockOn), null, 2)}\n` : renderGateText(result, blockOn));
      runtime.setExitCode(result.decision === 'block' ? EXIT.CRITICAL : result.findings.some((f) => f.severity !== 'info') || result.decision === 'warn' ? EXIT.WARNINGS : EXIT.OK);
    });
};
