// Alibaba Cloud Security Center fleet operations for OpenClaw: the one entry point `runCloud` and its types.
import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFileAtomic } from '../core/atomic.js';
import { ClawguardError, UsageError } from '../core/errors.js';
import type { Finding, Severity } from '../core/types.js';
import { runCommand, type CommandType, type RunCommandResult } from './aliyun/assistant.js';
import { AliyunClient, PRODUCTS, parseEndpoint } from './aliyun/client.js';
import { credentialRedactor, resolveCredentials, type AliyunCredentials } from './aliyun/credentials.js';
import { formatEpoch, mdCell, mdTable, stripControl } from './aliyun/markdown.js';
import {
  DEFAULT_PUSH_TASKS,
  VULN_STATUS,
  getAssetDetails,
  getBaselineSummary,
  getBaselineWarnings,
  getPluginCommand,
  listAlerts,
  listOpenClawInstances,
  listVulnerabilities,
  pushCheckTasks,
  type Alert,
  type AssetDetail,
  type BaselineSummaryItem,
  type BaselineWarning,
  type OpenClawInstance,
  type PushTaskResult,
  type Vulnerability,
} from './aliyun/security-center.js';
import { assessCommand } from './command-policy.js';

export type { Alert, AssetDetail, BaselineSummaryItem, BaselineWarning, OpenClawInstance, PushTaskResult, Vulnerability, RunCommandResult, CommandType, AliyunCredentials };
export { assessCommand, type CommandVerdict } from './command-policy.js';
export { COMMAND_POLICY_RULE_IDS } from './command-policy.js';

/** Ids of the findings `cloud` reports (each has docs/rules/<id>.md). */
export const CLOUD_RULE_IDS = ['cloud.sas.vulnerability', 'cloud.sas.baseline-risk', 'cloud.sas.alert', 'cloud.sas.gateway-listens-publicly', 'cloud.sas.agent-offline', 'cloud.guardrail.not-installed'] as const;

/** Security Center and AI Security Center serve only these two regions. */
export const SAS_REGIONS = ['cn-shanghai', 'ap-southeast-1'] as const;
export const DEFAULT_SAS_REGION = 'cn-shanghai';
/** The remote command `guardrail status` runs. */
export const GUARDRAIL_STATUS_COMMAND = 'openclaw plugins info openclaw-security-assistant';
/** The marker the guardrail installer prints when it finished, even if its exit code is non-zero. */
export const GUARDRAIL_INSTALL_MARKER = '=== 安装配置完成 ===';
/** Hosts whose installer may be piped to a shell by `guardrail install`. */
const VENDOR_HOSTS = ['aliyuncs.com', 'aliyun.com', 'alibabacloud.com', 'alicdn.com'];

export type CloudAction =
  | { kind: 'instances'; namePattern: string; biz: string; remark?: string }
  | { kind: 'asset'; uuids: string[] }
  | { kind: 'vulns'; name?: string; type: string; dealed: 'y' | 'n'; necessity?: string; uuids?: string }
  | { kind: 'baseline'; uuid?: string; riskId?: number }
  | { kind: 'alerts'; dealed: 'Y' | 'N'; levels?: string; uuids?: string; name?: string }
  | { kind: 'push-tasks'; uuids: string[]; tasks: string }
  | { kind: 'plugin-command' }
  | { kind: 'guardrail-install'; target: EcsTarget; timeoutSeconds: number; username?: string }
  | { kind: 'guardrail-status'; target: EcsTarget; timeoutSeconds: number }
  | { kind: 'exec'; target: EcsTarget; command: string; type: CommandType; timeoutSeconds: number; username?: string }
  | { kind: 'overview'; vulnName?: string; namePattern: string };

/** Which ECS instances a Cloud Assistant command goes to. */
export interface EcsTarget {
  instanceIds: string[];
  /** Security Center UUIDs whose instance id and region are looked up. */
  uuids: string[];
  /** ECS region; resolved from Security Center when absent. */
  region?: string;
}

export interface CloudOptions {
  action: CloudAction;
  /** Security Center / AI Security Center region (cn-shanghai or ap-southeast-1). */
  region?: string;
  /** Overrides every product's endpoint (`http://127.0.0.1:8080`). */
  endpoint?: string;
  /** aliyun CLI profile name. */
  profile?: string;
  env: NodeJS.ProcessEnv;
  /** Write raw JSON + Markdown here (the seed's output/ directory). */
  outputDir?: string;
  /** Page cap for list APIs; default 50. */
  maxPages?: number;
  /** Base delay for retries and polling, ms; default 1000. */
  backoffMs?: number;
  /** Retries on throttling; default 4. */
  retries?: number;
  /** Per-request timeout, ms. */
  requestTimeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Called with the exact command and its targets before anything runs on an instance; resolve true to go ahead.
   * Commands refused by the policy never reach it.
   */
  confirm: (plan: CommandPlan) => Promise<boolean>;
  /** Progress lines (stderr). */
  log?: (line: string) => void;
}

export interface CommandPlan {
  command: string;
  region: string;
  instanceIds: string[];
  username?: string;
  type: CommandType;
  purpose: string;
}

export interface CloudResult {
  /** `cloud instances`, `cloud exec`… */
  command: string;
  /** Security Center region used. */
  region: string;
  /** What `--json` prints and `<name>.json` holds (credentials redacted). */
  data: Record<string, unknown>;
  /** Human-readable report (also `<name>.md`). */
  markdown: string;
  /** Risks found, for exit codes and the daily report. */
  findings: Finding[];
  notes: string[];
  /** Files written under outputDir. */
  files: string[];
  /** Exit code the action implies, when not derived from findings (remote command failures). */
  exitCode?: number;
}

const OUTPUT_NAMES: Record<CloudAction['kind'], string> = {
  instances: 'openclaw_instances',
  asset: 'asset_detail',
  vulns: 'openclaw_vulns',
  baseline: 'openclaw_baseline',
  alerts: 'openclaw_alerts',
  'push-tasks': 'push_check_tasks',
  'plugin-command': 'ai_agent_plugin_command',
  'guardrail-install': 'security_guardrail_install',
  'guardrail-status': 'guardrail_status',
  exec: 'cloud_assistant_run_command',
  overview: 'security_overview',
};

export function resolveSasRegion(region: string | undefined, env: NodeJS.ProcessEnv, notes: string[]): string {
  if (region !== undefined) {
    if (!(SAS_REGIONS as readonly string[]).includes(region)) {
      throw new UsageError(`Security Center is served only from ${SAS_REGIONS.join(' (mainland China) and ')} (outside mainland China); got --region ${region}.`);
    }
    return region;
  }
  const fromEnv = env.ALIBABA_CLOUD_REGION_ID || env.ALICLOUD_REGION_ID;
  if (fromEnv && (SAS_REGIONS as readonly string[]).includes(fromEnv)) return fromEnv;
  if (fromEnv) notes.push(`Region ${fromEnv} from the environment has no Security Center endpoint; using ${DEFAULT_SAS_REGION}.`);
  return DEFAULT_SAS_REGION;
}

const REGION_ID = /^[a-z]{2,}-[a-z0-9-]+$/;

/** Runs one cloud operation end to end; throws ClawguardError with a distinct code for each failure class. */
export async function runCloud(opts: CloudOptions): Promise<CloudResult> {
  const notes: string[] = [];
  const action = opts.action;
  const sasRegion = resolveSasRegion(opts.region, opts.env, notes);
  if ('target' in action && action.target.region !== undefined && !REGION_ID.test(action.target.region)) {
    throw new UsageError(`--region ${action.target.region} is not an ECS region id (e.g. cn-hangzhou).`);
  }
  if (opts.endpoint) parseEndpoint(opts.endpoint);
  const credentials = await resolveCredentials({ profile: opts.profile, env: opts.env });
  const redact = credentialRedactor(credentials);
  const client = new AliyunClient({ credentials, endpoint: opts.endpoint, retries: opts.retries, backoffMs: opts.backoffMs, timeoutMs: opts.requestTimeoutMs, signal: opts.signal });
  const ctx: Ctx = { client, sasRegion, opts, notes, maxPages: opts.maxPages ?? 50 };
  let partial: Omit<CloudResult, 'files' | 'region' | 'notes'>;
  switch (action.kind) {
    case 'instances':
      partial = await doInstances(ctx, action);
      break;
    case 'asset':
      partial = await doAsset(ctx, action.uuids);
      break;
    case 'vulns':
      partial = await doVulns(ctx, action);
      break;
    case 'baseline':
      partial = await doBaseline(ctx, action);
      break;
    case 'alerts':
      partial = await doAlerts(ctx, action);
      break;
    case 'push-tasks':
      partial = await doPushTasks(ctx, action);
      break;
    case 'plugin-command':
      partial = await doPluginCommand(ctx);
      break;
    case 'guardrail-install':
    case 'guardrail-status':
    case 'exec':
      partial = await doAssistant(ctx, action);
      break;
    case 'overview':
      partial = await doOverview(ctx, action);
      break;
  }
  const result: CloudResult = { ...partial, region: sasRegion, notes, files: [] };
  // Everything that leaves runCloud is scrubbed of credential values, whatever the API echoed back.
  result.data = JSON.parse(redact(JSON.stringify({ command: result.command, region: sasRegion, generated_at: new Date().toISOString(), ...result.data, notes }))) as Record<string, unknown>;
  result.markdown = redact(result.markdown);
  result.notes = notes.map(redact);
  result.findings = JSON.parse(redact(JSON.stringify(result.findings))) as Finding[];
  if (opts.outputDir) result.files = await writeOutputs(opts.outputDir, OUTPUT_NAMES[action.kind], result, redact);
  return result;
}

interface Ctx {
  client: AliyunClient;
  sasRegion: string;
  opts: CloudOptions;
  notes: string[];
  maxPages: number;
}

function pagingNote(ctx: Ctx, what: string, page: { truncated: boolean; pages: number; totalCount?: number; items: unknown[] }): void {
  if (page.truncated) ctx.notes.push(`${what}: stopped after ${page.pages} pages (${page.items.length} of ${page.totalCount ?? '?'} records); raise --max-pages to see all.`);
}

async function doInstances(ctx: Ctx, a: Extract<CloudAction, { kind: 'instances' }>) {
  const page = await listOpenClawInstances(ctx.client, a, { region: ctx.sasRegion, maxPages: ctx.maxPages });
  pagingNote(ctx, 'Instances', page);
  const findings: Finding[] = page.instances
    .filter((i) => i.listensPublicly)
    .map((i) => cloudFinding('cloud.sas.gateway-listens-publicly', 'warning', `OpenClaw gateway on ${i.instanceName ?? i.instanceId ?? '?'} listens on ${i.listenIp}:${i.port ?? '?'}`, `Security Center sees the OpenClaw process (version ${i.version ?? '?'}) listening on ${i.listenIp}, reachable beyond loopback; confirm gateway auth is on or bind it to 127.0.0.1.`, i.instanceId, 'Bind the gateway to loopback (gateway.bind) or put it behind authentication; run `clawguard audit` on the host.'));
  const md = `# OpenClaw instances\n\nRegion: ${ctx.sasRegion} · ${page.instances.length} instance(s)${page.totalCount !== undefined ? ` (TotalCount ${page.totalCount})` : ''}\n\n${mdTable(
    ['#', 'Host', 'IP', 'Listen', 'Instance ID', 'UUID', 'Component', 'Version', 'Path'],
    page.instances.map((i, n) => [n + 1, i.instanceName, i.ip, i.listenIp ? `${i.listenIp}:${i.port ?? ''}` : '', i.instanceId, i.uuid, i.name, i.version, i.path]),
  )}`;
  return { command: 'cloud instances', data: { total_count: page.totalCount, pages: page.pages, instances: page.instances, raw: page.items }, markdown: md, findings };
}

async function doAsset(ctx: Ctx, uuids: string[]) {
  const assets = await getAssetDetails(ctx.client, uuids, ctx.sasRegion);
  const findings: Finding[] = assets
    .filter((a) => a.clientStatus && a.clientStatus !== 'online')
    .map((a) => cloudFinding('cloud.sas.agent-offline', 'warning', `Security Center agent on ${a.hostName ?? a.uuid} is ${a.clientStatus}`, `The host's Security Center client reports "${a.clientStatus}"; it is not being protected or checked.`, a.instanceId ?? a.uuid, 'Restart the Security Center agent (aegis) on the host.'));
  const md =
    `# Asset details\n\n` +
    assets
      .map(
        (a) =>
          `## ${mdCell(a.hostName ?? a.uuid)}\n\n${mdTable(
            ['Field', 'Value'],
            [
              ['UUID', a.uuid],
              ['Instance', `${a.instanceId ?? '-'} (${a.instanceName ?? '-'})`],
              ['IP', `${a.internetIp ?? '-'} / ${a.intranetIp ?? '-'}`],
              ['OS', `${a.osName ?? '-'} · kernel ${a.kernel ?? '-'}`],
              ['CPU / memory', `${a.cpu ?? '-'} cores / ${a.memGb ?? '-'} GB`],
              ['Region', `${a.regionId ?? '-'} (${a.regionName ?? '-'})`],
              ['Agent', `${a.clientStatus ?? '-'} ${a.clientVersion ?? ''}`],
              ['Disks', a.disks.map((d) => `${d.name}: ${d.usedGb ?? '?'}/${d.totalGb ?? '?'} GB`).join(', ')],
            ],
          )}`,
      )
      .join('\n');
  return { command: 'cloud asset', data: { queried_at: new Date().toISOString(), assets: assets.map(({ raw: _raw, ...rest }) => rest), raw: assets.map((a) => a.raw) }, markdown: md, findings };
}

const NECESSITY_SEVERITY: Record<string, Severity> = { asap: 'high', later: 'warning', nntf: 'info' };

async function doVulns(ctx: Ctx, a: Extract<CloudAction, { kind: 'vulns' }>) {
  const page = await listVulnerabilities(ctx.client, a, { region: ctx.sasRegion, maxPages: ctx.maxPages });
  pagingNote(ctx, 'Vulnerabilities', page);
  const findings = page.vulns.map(vulnFinding);
  return { command: 'cloud vulns', data: { total_count: page.totalCount, pages: page.pages, vulns: page.vulns, raw: page.items }, markdown: vulnsMarkdown(page.vulns, ctx.sasRegion), findings };
}

export function vulnFinding(v: Vulnerability): Finding {
  const sev = NECESSITY_SEVERITY[v.necessity ?? ''] ?? 'info';
  const status = v.status !== undefined ? (VULN_STATUS[v.status] ?? `status ${v.status}`) : 'unknown';
  return cloudFinding(
    'cloud.sas.vulnerability',
    sev,
    `${v.title} on ${v.instanceName ?? v.instanceId ?? v.uuid ?? '?'}`,
    `Security Center ${v.name ?? ''} (urgency ${v.necessity ?? '?'}, ${status}${v.realRisk ? ', real risk' : ''})${v.match ? `: ${v.match}` : ''}${v.installedVersion ? `; installed ${v.installedVersion}` : ''}.`,
    v.instanceId ?? v.uuid,
    v.updateCommand ? `Upgrade: ${v.updateCommand}` : 'Apply the fix Security Center recommends, then run `clawguard cloud push-tasks` to re-scan.',
  );
}

function vulnsMarkdown(vulns: Vulnerability[], region: string): string {
  const groups: Array<[string, Vulnerability[]]> = [
    ['🔴 Urgent (asap)', vulns.filter((v) => v.necessity === 'asap')],
    ['🟡 Later', vulns.filter((v) => v.necessity === 'later')],
    ['🟢 Low', vulns.filter((v) => v.necessity !== 'asap' && v.necessity !== 'later')],
  ];
  let md = `# Unfixed vulnerabilities\n\nRegion: ${region} · ${vulns.length} record(s)\n`;
  for (const [title, list] of groups) {
    if (list.length === 0) continue;
    md += `\n## ${title} (${list.length})\n\n${mdTable(
      ['Vulnerability', 'Host', 'IP', 'Region', 'First seen', 'Last seen', 'Status', 'Match', 'Version'],
      list.map((v) => [v.title, v.instanceName, v.ip, v.regionId, formatEpoch(v.firstSeen), formatEpoch(v.lastSeen), v.status !== undefined ? (VULN_STATUS[v.status] ?? v.status) : '-', v.match, v.installedVersion]),
    )}`;
  }
  return md;
}

async function doBaseline(ctx: Ctx, a: Extract<CloudAction, { kind: 'baseline' }>) {
  const summary = await getBaselineSummary(ctx.client, a.uuid, { region: ctx.sasRegion, maxPages: ctx.maxPages });
  pagingNote(ctx, 'Baseline summary', summary);
  let warnings: BaselineWarning[] | undefined;
  if (a.riskId !== undefined) {
    if (!a.uuid) throw new UsageError('--risk-id needs the host UUID: clawguard cloud baseline <uuid> --risk-id N');
    const detail = await getBaselineWarnings(ctx.client, a.uuid, a.riskId, { region: ctx.sasRegion, maxPages: ctx.maxPages });
    pagingNote(ctx, 'Baseline checks', detail);
    warnings = detail.warnings;
  }
  const findings = summary.summary.filter((s) => s.atRisk).map((s) => baselineFinding(s, a.uuid));
  const atRisk = summary.summary.filter((s) => s.atRisk);
  let md = `# Baseline check\n\nRegion: ${ctx.sasRegion}${a.uuid ? ` · host ${mdCell(a.uuid)}` : ''} · ${atRisk.length} of ${summary.summary.length} check group(s) at risk\n\n${mdTable(
    ['Risk ID', 'Check', 'Type', 'Level', 'High', 'Medium', 'Low', 'Hosts', 'Last found'],
    summary.summary.map((s) => [s.riskId, s.riskName, [s.type, s.subType].filter(Boolean).join(' / '), s.level, s.high, s.medium, s.low, s.machines, s.lastFound]),
  )}`;
  if (warnings) {
    md += `\n## Checks of risk ${a.riskId}\n\n${mdTable(
      ['Check ID', 'Item', 'Level', 'Status', 'Auto-fix', 'Reason'],
      warnings.map((w) => [w.checkId, w.item, w.level, w.statusText, w.status === 3 || w.status === 8 ? 'fixed' : w.fixable ? 'supported' : '-', w.reason]),
    )}`;
  }
  return {
    command: 'cloud baseline',
    data: { uuid: a.uuid, query_mode: warnings ? 'detail' : 'summary', summary: summary.summary, details: warnings ? [{ risk_id: a.riskId, warnings }] : [], raw: summary.items },
    markdown: md,
    findings,
  };
}

export function baselineFinding(s: BaselineSummaryItem, uuid?: string): Finding {
  return cloudFinding(
    'cloud.sas.baseline-risk',
    s.high > 0 ? 'high' : 'warning',
    `Baseline "${s.riskName}" fails ${s.high} high and ${s.medium} medium check(s)`,
    `Security Center baseline ${s.riskId ?? ''} (${[s.type, s.subType].filter(Boolean).join(' / ') || 'unknown type'}) on ${s.machines ?? '?'} host(s).`,
    uuid,
    `Drill down with \`clawguard cloud baseline <uuid> --risk-id ${s.riskId ?? 'N'}\` and harden the failing items.`,
  );
}

const ALERT_SEVERITY: Record<string, Severity> = { serious: 'critical', suspicious: 'high', remind: 'warning' };

async function doAlerts(ctx: Ctx, a: Extract<CloudAction, { kind: 'alerts' }>) {
  const page = await listAlerts(ctx.client, a, { region: ctx.sasRegion, maxPages: ctx.maxPages });
  pagingNote(ctx, 'Alerts', page);
  const findings = page.alerts.map(alertFinding);
  const groups: Array<[string, Alert[]]> = [
    ['🔴 Serious', page.alerts.filter((x) => x.level === 'serious')],
    ['🟡 Suspicious', page.alerts.filter((x) => x.level === 'suspicious')],
    ['🟢 Reminder', page.alerts.filter((x) => x.level === 'remind')],
    ['Other', page.alerts.filter((x) => !['serious', 'suspicious', 'remind'].includes(x.level ?? ''))],
  ];
  let md = `# Security alerts\n\nRegion: ${ctx.sasRegion} · ${page.alerts.length} ${a.dealed === 'N' ? 'unhandled ' : ''}alert(s)\n`;
  for (const [title, list] of groups) {
    if (list.length === 0) continue;
    md += `\n## ${title} (${list.length})\n\n${mdTable(['Alert', 'Type', 'Host', 'IP', 'First', 'Last'], list.map((x) => [x.name, x.type, x.instanceName, x.ip, x.occurred, x.last]))}`;
  }
  return { command: 'cloud alerts', data: { total_count: page.totalCount, pages: page.pages, alerts: page.alerts, raw: page.items }, markdown: md, findings };
}

export function alertFinding(x: Alert): Finding {
  return cloudFinding(
    'cloud.sas.alert',
    ALERT_SEVERITY[x.level ?? ''] ?? 'info',
    `${x.name} on ${x.instanceName ?? x.instanceId ?? x.uuid ?? '?'}`,
    `Security Center alert (${x.level ?? '?'}${x.type ? `, ${x.type}` : ''}) first ${x.occurred ?? '?'}, last ${x.last ?? '?'}${x.description ? `: ${x.description}` : ''}.`,
    x.instanceId ?? x.uuid,
    'Investigate in the Security Center console; on the host run `clawguard forensics` and `clawguard incident`.',
  );
}

async function doPushTasks(ctx: Ctx, a: Extract<CloudAction, { kind: 'push-tasks' }>) {
  const { results, raw } = await pushCheckTasks(ctx.client, a.uuids, a.tasks, ctx.sasRegion);
  const ok = results.filter((r) => r.success).length;
  const md = `# Check tasks pushed\n\nTasks: ${mdCell(a.tasks)}\n\nTargets: ${results.length} · succeeded: ${ok} · failed: ${results.length - ok}\n\n${mdTable(
    ['Instance', 'IP', 'Region', 'Online', 'Result'],
    results.map((r) => [r.instanceName ?? r.uuid, r.ip, r.region, r.online === undefined ? '-' : r.online ? 'yes' : 'no', r.success ? 'ok' : `failed: ${r.message ?? ''}`]),
  )}\nResults appear in Security Center after 2–3 minutes; re-run \`clawguard cloud vulns\` and \`clawguard cloud baseline\` then.\n`;
  return { command: 'cloud push-tasks', data: { uuids: a.uuids, tasks: a.tasks.split(','), results, raw }, markdown: md, findings: [], exitCode: ok === results.length && results.length > 0 ? 0 : 1 };
}

async function doPluginCommand(ctx: Ctx) {
  const plugin = await getPluginCommand(ctx.client, ctx.sasRegion);
  const expires = plugin.expireTime ? formatEpoch(plugin.expireTime) : 'unknown';
  const md = `# AI security assistant install command\n\nRun this on the OpenClaw host (it contains a one-time install key, valid until ${expires}):\n\n\`\`\`sh\n${stripControl(plugin.installCommand)}\n\`\`\`\n\nOr let clawguard run it through Cloud Assistant: \`clawguard cloud guardrail install --instance-ids <id>\`.\n`;
  return { command: 'cloud plugin-command', data: { install_command: plugin.installCommand, expire_time: plugin.expireTime ?? null, raw: plugin.raw }, markdown: md, findings: [] };
}

/** Turns instance ids / UUIDs into per-region instance lists, asking Security Center when the region is not given. */
async function resolveTargets(ctx: Ctx, target: EcsTarget): Promise<Map<string, string[]>> {
  const byRegion = new Map<string, string[]>();
  const add = (region: string, id: string) => {
    const list = byRegion.get(region) ?? [];
    if (!list.includes(id)) list.push(id);
    byRegion.set(region, list);
  };
  if (target.uuids.length > 0) {
    const assets = await getAssetDetails(ctx.client, target.uuids, ctx.sasRegion);
    for (const a of assets) {
      if (!a.instanceId) throw new ClawguardError('CG_INPUT', `Security Center asset ${a.uuid} has no ECS instance id (not an ECS host?).`);
      const region = target.region ?? a.regionId;
      if (!region) throw new UsageError(`Cannot tell the ECS region of ${a.uuid}; pass --region.`);
      add(region, a.instanceId);
    }
  }
  if (target.instanceIds.length > 0) {
    if (target.region) {
      for (const id of target.instanceIds) add(target.region, id);
    } else {
      // Instance id → Security Center UUID (from the OpenClaw inventory) → asset detail → region.
      const inventory = await listOpenClawInstances(ctx.client, { namePattern: 'openclaw', biz: 'sca_ai' }, { region: ctx.sasRegion, maxPages: ctx.maxPages });
      for (const id of target.instanceIds) {
        const hit = inventory.instances.find((i) => i.instanceId === id && i.uuid);
        if (!hit?.uuid) throw new UsageError(`Cannot find the region of ${id} in Security Center's OpenClaw inventory; pass --region <region>.`);
        const [asset] = await getAssetDetails(ctx.client, [hit.uuid], ctx.sasRegion);
        if (!asset?.regionId) throw new UsageError(`Security Center gives no region for ${id}; pass --region <region>.`);
        ctx.notes.push(`ECS region of ${id}: ${asset.regionId} (from Security Center asset ${hit.uuid}).`);
        add(asset.regionId, id);
      }
    }
  }
  if (byRegion.size === 0) throw new UsageError('No target: pass --instance-ids i-…[,i-…] or --uuids <uuid>[,<uuid>].');
  return byRegion;
}

type AssistantAction = Extract<CloudAction, { kind: 'guardrail-install' | 'guardrail-status' | 'exec' }>;

async function doAssistant(ctx: Ctx, a: AssistantAction) {
  let command: string;
  let purpose: string;
  let name: string;
  let description: string;
  let type: CommandType = 'RunShellScript';
  let username: string | undefined;
  let expireTime: number | undefined;
  if (a.kind === 'exec') {
    command = a.command;
    purpose = 'run a command';
    name = 'openclaw-security-command';
    description = 'clawguard cloud exec';
    type = a.type;
    username = a.username;
  } else if (a.kind === 'guardrail-status') {
    command = GUARDRAIL_STATUS_COMMAND;
    purpose = 'check the security guardrail';
    name = 'openclaw-security-guardrail-status';
    description = 'Query OpenClaw security guardrail status';
  } else {
    const plugin = await getPluginCommand(ctx.client, ctx.sasRegion);
    expireTime = plugin.expireTime;
    command = `bash -c ${shellQuote(plugin.installCommand)}`;
    purpose = 'install the security guardrail';
    name = 'openclaw-security-guardrail-install';
    description = 'Install Aliyun security guardrail';
    username = a.username;
  }
  const verdict = assessCommand(command, a.kind === 'guardrail-install' ? { trustedInstallerHosts: VENDOR_HOSTS } : {});
  if (!verdict.allowed) {
    throw new ClawguardError('CG_REFUSED', `Refusing to run this command through Cloud Assistant (even with --yes): ${verdict.reasons.join('; ')}.`);
  }
  const targets = await resolveTargets(ctx, a.target);
  for (const [region, instanceIds] of targets) {
    const ok = await ctx.opts.confirm({ command, region, instanceIds, username, type, purpose });
    if (!ok) throw new ClawguardError('CG_REFUSED', `Not confirmed: nothing was run on ${instanceIds.join(', ')}. Re-run with --yes after reviewing the command, or answer "yes" at the prompt.`);
  }
  const runs: RunCommandResult[] = [];
  for (const [region, instanceIds] of targets) {
    ctx.opts.log?.(`Cloud Assistant: ${purpose} on ${instanceIds.length} instance(s) in ${region}…`);
    runs.push(
      await runCommand(
        ctx.client,
        { region, instanceIds, command, type, timeoutSeconds: a.timeoutSeconds, username, name, description },
        { baseDelayMs: ctx.opts.backoffMs ?? 1000, signal: ctx.opts.signal, onProgress: (id, s) => ctx.opts.log?.(`  ${id}: ${s}`) },
      ),
    );
  }
  const results = runs.flatMap((r) => r.results.map((x) => ({ ...x, region: r.region, invokeId: r.invokeId })));
  if (a.kind === 'guardrail-status') {
    const rows = results.map((r) => ({ ...r, installed: r.status === 'Success' && r.exitCode === 0 }));
    const missing = rows.filter((r) => !r.installed);
    const findings = missing.map((r) => cloudFinding('cloud.guardrail.not-installed', 'warning', `Security guardrail not installed on ${r.instanceId}`, `\`${GUARDRAIL_STATUS_COMMAND}\` ended ${r.status}${r.exitCode !== undefined ? ` (exit ${r.exitCode})` : ''}.`, r.instanceId, 'Install it: `clawguard cloud guardrail install --instance-ids <id>`.'));
    const md = `# Security guardrail status\n\n${mdTable(['Instance', 'Region', 'Status', 'Installed', 'Output'], rows.map((r) => [r.instanceId, r.region, r.status, r.installed ? 'yes' : 'no', clip(r.output, 200)]))}`;
    return { command: 'cloud guardrail status', data: { command, instances: rows }, markdown: md, findings, exitCode: missing.length > 0 ? 1 : 0 };
  }
  const judged = results.map((r) => {
    const byMarker = a.kind === 'guardrail-install' && r.status !== 'Success' && r.output.includes(GUARDRAIL_INSTALL_MARKER);
    return { ...r, outcome: r.status === 'Success' ? 'Success' : byMarker ? 'SuccessByMarker' : r.status };
  });
  const failed = judged.filter((r) => r.outcome !== 'Success' && r.outcome !== 'SuccessByMarker');
  const title = a.kind === 'exec' ? 'Cloud Assistant command' : 'Security guardrail install';
  const md = `# ${title}\n\nCommand:\n\n\`\`\`sh\n${stripControl(command).replace(/```/g, '`\u200b``')}\n\`\`\`\n\n${mdTable(['Instance', 'Region', 'Result', 'Exit', 'Error'], judged.map((r) => [r.instanceId, r.region, r.outcome, r.exitCode, r.errorInfo ?? r.errorCode]))}${judged
    .map((r) => `\n## Output of ${mdCell(r.instanceId)}\n\n\`\`\`\n${stripControl(clip(r.output, 64_000)).replace(/```/g, '`\u200b``')}\n\`\`\`\n`)
    .join('')}`;
  return {
    command: a.kind === 'exec' ? 'cloud exec' : 'cloud guardrail install',
    data: { submitted_at: new Date().toISOString(), command, instance_ids: judged.map((r) => r.instanceId), expire_time: expireTime ?? undefined, execution_results: judged },
    markdown: md,
    findings: [],
    exitCode: failed.length > 0 ? 1 : 0,
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

/** POSIX single-quote quoting, as Python's shlex.quote. */
export function shellQuote(s: string): string {
  if (s === '') return "''";
  if (/^[\w@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'"'"'`)}'`;
}

function cloudFinding(ruleId: string, severity: Severity, title: string, message: string, ref: string | undefined, remediation: string): Finding {
  return { ruleId, severity, title, message, area: 'cloud', location: ref ? { ref } : undefined, remediation: { text: remediation } };
}

async function writeOutputs(dir: string, name: string, result: CloudResult, redact: (s: string) => string): Promise<string[]> {
  const root = resolve(dir);
  try {
    await fs.mkdir(root, { recursive: true, mode: 0o700 });
  } catch (err) {
    throw new ClawguardError('CG_IO', `Cannot create --output-dir ${root}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}.`, { cause: err });
  }
  const jsonPath = join(root, `${name}.json`);
  const mdPath = join(root, `${name}.md`);
  await writeFileAtomic(jsonPath, redact(`${JSON.stringify(result.data, null, 2)}\n`), { mode: 0o600 });
  await writeFileAtomic(mdPath, redact(result.markdown), { mode: 0o600 });
  return [jsonPath, mdPath];
}

/** The four dimensions of the daily report; a dimension that fails is reported, not faked. */
export interface CloudOverview {
  instances: OpenClawInstance[];
  vulns: Vulnerability[];
  baseline: BaselineSummaryItem[];
  alerts: Alert[];
  /** Per dimension, why it could not be fetched (one line, credentials redacted). */
  errors: Partial<Record<'instances' | 'vulns' | 'baseline' | 'alerts', string>>;
}

async function doOverview(ctx: Ctx, a: Extract<CloudAction, { kind: 'overview' }>) {
  const o = { region: ctx.sasRegion, maxPages: ctx.maxPages };
  const errors: CloudOverview['errors'] = {};
  const fatal = new Set(['CG_CREDENTIALS', 'CG_NETWORK']);
  async function guarded<T>(key: keyof CloudOverview['errors'], fn: () => Promise<T[]>): Promise<T[]> {
    try {
      return await fn();
    } catch (err) {
      // Without credentials or network no dimension can work: fail once, clearly.
      if (err instanceof ClawguardError && fatal.has(err.code)) throw err;
      errors[key] = err instanceof Error ? err.message : String(err);
      ctx.notes.push(`Cloud ${key}: not available: ${errors[key]}`);
      return [];
    }
  }
  const instances = await guarded('instances', async () => (await listOpenClawInstances(ctx.client, { namePattern: a.namePattern, biz: 'sca_ai' }, o)).instances);
  const vulns = await guarded('vulns', async () => (await listVulnerabilities(ctx.client, { type: 'emg', dealed: 'n', name: a.vulnName }, o)).vulns);
  const baseline = await guarded('baseline', async () => (await getBaselineSummary(ctx.client, undefined, o)).summary);
  const alerts = await guarded('alerts', async () => (await listAlerts(ctx.client, { dealed: 'N' }, o)).alerts);
  const overview: CloudOverview = { instances, vulns, baseline, alerts, errors };
  const findings = [...vulns.map(vulnFinding), ...baseline.filter((b) => b.atRisk).map((b) => baselineFinding(b)), ...alerts.map(alertFinding)];
  const md = `# Security Center overview\n\n${mdTable(
    ['Dimension', 'Count', 'Status'],
    [
      ['OpenClaw instances', errors.instances ? '-' : instances.length, errors.instances ? 'not available' : instances.length > 0 ? 'ok' : 'no instance found'],
      ['Unfixed vulnerabilities', errors.vulns ? '-' : vulns.length, errors.vulns ? 'not available' : vulns.length > 0 ? 'at risk' : 'none'],
      ['Baseline risks', errors.baseline ? '-' : `${baseline.filter((b) => b.atRisk).length}/${baseline.length}`, errors.baseline ? 'not available' : baseline.some((b) => b.atRisk) ? 'at risk' : 'compliant'],
      ['Unhandled alerts', errors.alerts ? '-' : alerts.length, errors.alerts ? 'not available' : alerts.length > 0 ? 'alerts' : 'none'],
    ],
  )}`;
  return { command: 'cloud overview', data: { ...overview }, markdown: md, findings };
}

/** Security Center products' labels and RAM services, for docs and messages. */
export const CLOUD_PRODUCTS = PRODUCTS;
