// The signer against the reference vectors (generated with @alicloud/openapi-util), and the fake server's verifier against the signer.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadFixture } from '../../test-support/aliyun-fake-server.js';
import { acs3Authorization, acs3CanonicalRequest, canonicalQuery, parseAcs3Authorization, percentEncode, rpcV1Signature } from './signer.js';

interface Vectors {
  secret: string;
  rpcV1: { params: Record<string, string>; signatureGET: string; signaturePOST: string };
  acs3: { request: { pathname: string; method: string; query: Record<string, string>; headers: Record<string, string> }; hashedPayload: string; authorization: string };
}
const V = loadFixture<Vectors>('signing-test-vectors.json');

describe('RPC v1 (HMAC-SHA1)', () => {
  it('matches the reference signature for GET', () => assert.equal(rpcV1Signature('GET', V.rpcV1.params, V.secret), V.rpcV1.signatureGET));
  it('matches the reference signature for POST', () => assert.equal(rpcV1Signature('POST', V.rpcV1.params, V.secret), V.rpcV1.signaturePOST));
  it('changes when any parameter changes', () => assert.notEqual(rpcV1Signature('GET', { ...V.rpcV1.params, Dealed: 'y' }, V.secret), V.rpcV1.signatureGET));
});

describe('ACS3-HMAC-SHA256', () => {
  const r = V.acs3.request;
  const input = { method: r.method, pathname: r.pathname, query: r.query, headers: r.headers, hashedPayload: V.acs3.hashedPayload };
  it('matches the reference Authorization header', () => assert.equal(acs3Authorization(input, 'LTAI_TEST_ONLY_0000', V.secret), V.acs3.authorization));
  it('signs host and x-acs-* headers only (not user-agent or accept)', () => {
    assert.equal(acs3CanonicalRequest(input).signedHeaders, 'host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version');
  });
  it('is independent of header name case', () => {
    const upper = Object.fromEntries(Object.entries(r.headers).map(([k, v]) => [k.toUpperCase(), v]));
    assert.equal(acs3Authorization({ ...input, headers: upper }, 'LTAI_TEST_ONLY_0000', V.secret), V.acs3.authorization);
  });
  it('changes with the secret, the query or a signed header', () => {
    assert.notEqual(acs3Authorization(input, 'LTAI_TEST_ONLY_0000', 'other'), V.acs3.authorization);
    assert.notEqual(acs3Authorization({ ...input, query: { ...r.query, PageSize: '50' } }, 'LTAI_TEST_ONLY_0000', V.secret), V.acs3.authorization);
    assert.notEqual(acs3Authorization({ ...input, headers: { ...r.headers, 'x-acs-action': 'DescribeSuspEvents' } }, 'LTAI_TEST_ONLY_0000', V.secret), V.acs3.authorization);
  });
  it('parses its own Authorization header', () => {
    const p = parseAcs3Authorization(V.acs3.authorization);
    assert.equal(p?.accessKeyId, 'LTAI_TEST_ONLY_0000');
    assert.equal(p?.signedHeaders.length, 6);
    assert.equal(parseAcs3Authorization('Bearer x'), undefined);
  });
});

describe('percent-encoding', () => {
  for (const [raw, encoded] of [
    ['a b', 'a%20b'],
    ['emg:SCA:AVD-2026-1860246', 'emg%3ASCA%3AAVD-2026-1860246'],
    ["!'()*", '%21%27%28%29%2A'],
    ['~-_.', '~-_.'],
    ['中', '%E4%B8%AD'],
  ]) {
    it(`encodes ${JSON.stringify(raw)}`, () => assert.equal(percentEncode(raw as string), encoded));
  }
  it('sorts query keys by code unit', () => assert.equal(canonicalQuery({ b: '1', B: '2', a: '3' }), 'B=2&a=3&b=1'));
});
