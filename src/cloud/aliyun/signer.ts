// Request signing as Alibaba Cloud's official clients do it: ACS3-HMAC-SHA256 (openapi-core's default) and RPC v1 (HMAC-SHA1, aliyun CLI classic).
import { createHash, createHmac } from 'node:crypto';

export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

/** RFC 3986 percent-encoding as `@alicloud/openapi-util` does it (encodeURIComponent plus `!'()*`). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `k=v&k=v` with keys sorted by code unit and both sides percent-encoded. */
export function canonicalQuery(query: Readonly<Record<string, string>>): string {
  return Object.keys(query)
    .sort()
    .map((k) => `${percentEncode(k)}=${percentEncode(query[k] ?? '')}`)
    .join('&');
}

/** Headers that take part in an ACS3 signature: host, content-type and every x-acs-* header. */
export function isSignedHeader(name: string): boolean {
  const lower = name.toLowerCase();
  return lower === 'host' || lower === 'content-type' || lower.startsWith('x-acs-');
}

export interface Acs3Input {
  method: string;
  /** Request path; `/` for RPC-style APIs. */
  pathname: string;
  query: Readonly<Record<string, string>>;
  /** All request headers (any case); only signed ones are used. */
  headers: Readonly<Record<string, string>>;
  /** Hex sha256 of the body (the `x-acs-content-sha256` header). */
  hashedPayload: string;
}

/** The canonical request and the names of the signed headers (`;`-joined, sorted, lower-case). */
export function acs3CanonicalRequest(input: Acs3Input): { canonical: string; signedHeaders: string } {
  const entries = Object.entries(input.headers)
    .filter(([name]) => isSignedHeader(name))
    .map(([name, value]) => [name.toLowerCase(), String(value).trim()] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const signedHeaders = entries.map(([name]) => name).join(';');
  const canonicalHeaders = entries.map(([name, value]) => `${name}:${value}\n`).join('');
  const canonical = [input.method.toUpperCase(), input.pathname || '/', canonicalQuery(input.query), canonicalHeaders, signedHeaders, input.hashedPayload].join('\n');
  return { canonical, signedHeaders };
}

/** Hex HMAC-SHA256 signature of an ACS3 canonical request. */
export function acs3Signature(canonical: string, secret: string): string {
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`;
  return createHmac('sha256', secret).update(stringToSign).digest('hex');
}

/** The `Authorization` header value for an ACS3-signed request. */
export function acs3Authorization(input: Acs3Input, accessKeyId: string, secret: string): string {
  const { canonical, signedHeaders } = acs3CanonicalRequest(input);
  return `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${acs3Signature(canonical, secret)}`;
}

/** Parses `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`; undefined when malformed. */
export function parseAcs3Authorization(value: string): { accessKeyId: string; signedHeaders: string[]; signature: string } | undefined {
  const m = /^ACS3-HMAC-SHA256 Credential=([^,]+),SignedHeaders=([^,]*),Signature=([0-9a-f]+)$/.exec(value.trim());
  if (!m) return undefined;
  return { accessKeyId: m[1] as string, signedHeaders: (m[2] as string).split(';').filter(Boolean), signature: m[3] as string };
}

/** RPC v1: base64(HMAC-SHA1(secret + "&", METHOD&%2F&pctEncode(sorted query))). `params` must not contain `Signature`. */
export function rpcV1Signature(method: string, params: Readonly<Record<string, string>>, secret: string): string {
  const stringToSign = `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonicalQuery(params))}`;
  return createHmac('sha1', `${secret}&`).update(stringToSign).digest('base64');
}
