// Security Center (SAS 2018-12-03) queries: OpenClaw instances, asset details, vulnerabilities, baseline, alerts, check tasks; AISC plugin key.
import { ClawguardError } from '../../core/errors.js';
import type { AliyunClient } from './client.js';
import { walkPages, type PagedResult } from './paging.js';

type Raw = Record<string, unknown>;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : typeof v === 'number' ? String(v) : undefined;
}
function num(v: unknown): number | undefined {
  const n = typeof v === 'string' && v !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

export interface ListOptions {
  region: string;
  pageSize?: number;
  maxPages: number;
}

/** One OpenClaw component found by Security Center's software composition analysis. */
export interface OpenClawInstance {
  uuid?: string;
  instanceId?: string;
  instanceName?: string;
  /** Public IP when it has one, else the private IP. */
  ip?: string;
  internetIp?: string;
  intranetIp?: string;
  listenIp?: string;
  port?: string;
  /** Component name (`openclaw`). */
  name?: string;
  version?: string;
  path?: string;
  processUser?: string;
  /** True when the gateway listens on a non-loopback address. */
  listensPublicly: boolean;
}

export interface InstanceQuery {
  namePattern: string;
  biz: string;
  remark?: string;
}

export async function listOpenClawInstances(client: AliyunClient, q: InstanceQuery, o: ListOptions): Promise<PagedResult<Raw> & { instances: OpenClawInstance[] }> {
  const page = await walkPages<Raw>(client, {
    product: 'sas',
    action: 'DescribePropertyScaDetail',
    params: { Lang: 'en', Biz: q.biz, ScaNamePattern: q.namePattern, Remark: q.remark },
    region: o.region,
    listKey: 'Propertys',
    pageSize: o.pageSize ?? 20,
    maxPages: o.maxPages,
  });
  const instances = page.items.map((p): OpenClawInstance => {
    const listenIp = str(p.ListenIp);
    return {
      uuid: str(p.Uuid),
      instanceId: str(p.InstanceId),
      instanceName: str(p.InstanceName),
      ip: str(p.Ip) ?? str(p.InternetIp) ?? str(p.IntranetIp),
      internetIp: str(p.InternetIp),
      intranetIp: str(p.IntranetIp),
      listenIp,
      port: str(p.Port),
      name: str(p.Name),
      version: str(p.Version),
      path: str(p.Path),
      processUser: str(p.ProcessUser),
      listensPublicly: listenIp !== undefined && !/^(127\.|::1$|localhost$)/.test(listenIp),
    };
  });
  return { ...page, instances };
}

export interface AssetDetail {
  uuid: string;
  hostName?: string;
  instanceId?: string;
  instanceName?: string;
  internetIp?: string;
  intranetIp?: string;
  osName?: string;
  kernel?: string;
  cpu?: number;
  memGb?: number;
  regionId?: string;
  regionName?: string;
  clientStatus?: string;
  clientVersion?: string;
  disks: Array<{ name?: string; totalGb?: number; usedGb?: number }>;
  ipList: string[];
  raw: Raw;
}

export async function getAssetDetails(client: AliyunClient, uuids: readonly string[], region: string): Promise<AssetDetail[]> {
  const out: AssetDetail[] = [];
  for (const uuid of uuids) {
    const body = await client.call('sas', 'GetAssetDetailByUuid', { Lang: 'en', Uuid: uuid }, region);
    const a = (body.AssetDetail ?? {}) as Raw;
    out.push({
      uuid: str(a.Uuid) ?? uuid,
      hostName: str(a.HostName),
      instanceId: str(a.InstanceId),
      instanceName: str(a.InstanceName),
      internetIp: str(a.InternetIp),
      intranetIp: str(a.IntranetIp),
      osName: str(a.OsName),
      kernel: str(a.Kernel),
      cpu: num(a.Cpu),
      memGb: num(a.Mem),
      regionId: str(a.RegionId) ?? str(a.Region),
      regionName: str(a.RegionName),
      clientStatus: str(a.ClientStatus),
      clientVersion: str(a.ClientVersion),
      disks: (Array.isArray(a.DiskInfoList) ? (a.DiskInfoList as Raw[]) : []).map((d) => ({ name: str(d.DiskName), totalGb: num(d.TotalSize), usedGb: num(d.UseSize) })),
      ipList: Array.isArray(a.IpList) ? (a.IpList as unknown[]).map(String) : [],
      raw: body,
    });
  }
  return out;
}

/** Vulnerability urgency as Security Center names it: asap (fix now), later, nntf (no need to fix). */
export type Necessity = 'asap' | 'later' | 'nntf';

export interface Vulnerability {
  name?: string;
  /** Display name (AliasName), falling back to the rule name. */
  title: string;
  necessity?: string;
  instanceName?: string;
  instanceId?: string;
  ip?: string;
  regionId?: string;
  uuid?: string;
  firstSeen?: number;
  lastSeen?: number;
  /** Security Center status code: 1 unfixed, 2 fix failed, 3 rollback failed, 4 fixing, 5 rolling back, 6 verifying, 7 fixed, 8 fixed (pending restart), 10 ignored… */
  status?: number;
  realRisk?: boolean;
  /** What matched (`openclaw version less than 2026.2.12`). */
  match?: string;
  installedVersion?: string;
  /** The fix command the advisory suggests, if any. */
  updateCommand?: string;
  cves: string[];
}

export const VULN_STATUS: Record<number, string> = { 1: 'unfixed', 2: 'fix failed', 3: 'rollback failed', 4: 'fixing', 5: 'rolling back', 6: 'verifying', 7: 'fixed', 8: 'fixed, restart pending', 9: 'rolled back', 10: 'ignored' };

export interface VulnQuery {
  name?: string;
  type: string;
  dealed: 'y' | 'n';
  necessity?: string;
  uuids?: string;
}

export async function listVulnerabilities(client: AliyunClient, q: VulnQuery, o: ListOptions): Promise<PagedResult<Raw> & { vulns: Vulnerability[] }> {
  const page = await walkPages<Raw>(client, {
    product: 'sas',
    action: 'DescribeVulList',
    params: { Lang: 'en', Type: q.type, Dealed: q.dealed, Name: q.name, Necessity: q.necessity, Uuids: q.uuids },
    region: o.region,
    listKey: 'VulRecords',
    pageSize: o.pageSize ?? 20,
    maxPages: o.maxPages,
  });
  const vulns = page.items.map((v): Vulnerability => {
    const ext = (typeof v.ExtendContentJson === 'object' && v.ExtendContentJson !== null ? v.ExtendContentJson : {}) as Raw;
    const rpm = (Array.isArray(ext.RpmEntityList) ? ext.RpmEntityList[0] : undefined) as Raw | undefined;
    const matchList = rpm && Array.isArray(rpm.MatchList) ? (rpm.MatchList as unknown[]) : [];
    const cves = Array.isArray(ext.cveList) ? (ext.cveList as unknown[]).map(String) : str(v.Related)?.split(',').map((s) => s.trim()).filter(Boolean) ?? [];
    return {
      name: str(v.Name),
      title: str(v.AliasName) ?? str(v.Name) ?? '(unnamed vulnerability)',
      necessity: str(v.Necessity),
      instanceName: str(v.InstanceName),
      instanceId: str(v.InstanceId),
      ip: str(v.InternetIp) ?? str(v.IntranetIp),
      regionId: str(v.RegionId),
      uuid: str(v.Uuid),
      firstSeen: num(v.FirstTs),
      lastSeen: num(v.LastTs),
      status: num(v.Status),
      realRisk: typeof v.RealRisk === 'boolean' ? v.RealRisk : undefined,
      match: str(matchList[0]) ?? str(rpm?.MatchDetail),
      installedVersion: str(rpm?.FullVersion) ?? str(rpm?.Version),
      updateCommand: str(rpm?.UpdateCmd),
      cves,
    };
  });
  return { ...page, vulns };
}

export interface BaselineSummaryItem {
  riskId?: number;
  riskName: string;
  level?: string;
  checkCount?: number;
  high: number;
  medium: number;
  low: number;
  machines?: number;
  type?: string;
  subType?: string;
  lastFound?: string;
  /** High or medium failed checks. */
  atRisk: boolean;
}

export interface BaselineWarning {
  checkId?: number;
  item?: string;
  level?: string;
  type?: string;
  /** 1 failed, 2 verifying, 3 passed, 5 expired, 6 ignored, 8 passed. */
  status?: number;
  statusText: string;
  fixable: boolean;
  reason?: string;
  uuid?: string;
}

const CHECK_STATUS: Record<number, string> = { 1: 'failed', 2: 'verifying', 3: 'passed', 5: 'expired', 6: 'ignored', 8: 'passed' };
const SUMMARY_KEYS = ['WarningSummarys', 'CheckWarningSummarys', 'CheckWarningSummaries', 'CheckWarningSummaryList'];

export async function getBaselineSummary(client: AliyunClient, uuid: string | undefined, o: ListOptions): Promise<PagedResult<Raw> & { summary: BaselineSummaryItem[] }> {
  // The original skill read only the first page; every page is walked here.
  const page = await walkPages<Raw>(client, {
    product: 'sas',
    action: 'DescribeCheckWarningSummary',
    params: { Lang: 'en', Uuids: uuid },
    region: o.region,
    listKey: SUMMARY_KEYS,
    pageSize: o.pageSize ?? 20,
    maxPages: o.maxPages,
  });
  const summary = page.items.map((w): BaselineSummaryItem => {
    const high = num(w.HighWarningCount) ?? 0;
    const medium = num(w.MediumWarningCount) ?? 0;
    return {
      riskId: num(w.RiskId ?? w.CheckId ?? w.Id),
      riskName: str(w.RiskName ?? w.CheckName ?? w.Name) ?? '(unnamed check)',
      level: str(w.Level),
      checkCount: num(w.CheckCount),
      high,
      medium,
      low: num(w.LowWarningCount) ?? 0,
      machines: num(w.WarningMachineCount),
      type: str(w.TypeAlias),
      subType: str(w.SubTypeAlias),
      lastFound: str(w.LastFoundTime),
      atRisk: high + medium > 0,
    };
  });
  return { ...page, summary };
}

export async function getBaselineWarnings(client: AliyunClient, uuid: string, riskId: number, o: ListOptions): Promise<PagedResult<Raw> & { warnings: BaselineWarning[] }> {
  const page = await walkPages<Raw>(client, {
    product: 'sas',
    action: 'DescribeCheckWarnings',
    params: { Lang: 'en', Uuid: uuid, RiskId: riskId },
    region: o.region,
    listKey: 'CheckWarnings',
    pageSize: 100,
    maxPages: o.maxPages,
  });
  const warnings = page.items.map((w): BaselineWarning => {
    const status = num(w.Status);
    return {
      checkId: num(w.CheckId),
      item: str(w.Item),
      level: str(w.Level),
      type: str(w.Type),
      status,
      statusText: status !== undefined ? (CHECK_STATUS[status] ?? `status ${status}`) : '-',
      fixable: num(w.FixStatus) === 1,
      reason: str(w.Reason) ?? str(w.ExecErrorMessage),
      uuid: str(w.Uuid),
    };
  });
  return { ...page, warnings };
}

export interface Alert {
  id?: number;
  name: string;
  type?: string;
  level?: string;
  instanceName?: string;
  instanceId?: string;
  ip?: string;
  uuid?: string;
  occurred?: string;
  last?: string;
  description?: string;
  /** 1 pending … 32 handled (Security Center EventStatus). */
  eventStatus?: number;
}

export interface AlertQuery {
  dealed: 'Y' | 'N';
  levels?: string;
  uuids?: string;
  name?: string;
}

export async function listAlerts(client: AliyunClient, q: AlertQuery, o: ListOptions): Promise<PagedResult<Raw> & { alerts: Alert[] }> {
  const page = await walkPages<Raw>(client, {
    product: 'sas',
    action: 'DescribeSuspEvents',
    params: { Lang: 'en', Dealed: q.dealed, Levels: q.levels, Uuids: q.uuids, Name: q.name },
    region: o.region,
    listKey: 'SuspEvents',
    pageSize: o.pageSize ?? 20,
    maxPages: o.maxPages,
  });
  const alerts = page.items.map(
    (e): Alert => ({
      id: num(e.Id),
      name: str(e.AlarmEventNameDisplay) ?? str(e.AlarmEventName) ?? str(e.Name) ?? '(unnamed alert)',
      type: str(e.AlarmEventTypeDisplay) ?? str(e.AlarmEventType),
      level: str(e.Level),
      instanceName: str(e.InstanceName),
      instanceId: str(e.InstanceId),
      ip: str(e.IntranetIp) ?? str(e.InternetIp),
      uuid: str(e.Uuid),
      occurred: str(e.OccurrenceTime),
      last: str(e.LastTime),
      description: str(e.Desc),
      eventStatus: num(e.EventStatus),
    }),
  );
  return { ...page, alerts };
}

export interface PushTaskResult {
  uuid?: string;
  instanceId?: string;
  instanceName?: string;
  ip?: string;
  region?: string;
  online?: boolean;
  success: boolean;
  message?: string;
}

export const DEFAULT_PUSH_TASKS = 'OVAL_ENTITY,CMS,SYSVUL,SCA,HEALTH_CHECK';

export async function pushCheckTasks(client: AliyunClient, uuids: readonly string[], tasks: string, region: string): Promise<{ results: PushTaskResult[]; raw: Raw }> {
  const raw = await client.call('sas', 'ModifyPushAllTask', { Uuids: uuids.join(','), Tasks: tasks }, region);
  const rsp = (raw.PushTaskRsp ?? {}) as Raw;
  const list = Array.isArray(rsp.PushTaskResultList) ? (rsp.PushTaskResultList as Raw[]) : [];
  return {
    raw,
    results: list.map((r) => ({
      uuid: str(r.Uuid),
      instanceId: str(r.InstanceId),
      instanceName: str(r.InstanceName),
      ip: str(r.Ip),
      region: str(r.Region),
      online: typeof r.Online === 'boolean' ? r.Online : undefined,
      success: r.Success === true,
      message: str(r.Message),
    })),
  };
}

export interface PluginCommand {
  /** The full shell command that installs the AI security assistant (contains a one-time install key). */
  installCommand: string;
  /** Expiry, epoch seconds, when the API gave one. */
  expireTime?: number;
  raw: Raw;
}

export async function getPluginCommand(client: AliyunClient, region: string): Promise<PluginCommand> {
  const raw = await client.call('aisc', 'GetAIAgentPluginKey', {}, region);
  const data = (raw.Data ?? {}) as Raw;
  const installCommand = typeof data.InstallKey === 'string' ? data.InstallKey.trim() : '';
  if (!installCommand) throw new ClawguardError('CG_INPUT', 'AI Security Center GetAIAgentPluginKey returned no install command (Data.InstallKey is empty).');
  return { installCommand, expireTime: typeof data.ExpireTime === 'number' ? data.ExpireTime : undefined, raw };
}
