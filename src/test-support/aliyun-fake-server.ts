// A fake Alibaba Cloud OpenAPI server on 127.0.0.1 for tests: verifies every signature, serves the reference samples with paging, walks Cloud Assistant invocations, injects errors.
import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './cli.js';

/** Sample responses from the research (kept under a test-support dir so the npm package leaves them out). */
export const FIXTURES_DIR = join(REPO_ROOT, 'src/cloud/aliyun/test-support/fixtures');

const fixtureCache = new Map<string, unknown>();

/** A fresh copy of a sample response (parsed once, cloned per call so callers may mutate it). */
export function loadFixture<T = Record<string, unknown>>(name: string): T {
  let parsed = fixtureCache.get(name);
  if (parsed === undefined) {
    parsed = JSON.parse(readFileSync(join(FIXTURES_DIR, name), 'utf8')) as unknown;
    fixtureCache.set(name, parsed);
  }
  return structuredClone(parsed) as T;
}

type Json = Record<string, unknown>;

/** API version each action must be called with. */
const ACTION_VERSIONS: Record<string, string> = {
  DescribePropertyScaDetail: '2018-12-03',
  GetAssetDetailByUuid: '2018-12-03',
  DescribeVulList: '2018-12-03',
  DescribeCheckWarningSummary: '2018-12-03',
  DescribeCheckWarnings: '2018-12-03',
  DescribeSuspEvents: '2018-12-03',
  ModifyPushAllTask: '2018-12-03',
  GetAIAgentPluginKey: '2026-01-01',
  RunCommand: '2014-05-26',
  DescribeInvocationResults: '2014-05-26',
};

const PAGED: Record<string, { fixture: string; listKey: string; pageInfo: boolean }> = {
  DescribePropertyScaDetail: { fixture: 'sas-DescribePropertyScaDetail.json', listKey: 'Propertys', pageInfo: true },
  DescribeVulList: { fixture: 'sas-DescribeVulList.json', listKey: 'VulRecords', pageInfo: false },
  DescribeCheckWarningSummary: { fixture: 'sas-DescribeCheckWarningSummary.json', listKey: 'WarningSummarys', pageInfo: false },
  DescribeCheckWarnings: { fixture: 'sas-DescribeCheckWarnings.json', listKey: 'CheckWarnings', pageInfo: false },
  DescribeSuspEvents: { fixture: 'sas-DescribeSuspEvents.json', listKey: 'SuspEvents', pageInfo: false },
};

export type InjectedError = 'throttle' | 'permission' | 'not-enabled' | 'server-error' | 'bad-json' | 'hang';

/** How a Cloud Assistant invocation on one instance ends. */
export type InvocationOutcome = 'success' | 'failed' | 'guardrail-installed' | 'guardrail-missing' | 'install-marker' | 'never';

export interface FakeAliyunOptions {
  /** Accepted key pairs: AccessKeyId → secret (+ STS token that must accompany it). */
  keys?: Record<string, { secret: string; token?: string }>;
  /** Number of records to serve per list action (sample records cloned with distinct ids); default: the sample's own. */
  listSizes?: Partial<Record<keyof typeof PAGED, number>>;
  /** DescribeInvocationResults answers Running this many times before the final state; default 2. */
  runningPolls?: number;
  /** Outcome per instance id; default success (and guardrail-installed for the status command). */
  outcomes?: Record<string, InvocationOutcome>;
}

export interface RecordedRequest {
  action: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  signature: 'ACS3-HMAC-SHA256' | 'RPC-v1';
  /** Status code the fake answered. */
  status: number;
}

interface Invocation {
  invokeId: string;
  commandId: string;
  command: string;
  instanceIds: string[];
  polls: Map<string, number>;
}

function errorBody(code: string, message: string, host = '127.0.0.1'): Json {
  return { RequestId: `FAKE-${code}`, HostId: host, Code: code, Message: message, Recommend: `https://api.aliyun.com/troubleshoot?q=${code}` };
}

function pctEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** An independent verifier: rebuilds the canonical request from what arrived on the wire. */
function verifyAcs3(req: IncomingMessage, rawQuery: Record<string, string>, body: Buffer, secret: string, authorization: string): string | undefined {
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]*),Signature=([0-9a-f]{64})$/.exec(authorization);
  if (!m) return 'malformed Authorization header';
  const signed = (m[2] as string).split(';');
  for (const required of ['host', 'x-acs-action', 'x-acs-version', 'x-acs-date', 'x-acs-signature-nonce', 'x-acs-content-sha256']) {
    if (!signed.includes(required)) return `header ${required} is not signed`;
  }
  for (const name of Object.keys(req.headers)) {
    if ((name.startsWith('x-acs-') || name === 'content-type') && !signed.includes(name)) return `header ${name} is sent but not signed`;
  }
  const payloadHash = createHash('sha256').update(body).digest('hex');
  if (req.headers['x-acs-content-sha256'] !== payloadHash) return 'x-acs-content-sha256 does not match the body';
  const query = Object.keys(rawQuery)
    .sort()
    .map((k) => `${pctEncode(k)}=${pctEncode(rawQuery[k] as string)}`)
    .join('&');
  const headers = [...signed].sort().map((h) => `${h}:${String(req.headers[h] ?? '').trim()}\n`).join('');
  const canonical = `${req.method}\n${new URL(req.url ?? '/', 'http://x').pathname}\n${query}\n${headers}\n${[...signed].sort().join(';')}\n${payloadHash}`;
  const expected = createHmac('sha256', secret).update(`ACS3-HMAC-SHA256\n${createHash('sha256').update(canonical).digest('hex')}`).digest('hex');
  return expected === m[3] ? undefined : 'signature mismatch';
}

function verifyRpcV1(method: string, query: Record<string, string>, secret: string): string | undefined {
  const { Signature: signature, ...rest } = query;
  if (!signature) return 'missing Signature';
  const canonical = Object.keys(rest)
    .sort()
    .map((k) => `${pctEncode(k)}=${pctEncode(rest[k] as string)}`)
    .join('&');
  const expected = createHmac('sha1', `${secret}&`).update(`${method}&${pctEncode('/')}&${pctEncode(canonical)}`).digest('base64');
  return expected === signature ? undefined : 'signature mismatch';
}

export class FakeAliyunServer {
  readonly requests: RecordedRequest[] = [];
  readonly invocations: Invocation[] = [];
  /** User-Agent of every request, for asserting the seed's segment. */
  readonly userAgents: string[] = [];
  private server?: Server;
  private injected: Array<{ action?: string; error: InjectedError; times: number }> = [];
  private seenNonces = new Set<string>();
  private readonly keys: Record<string, { secret: string; token?: string }>;
  private hanging = new Set<ServerResponse>();

  constructor(private readonly options: FakeAliyunOptions = {}) {
    this.keys = options.keys ?? {
      LTAI_TEST_ONLY_0000: { secret: 'test-secret-not-real' },
      'STS.TEST_ONLY_0000': { secret: 'test-sts-secret', token: 'test-security-token' },
    };
  }

  get url(): string {
    const addr = this.server?.address() as AddressInfo | null;
    if (!addr) throw new Error('fake server not started');
    return `http://127.0.0.1:${addr.port}`;
  }

  /** The next `times` calls (of `action`, or any) fail with `error`. */
  inject(error: InjectedError, options: { action?: string; times?: number } = {}): void {
    this.injected.push({ action: options.action, error, times: options.times ?? Number.POSITIVE_INFINITY });
  }

  reset(): void {
    this.injected = [];
    this.requests.length = 0;
    this.invocations.length = 0;
    this.userAgents.length = 0;
  }

  /** Requests of one action, in order. */
  calls(action: string): RecordedRequest[] {
    return this.requests.filter((r) => r.action === action);
  }

  start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => this.handle(req, res, Buffer.concat(chunks)));
    });
    return new Promise((resolve) => this.server?.listen(0, '127.0.0.1', () => resolve(this)));
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse, body: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string> = {};
    for (const [k, v] of url.searchParams) query[k] = v;
    if ((req.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded') && body.length > 0) {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) query[k] = v;
    }
    const authorization = req.headers.authorization;
    const isAcs3 = typeof authorization === 'string';
    const action = (isAcs3 ? String(req.headers['x-acs-action'] ?? '') : query.Action) ?? '';
    const record: RecordedRequest = { action, query, headers: req.headers, signature: isAcs3 ? 'ACS3-HMAC-SHA256' : 'RPC-v1', status: 200 };
    this.requests.push(record);
    this.userAgents.push(String(req.headers['user-agent'] ?? ''));
    const send = (status: number, payload: Json | string, headers: Record<string, string> = {}) => {
      record.status = status;
      res.writeHead(status, { 'content-type': 'application/json;charset=utf-8', ...headers });
      res.end(typeof payload === 'string' ? payload : JSON.stringify(payload));
    };

    // 1. Authentication, as the real gateway: key known, signature valid, nonce fresh, STS token consistent.
    const accessKeyId = isAcs3 ? /Credential=([^,]+)/.exec(authorization)?.[1] : query.AccessKeyId;
    const key = accessKeyId ? this.keys[accessKeyId] : undefined;
    if (!key) return send(404, errorBody('InvalidAccessKeyId.NotFound', 'Specified access key is not found.'));
    const signatureQuery = isAcs3 ? url.searchParams : undefined;
    const rawQuery: Record<string, string> = {};
    if (signatureQuery) for (const [k, v] of signatureQuery) rawQuery[k] = v;
    const problem = isAcs3 ? verifyAcs3(req, rawQuery, body, key.secret, authorization) : verifyRpcV1(req.method ?? 'GET', query, key.secret);
    if (problem) return send(400, { ...loadFixture<Json>('error-SignatureDoesNotMatch.json'), _problem: problem });
    const nonce = String(isAcs3 ? req.headers['x-acs-signature-nonce'] : query.SignatureNonce);
    if (this.seenNonces.has(nonce)) return send(400, errorBody('SignatureNonceUsed', 'Specified signature nonce was used already.'));
    this.seenNonces.add(nonce);
    const date = Date.parse(String(isAcs3 ? req.headers['x-acs-date'] : query.Timestamp));
    if (!Number.isFinite(date) || Math.abs(Date.now() - date) > 15 * 60_000) return send(400, errorBody('InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.'));
    const token = isAcs3 ? req.headers['x-acs-security-token'] : query.SecurityToken;
    if (key.token !== undefined && token !== key.token) return send(400, errorBody('InvalidSecurityToken.Mismatch', 'Specified SecurityToken is mismatch with the AccessKey.'));
    const version = isAcs3 ? req.headers['x-acs-version'] : query.Version;
    const expectedVersion = ACTION_VERSIONS[action];
    if (!expectedVersion) return send(404, errorBody('InvalidAction.NotFound', `Specified api ${action} is not found.`));
    if (version !== expectedVersion) return send(400, errorBody('InvalidVersion', `Specified version ${String(version)} is not valid for ${action}.`));

    // 2. Injected failures.
    const inj = this.injected.find((i) => i.times > 0 && (!i.action || i.action === action));
    if (inj) {
      inj.times--;
      switch (inj.error) {
        case 'throttle':
          return send(400, errorBody('Throttling.User', 'Request was denied due to user flow control.'));
        case 'permission':
          // Real gateways echo the caller's AccessKeyId in some messages: clawguard must redact it.
          return send(403, errorBody('Forbidden.RAM', `User not authorized to operate on the specified resource, or this API does not support RAM. AccessKeyId: ${accessKeyId}. Action: ${action}`));
        case 'not-enabled':
          return send(403, loadFixture('error-ProductNotOpened.json'));
        case 'server-error':
          return send(503, errorBody('ServiceUnavailable', 'The request has failed due to a temporary failure of the server.'));
        case 'bad-json':
          return send(200, '<html>gateway</html>');
        case 'hang':
          this.hanging.add(res);
          return;
      }
    }

    // 3. The APIs.
    const paged = PAGED[action];
    if (paged) return send(200, this.page(paged, query));
    switch (action) {
      case 'GetAssetDetailByUuid': {
        const sample = loadFixture<{ RequestId: string; AssetDetail: Json }>('sas-GetAssetDetailByUuid.json');
        const uuid = query.Uuid ?? '';
        if (!uuid) return send(400, errorBody('MissingUuid', 'Uuid is mandatory for this action.'));
        // UUIDs ending in 1, 2, 3: hosts in cn-shanghai, cn-hangzhou, ap-southeast-1 (the last one with its agent offline).
        const n = uuid.endsWith('2') ? '2' : uuid.endsWith('3') ? '3' : '1';
        const region = { '1': 'cn-shanghai', '2': 'cn-hangzhou', '3': 'ap-southeast-1' }[n];
        const status = n === '3' ? 'offline' : 'online';
        return send(200, { ...sample, AssetDetail: { ...sample.AssetDetail, Uuid: uuid, InstanceId: `i-uf6openclaw000${n}`, HostName: `openclaw-host-${n}`, RegionId: region, Region: region, ClientStatus: status } });
      }
      case 'ModifyPushAllTask': {
        const sample = loadFixture<{ RequestId: string; PushTaskRsp: { PushTaskResultList: Json[] } }>('sas-ModifyPushAllTask.json');
        const template = sample.PushTaskRsp.PushTaskResultList[0] as Json;
        const list = (query.Uuids ?? '').split(',').filter(Boolean).map((uuid, i) => ({ ...template, Uuid: uuid, InstanceName: `openclaw-host-${i + 1}` }));
        return send(200, { RequestId: sample.RequestId, PushTaskRsp: { PushTaskResultList: list } });
      }
      case 'GetAIAgentPluginKey':
        return send(200, loadFixture('aisc-GetAIAgentPluginKey.json'));
      case 'RunCommand':
        return send(200, this.runCommand(query));
      case 'DescribeInvocationResults':
        return send(200, this.invocationResults(query));
      default:
        return send(404, errorBody('InvalidAction.NotFound', `Specified api ${action} is not found.`));
    }
  }

  private page(paged: (typeof PAGED)[string], query: Record<string, string>): Json {
    const sample = loadFixture<Json>(paged.fixture);
    const base = sample[paged.listKey] as Json[];
    const size = this.options.listSizes?.[Object.keys(PAGED).find((k) => PAGED[k] === paged) as keyof typeof PAGED] ?? base.length;
    const record = (i: number): Json => {
      const item = base[i % base.length] as Json;
      return i < base.length ? item : { ...item, Uuid: `clone-${i}-${String(item.Uuid ?? '')}`, InstanceName: `${String(item.InstanceName ?? 'host')}-${i}`, RiskId: typeof item.RiskId === 'number' ? 1000 + i : item.RiskId };
    };
    const pageSize = Math.max(1, Number(query.PageSize ?? 20));
    const current = Math.max(1, Number(query.CurrentPage ?? 1));
    const first = (current - 1) * pageSize;
    const items = Array.from({ length: Math.max(0, Math.min(pageSize, size - first)) }, (_, k) => record(first + k));
    const all = { length: size };
    const { [paged.listKey]: _omit, PageInfo: _p, ...rest } = sample;
    if (paged.pageInfo) return { ...rest, PageInfo: { Count: items.length, CurrentPage: current, PageSize: pageSize, TotalCount: all.length }, [paged.listKey]: items };
    return { ...rest, Count: items.length, CurrentPage: current, PageSize: pageSize, TotalCount: all.length, [paged.listKey]: items };
  }

  private runCommand(query: Record<string, string>): Json {
    const instanceIds = Object.keys(query)
      .filter((k) => /^InstanceId\.\d+$/.test(k))
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]))
      .map((k) => query[k] as string);
    const command = query.ContentEncoding === 'Base64' ? Buffer.from(query.CommandContent ?? '', 'base64').toString('utf8') : (query.CommandContent ?? '');
    const n = this.invocations.length + 1;
    const inv: Invocation = { invokeId: `t-fake${String(n).padStart(4, '0')}`, commandId: `c-fake${n}`, command, instanceIds, polls: new Map() };
    this.invocations.push(inv);
    return { RequestId: `FAKE-RUN-${n}`, CommandId: inv.commandId, InvokeId: inv.invokeId };
  }

  private invocationResults(query: Record<string, string>): Json {
    const inv = this.invocations.find((i) => i.invokeId === query.InvokeId);
    if (!inv) return loadFixture('ecs-DescribeInvocationResults-empty.json');
    const instanceId = query.InstanceId ?? inv.instanceIds[0] ?? '';
    const polls = (inv.polls.get(instanceId) ?? 0) + 1;
    inv.polls.set(instanceId, polls);
    const isStatus = inv.command.startsWith('openclaw plugins info');
    const outcome = this.options.outcomes?.[instanceId] ?? (isStatus ? 'guardrail-installed' : inv.command.startsWith('bash -c') ? 'install-marker' : 'success');
    const fixture =
      outcome === 'never' || polls <= (this.options.runningPolls ?? 2)
        ? 'ecs-DescribeInvocationResults-running.json'
        : {
            success: 'ecs-DescribeInvocationResults-success.json',
            failed: 'ecs-DescribeInvocationResults-guardrail-missing.json',
            'guardrail-installed': 'ecs-DescribeInvocationResults-guardrail-installed.json',
            'guardrail-missing': 'ecs-DescribeInvocationResults-guardrail-missing.json',
            'install-marker': 'ecs-DescribeInvocationResults-install-marker.json',
          }[outcome];
    const body = loadFixture<{ RequestId: string; Invocation: { InvocationResults: { InvocationResult: Json[] } } }>(fixture);
    const results = body.Invocation.InvocationResults.InvocationResult.map((r) => ({ ...r, InstanceId: instanceId, InvokeId: inv.invokeId, CommandId: inv.commandId }));
    return { ...body, Invocation: { ...body.Invocation, InvocationResults: { InvocationResult: results } } };
  }
}

export async function startFakeAliyun(options: FakeAliyunOptions = {}): Promise<FakeAliyunServer> {
  return new FakeAliyunServer(options).start();
}
