// Error classification (one exit code per failure class) and --endpoint parsing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClawguardError } from '../../core/errors.js';
import { classifyApiError, parseEndpoint } from './client.js';

describe('classifyApiError', () => {
  const cases: Array<[string, number, string, string, string]> = [
    ['Throttling.User', 400, 'flow control', 'CG_THROTTLED', 'throttled'],
    ['Throttling', 503, '', 'CG_THROTTLED', 'throttled'],
    ['ServiceUnavailable', 503, 'temporary', 'CG_THROTTLED', 'throttled'],
    ['SignatureDoesNotMatch', 400, 'Specified signature is not matched', 'CG_CREDENTIALS', 'rejected the credentials'],
    ['InvalidAccessKeyId.NotFound', 404, 'not found', 'CG_CREDENTIALS', 'rejected the credentials'],
    ['InvalidSecurityToken.Expired', 400, 'expired', 'CG_CREDENTIALS', 'rejected the credentials'],
    ['Forbidden.NotOpened', 403, 'not activated', 'CG_PRODUCT_NOT_ENABLED', 'not enabled'],
    ['NoSubscription', 400, '', 'CG_PRODUCT_NOT_ENABLED', 'not enabled'],
    ['Forbidden', 403, '您尚未开通安全中心', 'CG_PRODUCT_NOT_ENABLED', 'not enabled'],
    ['Forbidden.RAM', 403, 'User not authorized', 'CG_PERMISSION_DENIED', 'lacks yundun-sas:DescribeVulList'],
    ['NoPermission', 403, '', 'CG_PERMISSION_DENIED', 'lacks yundun-sas:DescribeVulList'],
    ['InternalError', 500, 'oops', 'CG_NETWORK', 'server side'],
    ['InvalidParameter', 400, 'PageSize', 'CG_INPUT', 'failed (InvalidParameter'],
  ];
  for (const [code, status, message, expected, text] of cases) {
    it(`${code} (HTTP ${status}) → ${expected}`, () => {
      const err = classifyApiError('sas', 'DescribeVulList', { status, code, message, requestId: 'R1' });
      assert.ok(err instanceof ClawguardError);
      assert.equal(err.code, expected);
      assert.ok(err.message.includes(text), err.message);
      assert.ok(err.message.includes('RequestId R1'));
      assert.ok(!err.message.includes('\n'));
    });
  }
  it('names the product-specific RAM action', () => {
    assert.match(classifyApiError('ecs', 'RunCommand', { status: 403, code: 'Forbidden.RAM', message: '' }).message, /ecs:RunCommand/);
    assert.match(classifyApiError('aisc', 'GetAIAgentPluginKey', { status: 403, code: 'NoPermission', message: '' }).message, /aisc:GetAIAgentPluginKey/);
  });
});

describe('parseEndpoint', () => {
  it('accepts URLs and bare hosts (HTTPS)', () => {
    assert.equal(parseEndpoint('http://127.0.0.1:8080').href, 'http://127.0.0.1:8080/');
    assert.equal(parseEndpoint('tds.cn-shanghai.aliyuncs.com').href, 'https://tds.cn-shanghai.aliyuncs.com/');
  });
  for (const bad of ['ftp://x', 'http://x/path', 'http://u:p@x', 'http://[bad']) {
    it(`rejects ${bad}`, () => assert.throws(() => parseEndpoint(bad), (e: unknown) => e instanceof ClawguardError && e.code === 'CG_USAGE'));
  }
});
