// A small, strict HTTP/1.1 message-head parser and chunked-framing scanner for the proxy's hot path.
// Strict on purpose: anything ambiguous between two parsers (both Content-Length and Transfer-Encoding,
// differing Content-Lengths, obs-fold, bare LF, bytes outside a token in a name) is refused, so a
// request cannot mean one thing to the monitor and another to the upstream (request smuggling).

/** Why a head was refused: the status the proxy answers with and a one-line reason. */
export class HeadError extends Error {
  constructor(readonly status: 400 | 501 | 502, message: string) {
    super(message);
    this.name = 'HeadError';
  }
}

/** What the proxy needs from a request or response head. */
export interface ParsedHead {
  /** Request: method; response: '' */
  method: string;
  /** Request: request target as sent; response: '' */
  target: string;
  /** Response: status code; request: 0. */
  status: number;
  /** Response: reason phrase. */
  reason: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  minor: number;
  /** Header names and values, in order, as sent (values trimmed). */
  rawHeaders: string[];
  /** Content-Length, or -1 when absent. */
  contentLength: number;
  /** Transfer-Encoding ends in chunked. */
  chunked: boolean;
  /** Transfer-Encoding present but not ending in chunked (a response is then framed by close). */
  otherEncoding: boolean;
  /** Connection: close (or HTTP/1.0 without keep-alive). */
  close: boolean;
  /** Upgrade header present (with Connection: upgrade). */
  upgrade: boolean;
  /** Expect: 100-continue. */
  expectContinue: boolean;
  /** Lower-cased names listed in Connection (hop-by-hop for this message). */
  connectionNames: string[] | null;
  contentType: string | undefined;
  contentEncoding: string | undefined;
}

/** RFC 9110 token characters. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

function isToken(s: string): boolean {
  return TOKEN.test(s);
}

/** Header values may hold visible characters, spaces, tabs and obs-text; never CR, LF, NUL or other controls. */
const BAD_VALUE = /[\x00-\x08\x0a-\x1f\x7f]/;

function badValue(s: string): boolean {
  return BAD_VALUE.test(s);
}

/** Offset just past the blank line ending a head in `buf` (searching from `from`), or -1. */
export function findHeadEnd(buf: Buffer, from: number): number {
  const i = buf.indexOf('\r\n\r\n', from < 0 ? 0 : from, 'latin1');
  return i < 0 ? -1 : i + 4;
}

const HOP_BY_HOP = new Set(['connection', 'proxy-connection', 'keep-alive', 'proxy-authorization', 'proxy-authenticate', 'te', 'upgrade']);

/**
 * Parses a request head (`text` = the head without its final blank line, latin1-decoded). Throws
 * HeadError. Absolute-form, origin-form, authority-form (CONNECT) and `*` targets are accepted here;
 * the proxy decides what to do with each.
 */
export function parseRequestHead(text: string): ParsedHead {
  const lineEnd = text.indexOf('\r\n');
  const first = lineEnd < 0 ? text : text.slice(0, lineEnd);
  const sp1 = first.indexOf(' ');
  const sp2 = sp1 < 0 ? -1 : first.indexOf(' ', sp1 + 1);
  if (sp1 <= 0 || sp2 < 0 || first.indexOf(' ', sp2 + 1) >= 0) throw new HeadError(400, 'malformed request line');
  const method = first.slice(0, sp1);
  const target = first.slice(sp1 + 1, sp2);
  const version = first.slice(sp2 + 1);
  if (!isToken(method)) throw new HeadError(400, 'malformed method');
  if (target.length === 0 || badValue(target) || target.includes(' ') || target.includes('\t')) throw new HeadError(400, 'malformed request target');
  const minor = version === 'HTTP/1.1' ? 1 : version === 'HTTP/1.0' ? 0 : -1;
  if (minor < 0) throw new HeadError(version.startsWith('HTTP/') ? 501 : 400, `unsupported protocol version ${JSON.stringify(version.slice(0, 16))}`);
  const head = emptyHead(method, target, 0, '', minor);
  parseFields(text, lineEnd < 0 ? text.length : lineEnd + 2, head, true);
  return head;
}

/** Parses a response head; throws HeadError(502) on anything a strict client would refuse. */
export function parseResponseHead(text: string): ParsedHead {
  const lineEnd = text.indexOf('\r\n');
  const first = lineEnd < 0 ? text : text.slice(0, lineEnd);
  // HTTP/1.x SP 3DIGIT SP reason (the space after the code may be missing in old servers).
  if (first.length < 12 || !first.startsWith('HTTP/1.') || first.charCodeAt(8) !== 0x20) throw new HeadError(502, 'malformed status line from the upstream');
  const minorCh = first.charCodeAt(7);
  const minor = minorCh === 0x31 ? 1 : minorCh === 0x30 ? 0 : -1;
  const status = Number(first.slice(9, 12));
  if (minor < 0 || !Number.isInteger(status) || status < 100 || status > 999 || (first.length > 12 && first.charCodeAt(12) !== 0x20)) {
    throw new HeadError(502, 'malformed status line from the upstream');
  }
  const reason = first.length > 13 ? first.slice(13) : '';
  if (badValue(reason)) throw new HeadError(502, 'malformed status line from the upstream');
  const head = emptyHead('', '', status, reason, minor);
  parseFields(text, lineEnd < 0 ? text.length : lineEnd + 2, head, false);
  return head;
}

function emptyHead(method: string, target: string, status: number, reason: string, minor: number): ParsedHead {
  return {
    method,
    target,
    status,
    reason,
    minor,
    rawHeaders: [],
    contentLength: -1,
    chunked: false,
    otherEncoding: false,
    close: minor === 0,
    upgrade: false,
    expectContinue: false,
    connectionNames: null,
    contentType: undefined,
    contentEncoding: undefined,
  };
}

function parseFields(text: string, start: number, head: ParsedHead, isRequest: boolean): void {
  const code = isRequest ? 400 : 502;
  let pos = start;
  let hasTe = false;
  let upgradeHeader = false;
  let connUpgrade = false;
  while (pos < text.length) {
    let end = text.indexOf('\r\n', pos);
    if (end < 0) end = text.length;
    if (end === pos) break;
    const c0 = text.charCodeAt(pos);
    if (c0 === 0x20 || c0 === 0x09) throw new HeadError(code, 'obsolete line folding in a header');
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon >= end) throw new HeadError(code, 'malformed header line');
    const name = text.slice(pos, colon);
    if (!isToken(name)) throw new HeadError(code, 'malformed header name');
    const value = text.slice(colon + 1, end).trim();
    if (badValue(value)) throw new HeadError(code, `malformed value in header ${name.slice(0, 40)}`);
    head.rawHeaders.push(name, value);
    pos = end + 2;
    // Only a few headers matter for framing; compare lengths first to skip most names cheaply.
    switch (name.length) {
      case 14:
        if (name.toLowerCase() === 'content-length') {
          if (!/^\d{1,15}$/.test(value)) {
            // `5, 5` (a list of identical values) is tolerated by RFC 9110 §8.6; anything else is not.
            const parts = value.split(',').map((s) => s.trim());
            if (!parts.every((p) => /^\d{1,15}$/.test(p) && p === parts[0])) throw new HeadError(code, 'invalid Content-Length');
          }
          const n = Number.parseInt(value, 10);
          if (head.contentLength >= 0 && head.contentLength !== n) throw new HeadError(code, 'conflicting Content-Length headers');
          head.contentLength = n;
        }
        break;
      case 17:
        if (name.toLowerCase() === 'transfer-encoding') {
          hasTe = true;
          const codings = value.toLowerCase().split(',').map((s) => s.trim()).filter(Boolean);
          const last = codings[codings.length - 1];
          if (last === 'chunked' && codings.indexOf('chunked') === codings.length - 1) head.chunked = true;
          else {
            head.chunked = false;
            head.otherEncoding = true;
          }
        }
        break;
      case 10:
        if (name.toLowerCase() === 'connection') {
          for (const raw of value.split(',')) {
            const t = raw.trim().toLowerCase();
            if (t === '') continue;
            if (t === 'close') head.close = true;
            else if (t === 'keep-alive') {
              if (head.minor === 0) head.close = false;
            } else if (t === 'upgrade') connUpgrade = true;
            (head.connectionNames ??= []).push(t);
          }
        }
        break;
      case 7:
        if (name.toLowerCase() === 'upgrade') upgradeHeader = true;
        break;
      case 6:
        if (isRequest && name.toLowerCase() === 'expect' && value.toLowerCase() === '100-continue') head.expectContinue = true;
        break;
      case 12:
        if (name.toLowerCase() === 'content-type') head.contentType = value;
        break;
      case 16:
        if (name.toLowerCase() === 'content-encoding') head.contentEncoding = value;
        break;
      default:
        break;
    }
  }
  head.upgrade = upgradeHeader && connUpgrade;
  if (isRequest) {
    if (hasTe && head.contentLength >= 0) throw new HeadError(400, 'both Transfer-Encoding and Content-Length (refused: request smuggling risk)');
    if (head.otherEncoding) throw new HeadError(501, 'unsupported Transfer-Encoding (only chunked is accepted on requests)');
    if (hasTe && head.minor === 0) throw new HeadError(400, 'Transfer-Encoding in an HTTP/1.0 request');
  } else if (hasTe) {
    // RFC 9112 §6.3: Transfer-Encoding overrides Content-Length on a response.
    head.contentLength = -1;
  }
}

/**
 * Builds the head sent on: `firstLine`, then the headers minus hop-by-hop ones (and those named in
 * Connection), then `extra` lines. Transfer-Encoding is kept: bodies pass through with their framing.
 */
export function buildHead(firstLine: string, head: ParsedHead, extra: string): string {
  let out = `${firstLine}\r\n`;
  const raw = head.rawHeaders;
  const named = head.connectionNames;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i] as string;
    // Hop-by-hop names are 2..19 chars and most headers are not hop-by-hop: one lower-case per header.
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower) || (named !== null && named.includes(lower))) continue;
    if (lower === 'expect' && head.expectContinue) continue;
    out += `${name}: ${raw[i + 1] as string}\r\n`;
  }
  return `${out}${extra}\r\n`;
}

/** Origin-form path of an absolute-form or origin-form request target. */
export function pathOf(url: string): string {
  if (url.charCodeAt(0) === 0x2f) return url;
  const m = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(url);
  const rest = m ? url.slice(m[0].length) : url;
  return rest.startsWith('/') ? rest : `/${rest}`;
}

const enum C {
  Size,
  Ext,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  TrailerStart,
  Trailer,
  TrailerLf,
  FinalLf,
  Done,
}

/**
 * Finds the end of a chunked body as bytes flow past, reporting each chunk's data (for scanning) but
 * never changing the bytes: the caller forwards them as they came. Bounded: size lines of at most
 * 16 hex digits plus extensions up to 4 KB, trailers up to `maxTrailerBytes`.
 */
export class ChunkedScanner {
  private state = C.Size;
  private size = 0;
  private digits = 0;
  private lineBytes = 0;
  private trailerBytes = 0;

  constructor(private readonly maxTrailerBytes = 32 * 1024) {}

  get done(): boolean {
    return this.state === C.Done;
  }

  /**
   * Consumes `buf` from `start`; returns the offset just past the body's last byte when it ends inside
   * `buf`, else -1 (all of `buf` belongs to the body). Data slices go to `onData`. Throws on bad framing.
   */
  feed(buf: Buffer, start: number, onData: ((data: Buffer) => void) | null): number {
    let i = start;
    const n = buf.length;
    while (i < n) {
      switch (this.state) {
        case C.Data: {
          const take = Math.min(this.size, n - i);
          if (onData !== null) onData(buf.subarray(i, i + take));
          i += take;
          this.size -= take;
          if (this.size === 0) this.state = C.DataCr;
          break;
        }
        case C.Size: {
          const c = buf[i++] as number;
          const v = hexValue(c);
          if (v >= 0) {
            if (++this.digits > 16) throw new HeadError(400, 'chunk size too long');
            this.size = this.size * 16 + v;
            if (this.size > Number.MAX_SAFE_INTEGER) throw new HeadError(400, 'chunk size too large');
          } else if (this.digits > 0 && (c === 0x3b || c === 0x20 || c === 0x09)) {
            this.state = C.Ext;
            this.lineBytes = 0;
          } else if (this.digits > 0 && c === 0x0d) this.state = C.SizeLf;
          else throw new HeadError(400, 'malformed chunk size');
          break;
        }
        case C.Ext: {
          const c = buf[i++] as number;
          if (c === 0x0d) this.state = C.SizeLf;
          else if (c === 0x0a || ++this.lineBytes > 4096) throw new HeadError(400, 'malformed chunk extension');
          break;
        }
        case C.SizeLf: {
          if (buf[i++] !== 0x0a) throw new HeadError(400, 'malformed chunk size line');
          this.digits = 0;
          if (this.size === 0) this.state = C.TrailerStart;
          else this.state = C.Data;
          break;
        }
        case C.DataCr:
          if (buf[i++] !== 0x0d) throw new HeadError(400, 'chunk data longer than its size');
          this.state = C.DataLf;
          break;
        case C.DataLf:
          if (buf[i++] !== 0x0a) throw new HeadError(400, 'chunk data longer than its size');
          this.state = C.Size;
          break;
        case C.TrailerStart: {
          const c = buf[i++] as number;
          if (c === 0x0d) this.state = C.FinalLf;
          else {
            this.state = C.Trailer;
            this.trailerBytes++;
          }
          break;
        }
        case C.Trailer: {
          const c = buf[i++] as number;
          if (++this.trailerBytes > this.maxTrailerBytes) throw new HeadError(400, 'chunked trailers too large');
          if (c === 0x0d) this.state = C.TrailerLf;
          break;
        }
        case C.TrailerLf:
          if (buf[i++] !== 0x0a) throw new HeadError(400, 'malformed chunked trailer');
          this.state = C.TrailerStart;
          break;
        case C.FinalLf:
          if (buf[i++] !== 0x0a) throw new HeadError(400, 'malformed end of chunked body');
          this.state = C.Done;
          return i;
        case C.Done:
          return i;
      }
    }
    return this.state === C.Done ? i : -1;
  }
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  return -1;
}
