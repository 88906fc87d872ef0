// Deterministic fake credentials drawn from a pattern's alphabet, for rule examples and tests
// (generated at runtime so no source file carries a key-shaped literal).

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const B64URL = `${ALNUM}-_`;
export const B64 = `${ALNUM}+/`;
export const HEX = '0123456789abcdef';
export const UPPER_B32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** mulberry32: a tiny seeded PRNG, good enough to spread characters evenly (also drives the benches' generators). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `length` characters from `alphabet`, the same for the same seed. */
export function fakeToken(alphabet: string, length: number, seed = 1): string {
  const next = prng(seed * 7919 + length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(next() * alphabet.length)];
  return out;
}
