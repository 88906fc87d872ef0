// Enforce mode for WebSocket: holds each client message (all its frames) until it was scanned, then
// forwards the frames unchanged or refuses the message. RFC 6455 §5; permessage-deflate per RFC 7692.
import * as zlib from 'node:zlib';

export interface WsGateHooks {
  /** Scans a message's (decoded) payload; true when the message must not be forwarded. */
  verdict(payload: Buffer): boolean;
  /** Forwards bytes to the peer; false asks the source to pause (backpressure). */
  forward(bytes: Buffer): boolean;
  /** A message was refused: the gate stops; the caller closes both sides. */
  refuse(): void;
  /** Stop / restart reading the source (while a compressed message is being decoded). */
  pause(): void;
  resume(): void;
}

const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

const enum Mode {
  /** Frames of the current message are held until the verdict. */
  Hold,
  /** The message was judged on its first max bytes: the rest of it passes. */
  Pass,
}

/**
 * One direction (client → server) of a WebSocket connection in enforce mode. Control frames (ping,
 * pong, close) are forwarded at once, even between the fragments of a held message. A message is
 * judged when its last frame arrived or when `maxBytes` of its payload were held, whichever is first;
 * a message longer than that is judged on its first `maxBytes` and the rest is relayed as it comes.
 */
export class WsGate {
  private buf: Buffer | null = null;
  private mode = Mode.Hold;
  private inMessage = false;
  private compressed = false;
  /** Raw frames of the message being held. */
  private held: Buffer[] = [];
  /** Unmasked payload of the held message (compressed bytes when compressed), at most maxBytes. */
  private payload: Buffer[] = [];
  private payloadBytes = 0;
  private deciding = false;
  private stopped = false;
  private inflater: zlib.InflateRaw | null = null;
  private inflated: Buffer[] = [];
  private inflatedBytes = 0;
  /** Frame being relayed in Pass mode: payload bytes left, and its mask state. */
  private passLeft = 0;
  private passMask: Buffer | null = null;
  private passMaskPos = 0;

  constructor(private readonly hooks: WsGateHooks, private readonly maxBytes: number) {}

  /** Bytes from the client. */
  push(chunk: Buffer): void {
    if (this.stopped) return;
    this.buf = this.buf === null || this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    this.run();
  }

  close(): void {
    this.stopped = true;
    this.inflater?.destroy();
    this.inflater = null;
  }

  private run(): void {
    while (!this.stopped && !this.deciding && this.buf !== null && this.buf.length > 0) {
      const buf: Buffer = this.buf;
      if (this.passLeft > 0) {
        // The tail of a frame of an oversized message already judged clean: relay as it comes.
        const take = Math.min(this.passLeft, buf.length);
        const part = buf.subarray(0, take);
        this.passLeft -= take;
        this.buf = take === buf.length ? null : buf.subarray(take);
        if (this.compressed) this.inflate(this.unmasked(part));
        if (!this.hooks.forward(part)) this.hooks.pause();
        if (this.passLeft === 0 && this.passFin) this.messageEnded();
        continue;
      }
      if (buf.length < 2) return;
      const b0 = buf[0] as number;
      const b1 = buf[1] as number;
      const len7 = b1 & 0x7f;
      const masked = (b1 & 0x80) !== 0;
      const headLen = 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (masked ? 4 : 0);
      if (buf.length < headLen) return;
      let len = len7;
      if (len7 === 126) len = buf.readUInt16BE(2);
      else if (len7 === 127) {
        const big = buf.readBigUInt64BE(2);
        if (big > BigInt(Number.MAX_SAFE_INTEGER)) return this.refuse();
        len = Number(big);
      }
      const mask = masked ? buf.subarray(headLen - 4, headLen) : null;
      const opcode = b0 & 0x0f;
      const fin = (b0 & 0x80) !== 0;
      if (opcode >= 0x8) {
        // Control frame (≤125 bytes): forwarded whole, at once.
        if (buf.length < headLen + len) return;
        this.buf = buf.length === headLen + len ? null : buf.subarray(headLen + len);
        if (!this.hooks.forward(Buffer.from(buf.subarray(0, headLen + len)))) this.hooks.pause();
        continue;
      }
      const isStart = opcode === 0x1 || opcode === 0x2;
      // A new message inside a fragmented one, a stray continuation or a reserved opcode: not WebSocket.
      if (isStart ? this.inMessage : opcode !== 0x0 || !this.inMessage) return this.refuse();
      if (!isStart && this.mode === Mode.Pass) {
        // Relay this frame's header now and its payload as it comes.
        this.buf = buf.length === headLen ? null : buf.subarray(headLen);
        if (!this.hooks.forward(Buffer.from(buf.subarray(0, headLen)))) this.hooks.pause();
        this.passLeft = len;
        this.passFin = fin;
        this.passMask = mask ? Buffer.from(mask) : null;
        this.passMaskPos = 0;
        if (len === 0 && fin) this.messageEnded();
        continue;
      }
      // Hold mode: wait for the whole frame unless the message is already at the scan limit.
      const room = this.maxBytes - this.payloadBytes;
      if (buf.length < headLen + len && buf.length - headLen < room) return;
      if (isStart) {
        this.inMessage = true;
        this.mode = Mode.Hold;
        this.compressed = (b0 & 0x40) !== 0;
        if (this.compressed && !this.inflater) this.startInflater();
      }
      const take = Math.min(len, buf.length - headLen);
      if (take < len) {
        // A frame larger than what may be held: judge the message on its first bytes, then relay.
        const part = buf.subarray(0, headLen + take);
        this.held.push(Buffer.from(part));
        this.addPayload(buf.subarray(headLen, headLen + take), mask, 0);
        this.buf = take === buf.length - headLen ? null : buf.subarray(headLen + take);
        this.passLeft = len - take;
        this.passFin = fin;
        this.passMask = mask ? Buffer.from(mask) : null;
        this.passMaskPos = take & 3;
        this.judge(false);
        continue;
      }
      const frame = buf.subarray(0, headLen + len);
      this.buf = buf.length === headLen + len ? null : buf.subarray(headLen + len);
      this.held.push(Buffer.from(frame));
      this.addPayload(frame.subarray(headLen), mask, 0);
      if (fin) this.judge(true);
      else if (this.payloadBytes >= this.maxBytes) this.judge(false);
    }
  }

  private passFin = false;

  private addPayload(raw: Buffer, mask: Buffer | null, pos: number): void {
    const room = this.maxBytes - this.payloadBytes;
    if (room <= 0 && !this.compressed) return;
    const copy = Buffer.from(this.compressed ? raw : raw.subarray(0, room));
    if (mask) for (let i = 0; i < copy.length; i++) copy[i] = (copy[i] as number) ^ (mask[(pos + i) & 3] as number);
    this.payload.push(copy);
    this.payloadBytes += copy.length;
  }

  private unmasked(part: Buffer): Buffer {
    const mask = this.passMask;
    const copy = Buffer.from(part);
    if (mask) {
      for (let i = 0; i < copy.length; i++) copy[i] = (copy[i] as number) ^ (mask[(this.passMaskPos + i) & 3] as number);
      this.passMaskPos = (this.passMaskPos + copy.length) & 3;
    }
    return copy;
  }

  /** Judges the held message (`complete`: its last frame is in). */
  private judge(complete: boolean): void {
    const payload = Buffer.concat(this.payload);
    this.payload = [];
    this.payloadBytes = 0;
    if (!this.compressed) return this.verdict(payload, complete);
    // permessage-deflate with context takeover: one inflater per direction, fed every message in order.
    const z = this.inflater;
    if (!z) return this.verdict(Buffer.alloc(0), complete);
    this.deciding = true;
    this.hooks.pause();
    this.inflated = [];
    this.inflatedBytes = 0;
    z.write(payload);
    if (complete) z.write(DEFLATE_TAIL);
    z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      const text = Buffer.concat(this.inflated);
      this.inflated = [];
      this.deciding = false;
      this.verdict(text, complete);
      if (!this.stopped) {
        this.hooks.resume();
        this.run();
      }
    });
  }

  private verdict(payload: Buffer, complete: boolean): void {
    if (this.stopped) return;
    if (this.hooks.verdict(payload)) return this.refuse();
    const held = this.held;
    this.held = [];
    if (held.length > 0 && !this.hooks.forward(held.length === 1 ? (held[0] as Buffer) : Buffer.concat(held))) this.hooks.pause();
    if (complete) this.messageEnded();
    else this.mode = Mode.Pass;
  }

  private messageEnded(): void {
    if (this.compressed && this.mode === Mode.Pass) this.inflater?.write(DEFLATE_TAIL);
    this.inMessage = false;
    this.mode = Mode.Hold;
    this.passFin = false;
  }

  private inflate(bytes: Buffer): void {
    this.inflater?.write(bytes);
  }

  private startInflater(): void {
    const z = zlib.createInflateRaw();
    z.on('data', (d: Buffer) => {
      if (this.inflatedBytes >= this.maxBytes) return;
      const part = d.subarray(0, this.maxBytes - this.inflatedBytes);
      this.inflated.push(part);
      this.inflatedBytes += part.length;
    });
    // Undecodable compressed data cannot be judged: refuse rather than let it through unseen.
    z.on('error', () => this.refuse());
    this.inflater = z;
  }

  private refuse(): void {
    if (this.stopped) return;
    this.close();
    this.held = [];
    this.hooks.refuse();
  }
}

/** A server-to-client close frame (unmasked) with `code` and a short reason. */
export function closeFrame(code: number, reason: string): Buffer {
  const text = Buffer.from(reason.slice(0, 120), 'utf8');
  const out = Buffer.alloc(4 + text.length);
  out[0] = 0x88;
  out[1] = 2 + text.length;
  out.writeUInt16BE(code, 2);
  text.copy(out, 4);
  return out;
}
