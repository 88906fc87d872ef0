// A WebSocket frame parser for the scanning tap (RFC 6455 §5.2): the bytes pass unchanged; payloads are unmasked into copies.
import * as zlib from 'node:zlib';

export interface WsMessageSink {
  /** A new data message (text or binary) starts. */
  start(): void;
  /** Decoded payload bytes of the current message, in order. */
  data(chunk: Buffer): void;
  /** The current message ended (FIN). */
  end(): void;
}

const enum State {
  Header,
  Payload,
}

/** RFC 7692 §7.2.2: the tail the sender strips from each compressed message. */
const DEFLATE_TAIL = Buffer.from([0x00, 0x00, 0xff, 0xff]);

/**
 * Parses one direction of a WebSocket connection. Feed it every chunk (copies are taken only for
 * payloads, at most `maxBytes` per message); it never throws on garbage, it just stops (`broken`).
 */
export class WsFrameTap {
  broken = false;
  private state = State.Header;
  private header = Buffer.alloc(0);
  private remaining = 0;
  private mask: Buffer | null = null;
  private maskPos = 0;
  private isControl = false;
  private inMessage = false;
  private compressed = false;
  private budget = 0;
  private readonly inflater: Inflater;

  constructor(private readonly sink: WsMessageSink, private readonly maxBytes: number) {
    this.inflater = new Inflater(sink, maxBytes);
  }

  push(chunk: Buffer): void {
    try {
      this.consume(chunk);
    } catch {
      this.broken = true; // the tap never takes the connection down
    }
  }

  private consume(chunk: Buffer): void {
    let pos = 0;
    while (!this.broken && pos < chunk.length) {
      if (this.state === State.Header) {
        const need = this.headerNeeds();
        const take = Math.min(chunk.length - pos, Math.max(need - this.header.length, 1));
        this.header = Buffer.concat([this.header, chunk.subarray(pos, pos + take)]);
        pos += take;
        if (this.header.length >= this.headerNeeds()) this.parseHeader();
        continue;
      }
      const take = Math.min(this.remaining, chunk.length - pos);
      if (!this.isControl && this.inMessage) this.deliver(chunk.subarray(pos, pos + take));
      else if (this.mask) this.maskPos = (this.maskPos + take) & 3;
      pos += take;
      this.remaining -= take;
      if (this.remaining === 0) this.frameDone();
    }
  }

  /** Ends the tap (connection closed); an unfinished message is ended as is. */
  close(): void {
    if (this.inMessage) this.endMessage();
    this.inflater.close();
  }

  private fin = false;

  private headerNeeds(): number {
    if (this.header.length < 2) return 2;
    const b1 = this.header[1] ?? 0;
    const len7 = b1 & 0x7f;
    return 2 + (len7 === 126 ? 2 : len7 === 127 ? 8 : 0) + (b1 & 0x80 ? 4 : 0);
  }

  private parseHeader(): void {
    const h = this.header;
    const b0 = h[0] ?? 0;
    const b1 = h[1] ?? 0;
    const opcode = b0 & 0x0f;
    this.fin = (b0 & 0x80) !== 0;
    const len7 = b1 & 0x7f;
    let off = 2;
    let len = len7;
    if (len7 === 126) {
      len = h.readUInt16BE(2);
      off = 4;
    } else if (len7 === 127) {
      const big = h.readBigUInt64BE(2);
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) {
        this.broken = true;
        return;
      }
      len = Number(big);
      off = 10;
    }
    this.mask = b1 & 0x80 ? Buffer.from(h.subarray(off, off + 4)) : null;
    this.maskPos = 0;
    this.header = Buffer.alloc(0);
    this.isControl = opcode >= 0x8;
    if (opcode === 0x1 || opcode === 0x2) {
      if (this.inMessage) this.endMessage();
      this.inMessage = true;
      this.compressed = (b0 & 0x40) !== 0;
      this.budget = this.maxBytes;
      if (this.compressed) this.inflater.startMessage();
      else this.sink.start();
    } else if (opcode === 0x0) {
      if (!this.inMessage) this.isControl = true; // stray continuation: skip it
    } else if (!this.isControl) {
      this.broken = true; // reserved opcode: not a WebSocket stream we understand
      return;
    }
    this.remaining = len;
    this.state = State.Payload;
    if (len === 0) this.frameDone();
  }

  private deliver(raw: Buffer): void {
    if (this.budget <= 0) {
      if (this.mask) this.maskPos = (this.maskPos + raw.length) & 3;
      return;
    }
    const part = this.compressed ? raw : raw.subarray(0, this.budget);
    const copy = Buffer.from(part);
    if (this.mask) {
      const m = this.mask;
      let p = this.maskPos;
      for (let i = 0; i < copy.length; i++) {
        copy[i] = (copy[i] ?? 0) ^ (m[p] ?? 0);
        p = (p + 1) & 3;
      }
      this.maskPos = (this.maskPos + raw.length) & 3;
    }
    if (this.compressed) {
      this.inflater.write(copy);
      this.budget -= copy.length; // compressed bytes bound the work too
      if (this.budget <= 0) this.budget = 0;
    } else {
      this.budget -= copy.length;
      this.sink.data(copy);
    }
  }

  private frameDone(): void {
    this.state = State.Header;
    if (!this.isControl && this.inMessage && this.fin) this.endMessage();
    this.isControl = false;
  }

  private endMessage(): void {
    this.inMessage = false;
    if (this.compressed) this.inflater.endMessage();
    else this.sink.end();
  }
}

/**
 * permessage-deflate decoding with context takeover: one raw-inflate stream per direction. Output of
 * message N arrives before the flush callback of message N, which ends that message on the sink.
 */
class Inflater {
  private z: zlib.InflateRaw | null = null;
  private out = 0;
  private dead = false;
  /** Whether the sink has an open message fed by this inflater (starts lazily, on the first output). */
  private open = false;

  constructor(private readonly sink: WsMessageSink, private readonly maxBytes: number) {}

  startMessage(): void {
    if (this.z || this.dead) return;
    this.z = zlib.createInflateRaw();
    this.z.on('data', (chunk: Buffer) => {
      if (!this.open) {
        this.open = true;
        this.out = 0;
        this.sink.start();
      }
      if (this.out >= this.maxBytes) return;
      const part = chunk.subarray(0, this.maxBytes - this.out);
      this.out += part.length;
      this.sink.data(part);
    });
    this.z.on('error', () => {
      this.dead = true;
      this.z = null;
    });
  }

  write(chunk: Buffer): void {
    if (this.z && !this.dead) this.z.write(chunk);
  }

  endMessage(): void {
    const z = this.z;
    if (!z || this.dead) return;
    z.write(DEFLATE_TAIL);
    z.flush(zlib.constants.Z_SYNC_FLUSH, () => {
      if (!this.open) return;
      this.open = false;
      this.sink.end();
    });
  }

  close(): void {
    this.z?.destroy();
    this.z = null;
  }
}
