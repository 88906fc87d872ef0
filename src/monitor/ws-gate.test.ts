import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { closeFrame, WsGate } from './ws-gate.js';

// Realistic-looking secret, assembled at runtime so this file holds no literal key.
const KEY = ['sk-ant-api03-', 'Xq7vR2mK9pL4wZ8nB3cF6hJ1tY5uE0aD'.repeat(3).slice(0, 93), 'AA'].join('');

interface FrameOpts {
  fin?: boolean;
  mask?: boolean;
  rsv1?: boolean;
}

/** One WebSocket frame as a client sends it (masked by default). */
function frame(opcode: number, payload: Buffer | string, o: FrameOpts = {}): Buffer {
  const data = Buffer.from(payload);
  const mask = o.mask === false ? null : randomBytes(4);
  const len = data.length;
  const head = [((o.fin ?? true) ? 0x80 : 0) | (o.rsv1 ? 0x40 : 0) | opcode];
  const maskBit = mask ? 0x80 : 0;
  let ext = Buffer.alloc(0);
  if (len < 126) head.push(maskBit | len);
  else if (len < 65536) {
    head.push(maskBit | 126);
    ext = Buffer.alloc(2);
    ext.writeUInt16BE(len);
  } else {
    head.push(maskBit | 127);
    ext = Buffer.alloc(8);
    ext.writeBigUInt64BE(BigInt(len));
  }
  const body = Buffer.from(data);
  if (mask) for (let i = 0; i < body.length; i++) body[i] = (body[i] as number) ^ (mask[i & 3] as number);
  return Buffer.concat([Buffer.from(head), ext, mask ?? Buffer.alloc(0), body]);
}

/** A permessage-deflate message body: raw deflate without the trailing 00 00 ff ff. */
function deflated(text: string): Buffer {
  const z = deflateRawSync(Buffer.from(text), { finishFlush: 2 /* Z_SYNC_FLUSH */ });
  return z.subarray(0, z.length - 4);
}

interface Run {
  forwarded: Buffer;
  refused: boolean;
  judged: string[];
}

/** Feeds `input` to a gate in pieces of `piece` bytes (0: all at once) and waits for async verdicts. */
async function run(input: Buffer, piece = 0, maxBytes = 1024): Promise<Run> {
  const out: Buffer[] = [];
  const judged: string[] = [];
  let refused = false;
  const gate = new WsGate(
    {
      verdict: (p) => {
        judged.push(p.toString('utf8'));
        return p.includes(KEY.slice(0, 40));
      },
      forward: (b) => {
        out.push(Buffer.from(b));
        return true;
      },
      refuse: () => (refused = true),
      pause: () => undefined,
      resume: () => undefined,
    },
    maxBytes,
  );
  if (piece === 0) gate.push(input);
  else for (let i = 0; i < input.length; i += piece) gate.push(input.subarray(i, i + piece));
  // Compressed messages are judged after an asynchronous inflate: let those settle.
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 5));
  gate.close();
  return { forwarded: Buffer.concat(out), refused, judged };
}

describe('WsGate (enforce mode, client → server)', () => {
  const clean = frame(0x1, 'hello there');
  const ping = frame(0x9, 'p');
  const cases: Array<{ name: string; input: Buffer; pieces: number[]; forwarded: Buffer; refused: boolean }> = [
    { name: 'a clean masked text message passes unchanged', input: clean, pieces: [0, 1, 3], forwarded: clean, refused: false },
    { name: 'an unmasked binary message passes unchanged', input: frame(0x2, Buffer.from([1, 2, 3]), { mask: false }), pieces: [0, 1], forwarded: frame(0x2, Buffer.from([1, 2, 3]), { mask: false }), refused: false },
    {
      name: 'a message carrying a key is refused; the message before it was forwarded',
      input: Buffer.concat([clean, frame(0x1, `key ${KEY}`)]),
      pieces: [0, 1, 7],
      forwarded: clean,
      refused: true,
    },
    {
      name: 'a key split across fragments (a ping between them) is refused; the ping went through at once',
      input: Buffer.concat([frame(0x1, `my key ${KEY.slice(0, 10)}`, { fin: false }), ping, frame(0x0, KEY.slice(10))]),
      pieces: [0, 2],
      forwarded: ping,
      refused: true,
    },
  ];
  for (const c of cases) {
    for (const piece of c.pieces) {
      it(`${c.name} (fed ${piece === 0 ? 'whole' : `${piece} byte(s) at a time`})`, async () => {
        const r = await run(c.input, piece);
        assert.equal(r.refused, c.refused);
        assert.deepEqual(r.forwarded, c.forwarded);
      });
    }
  }

  it('judges a message longer than max bytes on its first bytes, then relays the rest unchanged', async () => {
    const big = 'a'.repeat(5000);
    const input = Buffer.concat([frame(0x1, big.slice(0, 3000), { fin: false }), frame(0x0, big.slice(3000)), clean]);
    for (const piece of [0, 500, 4093]) {
      const r = await run(input, piece, 1024);
      assert.equal(r.refused, false);
      assert.deepEqual(r.forwarded, input);
      assert.ok((r.judged[0] ?? '').length <= 1024 + 4096, 'judged on a bounded prefix');
    }
    const secretLate = Buffer.concat([frame(0x1, `${'b'.repeat(2000)} ${KEY}`)]);
    assert.equal((await run(secretLate, 0, 1024)).refused, false, 'beyond max_scan_bytes nothing is scanned, as for HTTP bodies');
  });

  it('decodes permessage-deflate messages (context kept across messages) before judging them', async () => {
    const a = frame(0x1, deflated('first message, clean'), { rsv1: true });
    const r = await run(a);
    assert.equal(r.refused, false);
    assert.deepEqual(r.forwarded, a);
    assert.deepEqual(r.judged, ['first message, clean']);
    const bad = frame(0x1, deflated(`leaked ${KEY}`), { rsv1: true });
    const r2 = await run(Buffer.concat([a, bad]), 5);
    assert.equal(r2.refused, true);
    assert.deepEqual(r2.forwarded, a);
  });

  it('refuses what it cannot parse as WebSocket (reserved opcode, stray continuation)', async () => {
    assert.equal((await run(frame(0x3, 'x'))).refused, true);
    assert.equal((await run(frame(0x0, 'x'))).refused, true);
  });

  it('builds a close frame with code and reason', () => {
    const f = closeFrame(1008, 'no');
    assert.deepEqual([...f], [0x88, 4, 0x03, 0xf0, 0x6e, 0x6f]);
  });
});
