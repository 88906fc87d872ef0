// A small unified-diff writer (LCS over lines) for `audit --fix --dry-run`; config files are small.
const MAX_CELLS = 4_000_000;
const CONTEXT = 3;

type Op = { kind: ' ' | '-' | '+'; line: string };

function lcsOps(a: string[], b: string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if (n * m > MAX_CELLS) return [...a.map((line): Op => ({ kind: '-', line })), ...b.map((line): Op => ({ kind: '+', line }))];
  const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    const row = dp[i] as Uint32Array;
    const below = dp[i + 1] as Uint32Array;
    for (let j = m - 1; j >= 0; j--) row[j] = a[i] === b[j] ? (below[j + 1] as number) + 1 : Math.max(below[j] as number, row[j + 1] as number);
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', line: a[i] as string });
      i++;
      j++;
    } else if ((dp[i + 1] as Uint32Array)[j] as number >= ((dp[i] as Uint32Array)[j + 1] as number)) ops.push({ kind: '-', line: a[i++] as string });
    else ops.push({ kind: '+', line: b[j++] as string });
  }
  while (i < n) ops.push({ kind: '-', line: a[i++] as string });
  while (j < m) ops.push({ kind: '+', line: b[j++] as string });
  return ops;
}

/** Unified diff of two texts with 3 lines of context; empty string when equal. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const a = before.split('\n');
  const b = after.split('\n');
  const ops = lcsOps(a, b);
  const out = [`--- ${path}`, `+++ ${path} (after fix)`];
  let idx = 0;
  while (idx < ops.length) {
    while (idx < ops.length && (ops[idx] as Op).kind === ' ') idx++;
    if (idx >= ops.length) break;
    let start = Math.max(0, idx - CONTEXT);
    let end = idx;
    // Extend the hunk while changes are within 2*CONTEXT lines of each other.
    while (end < ops.length) {
      if ((ops[end] as Op).kind !== ' ') {
        end++;
        continue;
      }
      let k = end;
      while (k < ops.length && (ops[k] as Op).kind === ' ') k++;
      if (k < ops.length && k - end <= 2 * CONTEXT) end = k;
      else break;
    }
    const stop = Math.min(ops.length, end + CONTEXT);
    let aLine = 1;
    let bLine = 1;
    for (let k = 0; k < start; k++) {
      if ((ops[k] as Op).kind !== '+') aLine++;
      if ((ops[k] as Op).kind !== '-') bLine++;
    }
    const hunk = ops.slice(start, stop);
    const aCount = hunk.filter((o) => o.kind !== '+').length;
    const bCount = hunk.filter((o) => o.kind !== '-').length;
    out.push(`@@ -${aLine},${aCount} +${bLine},${bCount} @@`);
    for (const o of hunk) out.push(`${o.kind}${o.line}`);
    idx = stop;
    start = stop;
  }
  return `${out.join('\n')}\n`;
}
