import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildHead, ChunkedScanner, findHeadEnd, HeadError, parseRequestHead, parseResponseHead, pathOf } from './h1-parse.js';

describe('request heads', () => {
  const valid: Array<[string, string, Partial<ReturnType<typeof parseRequestHead>>]> = [
    ['absolute-form GET', 'GET http://a.example/x?y=1 HTTP/1.1\r\nHost: a.example', { method: 'GET', target: 'http://a.example/x?y=1', minor: 1, contentLength: -1, chunked: false, close: false }],
    ['POST with Content-Length', 'POST /u HTTP/1.1\r\nHost: h\r\nContent-Length: 12', { contentLength: 12 }],
    ['a list of identical Content-Lengths', 'POST /u HTTP/1.1\r\nContent-Length: 5, 5', { contentLength: 5 }],
    ['chunked', 'POST /u HTTP/1.1\r\nTransfer-Encoding: gzip, chunked', { chunked: true }],
    ['HTTP/1.0 closes by default', 'GET / HTTP/1.0\r\nHost: h', { minor: 0, close: true }],
    ['HTTP/1.0 keep-alive', 'GET / HTTP/1.0\r\nConnection: keep-alive', { close: false }],
    ['Connection: close, and names listed there', 'GET / HTTP/1.1\r\nConnection: close, X-Trace', { close: true, connectionNames: ['close', 'x-trace'] }],
    ['an upgrade', 'GET / HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket', { upgrade: true }],
    ['Upgrade without Connection: upgrade is not one', 'GET / HTTP/1.1\r\nUpgrade: websocket', { upgrade: false }],
    ['Expect: 100-continue', 'PUT /f HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 3', { expectContinue: true }],
    ['CONNECT', 'CONNECT a.example:443 HTTP/1.1\r\nHost: a.example:443', { method: 'CONNECT', target: 'a.example:443' }],
    ['values trimmed, types kept', 'POST / HTTP/1.1\r\nContent-Type:  application/json \r\nContent-Encoding: gzip', { contentType: 'application/json', contentEncoding: 'gzip' }],
  ];
  for (const [name, text, want] of valid) {
    it(`parses ${name}`, () => {
      const h = parseRequestHead(text);
      for (const [k, v] of Object.entries(want)) assert.deepEqual(h[k as keyof typeof h], v, k);
    });
  }
  const invalid: Array<[string, string, number]> = [
    ['not HTTP at all', 'THIS IS NOT HTTP', 400],
    ['a missing version', 'GET /', 400],
    ['HTTP/2 in an HTTP/1 head', 'GET / HTTP/2.0', 501],
    ['a space in the method', 'G T / HTTP/1.1', 400],
    ['both Content-Length and Transfer-Encoding (smuggling)', 'POST / HTTP/1.1\r\nContent-Length: 4\r\nTransfer-Encoding: chunked', 400],
    ['conflicting Content-Lengths', 'POST / HTTP/1.1\r\nContent-Length: 4\r\nContent-Length: 5', 400],
    ['a negative Content-Length', 'POST / HTTP/1.1\r\nContent-Length: -1', 400],
    ['a Content-Length list that differs', 'POST / HTTP/1.1\r\nContent-Length: 4, 5', 400],
    ['chunked not last', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip', 501],
    ['obsolete line folding', 'GET / HTTP/1.1\r\nX-A: 1\r\n  folded', 400],
    ['a space before the colon', 'GET / HTTP/1.1\r\nHost : h', 400],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost', 400],
    ['a bare LF inside a value', 'GET / HTTP/1.1\r\nX-A: 1\nX-B: 2', 400],
    ['a NUL in a value', 'GET / HTTP/1.1\r\nX-A: a\u0000b', 400],
    ['Transfer-Encoding on HTTP/1.0', 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked', 400],
  ];
  for (const [name, text, status] of invalid) {
    it(`refuses ${name} (${status})`, () => {
      assert.throws(() => parseRequestHead(text), (e: unknown) => e instanceof HeadError && e.status === status);
    });
  }
});

describe('response heads', () => {
  it('parses status, framing and hop-by-hop names', () => {
    const h = parseResponseHead('HTTP/1.1 200 OK\r\nContent-Length: 13\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5');
    assert.equal(h.status, 200);
    assert.equal(h.reason, 'OK');
    assert.equal(h.contentLength, 13);
    assert.equal(h.close, false);
  });
  it('lets Transfer-Encoding override Content-Length, and frames unknown codings by close', () => {
    assert.equal(parseResponseHead('HTTP/1.1 200 OK\r\nContent-Length: 5\r\nTransfer-Encoding: chunked').contentLength, -1);
    const other = parseResponseHead('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip');
    assert.equal(other.chunked, false);
    assert.equal(other.otherEncoding, true);
  });
  it('accepts a missing reason phrase and refuses garbage status lines', () => {
    assert.equal(parseResponseHead('HTTP/1.1 204').status, 204);
    for (const bad of ['HTTP/1.1 20 OK', 'HTTP/2 200 OK', 'ICY 200 OK', 'HTTP/1.1 2000 OK']) {
      assert.throws(() => parseResponseHead(bad), (e: unknown) => e instanceof HeadError && e.status === 502, bad);
    }
  });
});

describe('head rewriting', () => {
  it('drops hop-by-hop headers and those named in Connection, keeps Transfer-Encoding, adds extra lines', () => {
    const h = parseRequestHead('POST http://a/x HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, X-Hop\r\nX-Hop: 1\r\nKeep-Alive: 5\r\nProxy-Authorization: Basic eA==\r\nTransfer-Encoding: chunked\r\nExpect: 100-continue\r\nX-Keep: 2');
    assert.equal(buildHead('POST /x HTTP/1.1', h, 'Connection: close\r\n'), 'POST /x HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nX-Keep: 2\r\nConnection: close\r\n\r\n');
  });
  it('finds the end of a head and the origin-form path', () => {
    assert.equal(findHeadEnd(Buffer.from('GET / HTTP/1.1\r\n\r\nbody'), 0), 18);
    assert.equal(findHeadEnd(Buffer.from('GET / HTTP/1.1\r\n'), 0), -1);
    assert.equal(pathOf('http://a.example:8080/p?q=1'), '/p?q=1');
    assert.equal(pathOf('http://a.example'), '/');
    assert.equal(pathOf('/already'), '/already');
  });
});

describe('chunked framing', () => {
  const body = '5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: t\r\n\r\n';
  for (const piece of [1, 2, 5, body.length]) {
    it(`finds the end and the data, fed ${piece} byte(s) at a time`, () => {
      const c = new ChunkedScanner();
      const buf = Buffer.from(`${body}NEXT`);
      let data = '';
      let end = -1;
      for (let i = 0; i < buf.length && end < 0; i += piece) {
        const part = buf.subarray(i, Math.min(buf.length, i + piece));
        const at = c.feed(part, 0, (d) => (data += d.toString()));
        if (at >= 0) end = i + at;
      }
      assert.equal(data, 'hello world');
      assert.equal(end, body.length);
      assert.equal(c.done, true);
    });
  }
  const bad: Array<[string, string]> = [
    ['a non-hex size', 'zz\r\n'],
    ['data longer than its size', '2\r\nabc\r\n'],
    ['a bare LF after the size', '2\nab'],
    ['a size of 17 hex digits', `${'1'.repeat(17)}\r\n`],
  ];
  for (const [name, text] of bad) {
    it(`refuses ${name}`, () => assert.throws(() => new ChunkedScanner().feed(Buffer.from(text), 0, null), HeadError));
  }
  it('bounds trailers', () => {
    assert.throws(() => new ChunkedScanner(64).feed(Buffer.from(`0\r\nX: ${'a'.repeat(100)}\r\n\r\n`), 0, null), HeadError);
  });
});
