// A small Alibaba Cloud OpenAPI (RPC style) client over node:http(s): ACS3 signing, retries with backoff, one typed error per failure class.
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { arch, platform } from 'node:os';
import { ClawguardError, UsageError } from '../../core/errors.js';
import { VERSION } from '../../core/version.js';
import { credentialRedactor, type AliyunCredentials } from './credentials.js';
import { acs3Authorization, canonicalQuery, sha256Hex } from './signer.js';

export type Product = 'sas' | 'ecs' | 'aisc';

export interface ProductInfo {
  /** API version sent as `x-acs-version`. */
  version: string;
  /** Human name for messages. */
  label: string;
  /** RAM service prefix of the product's actions (`yundun-sas:DescribeVulList`). */
  ramService: string;
  /** Public endpoint host for a region. */
  host(region: string): string;
}

export const PRODUCTS: Record<Product, ProductInfo> = {
  sas: { version: '2018-12-03', label: 'Security Center', ramService: 'yundun-sas', host: (r) => `tds.${r}.aliyuncs.com` },
  ecs: { version: '2014-05-26', label: 'ECS Cloud Assistant', ramService: 'ecs', host: (r) => `ecs.${r}.aliyuncs.com` },
  aisc: { version: '2026-01-01', label: 'AI Security Center', ramService: 'aisc', host: (r) => `aisc.${r}.aliyuncs.com` },
};

/** The seed's user-agent segment, appended to every request (as the original's base_client.py does). */
export const AGENT_USER_AGENT = 'AlibabaCloud-Agent-Skills/alibabacloud-sas-openclaw-security';
export const USER_AGENT = `AlibabaCloud (${platform()}; ${arch()}) Node.js/${process.version} Core/1.0.0 TeaDSL/2 clawguard/${VERSION} ${AGENT_USER_AGENT}`;

/** Actions that change state: never re-sent after a failure that may have reached the server. */
const NON_IDEMPOTENT = new Set(['RunCommand', 'ModifyPushAllTask', 'CreateCommand', 'InvokeCommand']);

export interface ClientOptions {
  credentials: AliyunCredentials;
  /** `--endpoint`: `http://127.0.0.1:8080`, `https://host`, or a bare `host[:port]` (HTTPS). Overrides every product's endpoint. */
  endpoint?: string;
  /** Attempts after the first for throttling and transient errors; default 4. */
  retries?: number;
  /** Base delay of the exponential backoff, ms; default 1000. */
  backoffMs?: number;
  /** Per-request timeout, ms; default 30000. */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface ApiError {
  status: number;
  code: string;
  message: string;
  requestId?: string;
}

const NOT_ENABLED = /notopen|not_open|not\.open|nosubscription|not activated|not_activated|notbuy|not_buy|servicenotenabled|未开通|未购买/i;
const PERMISSION = /nopermission|forbidden\.ram|notauthorized|unauthorized|accessdenied|forbidden|not authorized/i;
const CREDENTIAL = /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|InvalidSecurityToken|SecurityTokenExpired|InvalidAccessKeySecret|MissingSecurityToken)/i;
const THROTTLED = /^(Throttling|ServiceUnavailable|Throttled|TooManyRequests|RequestLimitExceeded|Flow)/i;

/** Maps an OpenAPI error body to the clawguard error the CLI turns into an exit code. Exported for tests. */
export function classifyApiError(product: Product, action: string, err: ApiError): ClawguardError {
  const info = PRODUCTS[product];
  const ref = err.requestId ? ` (RequestId ${err.requestId})` : '';
  const detail = `${err.code}: ${err.message.replace(/\s+/g, ' ').trim()}`;
  if (THROTTLED.test(err.code) || err.status === 429) {
    return new ClawguardError('CG_THROTTLED', `${info.label} ${action} was throttled (${detail})${ref}; retried with backoff and gave up. Wait a minute and try again.`);
  }
  if (CREDENTIAL.test(err.code)) {
    return new ClawguardError('CG_CREDENTIALS', `${info.label} rejected the credentials for ${action} (${err.code})${ref}. Check the AccessKey (aliyun configure) or --profile.`);
  }
  if (NOT_ENABLED.test(err.code) || NOT_ENABLED.test(err.message)) {
    return new ClawguardError('CG_PRODUCT_NOT_ENABLED', `${info.label} is not enabled for this account (${detail})${ref}. Activate it in the console, then retry.`);
  }
  if (PERMISSION.test(err.code) || err.status === 403) {
    return new ClawguardError('CG_PERMISSION_DENIED', `Permission denied: the RAM identity lacks ${info.ramService}:${action} (${detail})${ref}. Grant it (see docs/cloud.md, RAM actions).`);
  }
  if (err.status >= 500) {
    return new ClawguardError('CG_NETWORK', `${info.label} ${action} failed on the server side (HTTP ${err.status}, ${detail})${ref}; retried and gave up.`);
  }
  return new ClawguardError('CG_INPUT', `${info.label} ${action} failed (${detail})${ref}.`);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ClawguardError('CG_NETWORK', 'Interrupted.'));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ClawguardError('CG_NETWORK', 'Interrupted.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Parses `--endpoint` into a base URL; bare hosts mean HTTPS. */
export function parseEndpoint(value: string): URL {
  const withScheme = /^[a-z]+:\/\//i.test(value) ? value : `https://${value}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new UsageError(`--endpoint ${JSON.stringify(value)} is not a host or URL (e.g. tds.cn-shanghai.aliyuncs.com or http://127.0.0.1:8080).`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--endpoint must be http:// or https://, got ${url.protocol}`);
  if (url.pathname !== '/' || url.search || url.username) throw new UsageError('--endpoint takes a scheme, host and port only (no path, query or user).');
  return url;
}

interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  body: string;
}

class NetworkFailure extends Error {
  constructor(
    message: string,
    readonly errno: string,
  ) {
    super(message);
  }
}

/** One signed call per `call()`, retried on throttling and transient network errors. */
export class AliyunClient {
  private readonly endpoint?: URL;
  private readonly redact: (text: string) => string;
  /** Number of HTTP requests sent (for tests and notes). */
  requests = 0;

  constructor(private readonly options: ClientOptions) {
    this.endpoint = options.endpoint ? parseEndpoint(options.endpoint) : undefined;
    this.redact = credentialRedactor(options.credentials);
  }

  baseUrl(product: Product, region: string): URL {
    return this.endpoint ?? new URL(`https://${PRODUCTS[product].host(region)}`);
  }

  async call(product: Product, action: string, params: Record<string, string | number | boolean | undefined>, region: string): Promise<Record<string, unknown>> {
    const query: Record<string, string> = {};
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') query[k] = String(v);
    if (product !== 'aisc' && query.RegionId === undefined) query.RegionId = region;
    const retries = this.options.retries ?? 4;
    const base = this.options.backoffMs ?? 1000;
    const url = this.baseUrl(product, region);
    for (let attempt = 0; ; attempt++) {
      let res: RawResponse;
      try {
        res = await this.send(product, action, query, url);
      } catch (err) {
        if (err instanceof ClawguardError) throw err;
        const failure = err as NetworkFailure;
        // A refused or unresolved connection never reached the server, so even a state-changing call can be re-sent.
        const safe = !NON_IDEMPOTENT.has(action) || failure.errno === 'ECONNREFUSED' || failure.errno === 'ENOTFOUND';
        if (safe && attempt < Math.min(retries, 2)) {
          await sleep(base * 2 ** attempt, this.options.signal);
          continue;
        }
        throw new ClawguardError('CG_NETWORK', this.redact(`Cannot reach ${PRODUCTS[product].label} at ${url.host} (${action}): ${failure.message}.`), { cause: err });
      }
      if (res.status >= 200 && res.status < 300) {
        try {
          return JSON.parse(res.body) as Record<string, unknown>;
        } catch {
          throw new ClawguardError('CG_NETWORK', `${PRODUCTS[product].label} ${action} returned a body that is not JSON (HTTP ${res.status}) from ${url.host}.`);
        }
      }
      const apiError = parseErrorBody(res);
      const classified = classifyApiError(product, action, apiError);
      const retryable = classified.code === 'CG_THROTTLED' || (classified.code === 'CG_NETWORK' && !NON_IDEMPOTENT.has(action));
      if (retryable && attempt < retries) {
        const retryAfter = Number(res.headers['retry-after']);
        const backoff = base * 2 ** attempt * (0.75 + Math.random() * 0.5);
        await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? Math.min(retryAfter * 1000, 60_000) : backoff, this.options.signal);
        continue;
      }
      throw new ClawguardError(classified.code, this.redact(classified.message));
    }
  }

  private send(product: Product, action: string, query: Record<string, string>, base: URL): Promise<RawResponse> {
    const { credentials } = this.options;
    const info = PRODUCTS[product];
    const hashedPayload = sha256Hex('');
    const headers: Record<string, string> = {
      host: base.host,
      'x-acs-action': action,
      'x-acs-version': info.version,
      'x-acs-date': new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      'x-acs-signature-nonce': randomUUID(),
      'x-acs-content-sha256': hashedPayload,
      accept: 'application/json',
      'user-agent': USER_AGENT,
    };
    if (credentials.securityToken) headers['x-acs-security-token'] = credentials.securityToken;
    headers.authorization = acs3Authorization({ method: 'POST', pathname: '/', query, headers, hashedPayload }, credentials.accessKeyId, credentials.accessKeySecret);
    const qs = canonicalQuery(query);
    const requestFn = base.protocol === 'http:' ? httpRequest : httpsRequest;
    this.requests++;
    return new Promise((resolve, reject) => {
      const req = requestFn(
        { protocol: base.protocol, hostname: base.hostname, port: base.port || undefined, method: 'POST', path: `/?${qs}`, headers: { ...headers, 'content-length': '0' }, timeout: this.options.timeoutMs ?? 30_000, signal: this.options.signal },
        (res) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (c: Buffer) => {
            size += c.length;
            if (size > 32 * 1024 * 1024) req.destroy(new NetworkFailure('response larger than 32 MiB', 'E2BIG'));
            else chunks.push(c);
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', (e) => reject(new NetworkFailure(e.message, (e as NodeJS.ErrnoException).code ?? 'EIO')));
        },
      );
      req.on('timeout', () => req.destroy(new NetworkFailure(`no response within ${Math.round((this.options.timeoutMs ?? 30_000) / 1000)} s`, 'ETIMEDOUT')));
      req.on('error', (e) => {
        if (this.options.signal?.aborted) return reject(new ClawguardError('CG_NETWORK', 'Interrupted.'));
        const code = (e as NodeJS.ErrnoException).code ?? (e instanceof NetworkFailure ? e.errno : 'EIO');
        reject(e instanceof NetworkFailure ? e : new NetworkFailure(code && code !== 'EIO' ? `${code}` : e.message, code));
      });
      req.end();
    });
  }
}

function parseErrorBody(res: RawResponse): ApiError {
  try {
    const body = JSON.parse(res.body) as Record<string, unknown>;
    return {
      status: res.status,
      code: typeof body.Code === 'string' ? body.Code : `HTTP${res.status}`,
      message: typeof body.Message === 'string' ? body.Message : '',
      requestId: typeof body.RequestId === 'string' ? body.RequestId : undefined,
    };
  } catch {
    return { status: res.status, code: `HTTP${res.status}`, message: res.body.slice(0, 120) };
  }
}
