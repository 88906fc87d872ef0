import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { WsFrameTap } from './ws-tap.js';

/** Builds one frame (RFC 6455 §5.2). */
function frame(opcode: number, payload: Buffer, opts: { fin?: boolean; mask?: boolean; rsv1?: boolean } = {}): Buffer {
  const fin = opts.fin ?? true;
  const len = payload.length;
  const head: number[] = [(fin ? 0x80 : 0) | (opts.rsv1 ? 0x40 : 0) | opcode];
  const maskBit = opts.mask ? 0x80 : 0;
  if (len < 126) head.push(maskBit | len);
  else if (len < 65536) head.push(maskBit | 126, len >> 8, len & 0xff);
  else {
    head.push(maskBit | 127, 0, 0, 0, 0);
    head.push((len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff);
  }
  let body = payload;
  if (opts.mask) {
    const key = Buffer.from([0x12, 0x34, 0x56, 0x78]);
    head.push(...key);
    body = Buffer.from(payload.map((b, i) => b ^ (key[i & 3] ?? 0)));
  }
  return Buffer.concat([Buffer.from(head), body]);
}

function collect(maxBytes = 1 << 20): { tap: WsFrameTap; messages: string[] } {
  const messages: string[] = [];
  let cur: Buffer[] = [];
  const tap = new WsFrameTap({ start: () => (cur = []), data: (c) => cur.push(c), end: () => messages.push(Buffer.concat(cur).toString()) }, maxBytes);
  return { tap, messages };
}

/** Feeds `bytes` in pieces of `size` bytes (1 = byte by byte). */
function feed(tap: WsFrameTap, bytes: Buffer, size: number): void {
  for (let i = 0; i < bytes.length; i += size) tap.push(bytes.subarray(i, i + size));
}

describe('WebSocket frame tap', () => {
  const stream = Buffer.concat([
    frame(0x1, Buffer.from('hello'), { mask: true }),
    frame(0x9, Buffer.from('ping'), { mask: true }), // control frame: not a message
    frame(0x1, Buffer.from('frag-'), { fin: false, mask: true }),
    frame(0x9, Buffer.alloc(0)), // control interleaved inside a fragmented message
    frame(0x0, Buffer.from('mented'), { mask: true }),
    frame(0x2, Buffer.alloc(70_000, 0x41)), // 64-bit length, unmasked (server side)
    frame(0x1, Buffer.from('x'.repeat(300))), // 16-bit length
  ]);
  for (const size of [1, 7, 4096, stream.length]) {
    it(`reassembles masked, fragmented and long messages fed ${size} byte(s) at a time`, () => {
      const { tap, messages } = collect();
      feed(tap, stream, size);
      assert.deepEqual(messages.map((m) => m.slice(0, 12)), ['hello', 'frag-mented', 'AAAAAAAAAAAA', 'xxxxxxxxxxxx']);
      assert.equal(messages[2]?.length, 70_000);
      assert.equal(tap.broken, false);
    });
  }

  it('bounds the bytes delivered per message', () => {
    const { tap, messages } = collect(10);
    tap.push(frame(0x1, Buffer.from('0123456789abcdef'), { mask: true }));
    assert.deepEqual(messages, ['0123456789']);
  });

  it('inflates permessage-deflate messages with context takeover', async () => {
    const { tap, messages } = collect();
    const compress = (s: string): Buffer => {
      const d = deflateRawSync(Buffer.from(s), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
      return d.subarray(0, d.length - 4); // strip 00 00 ff ff (RFC 7692 §7.2.1)
    };
    tap.push(frame(0x1, compress('compressed secret here'), { rsv1: true, mask: true }));
    tap.push(frame(0x1, compress('second one'), { rsv1: true }));
    for (let i = 0; i < 100 && messages.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual(messages, ['compressed secret here', 'second one']);
    tap.close();
  });

  it('stops on a reserved opcode instead of misreading the stream', () => {
    const { tap } = collect();
    tap.push(Buffer.from([0x83, 0x00]));
    assert.equal(tap.broken, true);
  });
});
