// Binary search over ascending numbers, the one the engine's offset indexes share.

/** How many elements of the ascending `sorted` are below `x` (the index where `x` would be inserted first). */
export function countBelow(sorted: ArrayLike<number>, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((sorted[mid] as number) < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
