// The keyword prefilter's byte loop, run by a small WebAssembly module (prefilter-kernel.wat): the
// same loop in JavaScript measured ~1.5-1.8x more time per byte here (a bounds and type check on
// every load). The prefilter (prefilter.ts) owns the keywords and the exact checks; this owns bytes.
import { PREFILTER_KERNEL } from './prefilter-kernel.js';

/** The part of the WebAssembly API used here (the project's TypeScript libs do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
const { WebAssembly: wasm } = globalThis as unknown as { WebAssembly: WasmApi };

// Memory layout: see prefilter-kernel.wat.
const KERNEL_OUT_START = 16384 / 4;
const KERNEL_OUT_ID = 20480 / 4;
const KERNEL_DONE = 24832;
const KERNEL_KW_ANCHOR = 32768;
const KERNEL_KW_LEN = 36864;
const KERNEL_KW_AT = 40960 / 4;
const KERNEL_LIST_START = 57344 / 4;
const KERNEL_LIST_LEN = 319488 / 2;
const KERNEL_IDS = 450560 / 2;
const KERNEL_KW_BYTES = 466944;
const KERNEL_LIVE = 589824;
const KERNEL_TEXT = 655360;
const WASM_PAGE = 65536;
/** Units one pass reads at most: longer texts go through in segments. */
export const BYTE_LOOP_SEGMENT = 4 * 1024 * 1024;
/** Capacities of the tables above. */
const BYTE_LOOP_LIMITS = { keywords: 4096, listEntries: 8192, keywordBytes: 65536, keywordLength: 255, perBucket: 64 } as const;

/**
 * The characters of both base64 alphabets (standard and URL-safe): the runs `alphabetRuns` reports
 * (the module's `runs` classifies bytes the same way; a test compares all 256).
 */
export const RUN_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/_-';

/** The loop whose memory holds the whole of `text` (its last pass read all of it). */
let lastWhole: { text: string; runs: (min: number) => Array<[number, number]> } | undefined;

/**
 * Maximal runs of `RUN_ALPHABET` bytes at least `min` long in the text the prefilter read last, from
 * the copy still in the byte loop's memory; `undefined` when that copy is not this text. A byte run can
 * be wider than the text's runs (a non-ASCII unit whose low byte is in the alphabet joins two): the
 * caller checks each one against the text itself.
 */
export function alphabetRuns(text: string, min: number): Array<[number, number]> | undefined {
  return lastWhole !== undefined && lastWhole.text === text ? lastWhole.runs(min) : undefined;
}

/** Drops the reference to the last text read (after a document's scan). */
export function forgetLastPass(): void {
  lastWhole = undefined;
}

let kernelModule: object | undefined;

/** The keywords a byte loop looks for, anchored and grouped by trigram bucket (see prefilter.ts). */
export interface ByteLoopKeywords {
  /** Each keyword, lower-case, one unit per character (printable ASCII). */
  codes: readonly Uint16Array[];
  /** Offset of each keyword's anchor trigram in the keyword. */
  anchorOf: Uint16Array;
  /** Keyword ids of bucket t: ids[listStart[t] .. listStart[t] + listLen[t]). */
  listStart: Uint32Array;
  listLen: Uint16Array;
  ids: Uint16Array;
}

export interface ByteLoop {
  /** Every bucket with a keyword is LIVE again and no keyword is DONE (start of a pass). */
  reset(): void;
  /** Stops reporting bucket t for the rest of this pass. */
  kill(t: number): void;
  /** Stops reporting keyword `id` for the rest of this pass. */
  done(id: number): void;
  /**
   * Copies units [from, to) of `text` (one byte per unit: its low byte, latin1 encoding ~0.13 ns
   * per unit), reads the trigrams ending in [from + 2, to) and checks the keywords of each LIVE
   * bucket on the bytes; calls `onHit(start, id, checked)` for each keyword found there, and with
   * `checked` false for those that reach past [from, to), until it returns false. Returns false when it
   * did. A checked hit is exact when every unit of the text is below 0x100 (its byte is the unit);
   * otherwise the caller checks it on the text itself (a unit's low byte can spell a keyword's letter).
   */
  pass(text: string, from: number, to: number, onHit: (start: number, id: number, checked: boolean) => boolean): boolean;
}

/**
 * A byte loop: one WebAssembly instance (its own memory) per prefilter. A unit above 0xff is read as
 * its low byte: exact for every ASCII unit, and a non-ASCII unit whose low byte is ASCII only adds a
 * candidate the exact check (on the text) drops.
 */
export function createByteLoop(keywords: ByteLoopKeywords): ByteLoop {
  kernelModule ??= new wasm.Module(PREFILTER_KERNEL);
  const exports = new wasm.Instance(kernelModule, {}).exports as {
    memory: WasmMemory;
    next: { value: number };
    reset(): void;
    scan(j: number, end: number): number;
    runs(j: number, end: number, min: number, resume: number): number;
  };
  const memory = exports.memory;
  // Room for a whole segment from the start (16 bytes of slack: `runs` reads whole 16-byte blocks).
  // Growing later would replace the views below, and V8 throws away optimised code that took them
  // for constants; pages never written are never resident.
  const capacity = KERNEL_TEXT + BYTE_LOOP_SEGMENT + 16;
  memory.grow(Math.ceil((capacity - memory.buffer.byteLength) / WASM_PAGE));
  const bytes = new Uint8Array(memory.buffer);
  const words = new Int32Array(memory.buffer);
  const buffer = Buffer.from(memory.buffer);
  load(keywords, bytes, words);
  let units = 0;
  const runs = (min: number): Array<[number, number]> => {
    // The module finds runs that cross a 16-byte block edge: every run longer than 16 does.
    if (min <= 16) throw new Error(`alphabet runs shorter than 17 are not supported (asked for ${min})`);
    const out: Array<[number, number]> = [];
    for (let j = 0, resume = 0; ; j = exports.next.value, resume = 1) {
      const n = exports.runs(j, units, min, resume);
      for (let k = 0; k < n; k++) out.push([words[KERNEL_OUT_START + k] as number, words[KERNEL_OUT_ID + k] as number]);
      if (n < 1024) return out;
    }
  };
  // Buckets switched off in this pass, switched back on by `reset` (a pass kills a few: no full copy).
  const killed: number[] = [];
  return {
    reset() {
      for (const t of killed) bytes[KERNEL_LIVE + t] = 1;
      killed.length = 0;
      exports.reset();
    },
    kill(t) {
      if (bytes[KERNEL_LIVE + t] === 0) return;
      bytes[KERNEL_LIVE + t] = 0;
      killed.push(t);
    },
    done(id) {
      bytes[KERNEL_DONE + id] = 1;
    },
    pass(text, from, to, onHit) {
      if (to - from > BYTE_LOOP_SEGMENT) throw new Error(`byte loop: ${to - from} units in one pass (at most ${BYTE_LOOP_SEGMENT})`);
      const whole = from === 0 && to === text.length;
      buffer.write(whole ? text : text.slice(from, to), KERNEL_TEXT, to - from, 'latin1');
      const end = to - from;
      units = end;
      lastWhole = whole ? { text, runs } : undefined;
      for (let j = 2; j < end; ) {
        const n = exports.scan(j, end);
        for (let k = 0; k < n; k++) {
          const id = words[KERNEL_OUT_ID + k] as number;
          if (!onHit(from + (words[KERNEL_OUT_START + k] as number), id & 0xffff, id < 0x10000)) return false;
        }
        j = exports.next.value;
      }
      return true;
    },
  };
}

/** Writes the keyword tables into the module's memory (LIVE: every bucket with a keyword). */
function load(k: ByteLoopKeywords, bytes: Uint8Array, words: Int32Array): void {
  const L = BYTE_LOOP_LIMITS;
  if (k.codes.length > L.keywords || k.ids.length > L.listEntries) throw new Error(`prefilter: more than ${L.keywords} keywords`);
  const halves = new Uint16Array(bytes.buffer);
  let at = 0;
  k.codes.forEach((code, id) => {
    if (code.length > L.keywordLength) throw new Error(`prefilter keyword of ${code.length} characters (at most ${L.keywordLength})`);
    if (at + code.length > L.keywordBytes) throw new Error(`prefilter: keywords longer than ${L.keywordBytes} characters in all`);
    bytes[KERNEL_KW_ANCHOR + id] = k.anchorOf[id] as number;
    bytes[KERNEL_KW_LEN + id] = code.length;
    words[KERNEL_KW_AT + id] = at;
    bytes.set(code, KERNEL_KW_BYTES + at);
    at += code.length;
  });
  for (let t = 0; t < k.listLen.length; t++) {
    const len = k.listLen[t] as number;
    if (len === 0) continue;
    if (len > L.perBucket) throw new Error(`prefilter: ${len} keywords share one trigram bucket (at most ${L.perBucket})`);
    words[KERNEL_LIST_START + t] = k.listStart[t] as number;
    halves[KERNEL_LIST_LEN + t] = len;
    bytes[KERNEL_LIVE + t] = 1;
  }
  halves.set(k.ids, KERNEL_IDS);
}
