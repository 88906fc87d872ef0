// A tiny stand-in for the detect engine, used only by egress unit tests of the walker, pool and mutations.
import { createHash } from 'node:crypto';
import type { Match, RuleCategory, ScanContext } from '../../detect/types.js';
import type { Severity } from '../../core/types.js';

const RULES: Array<{ id: string; severity: Severity; category: RuleCategory; title: string; re: RegExp }> = [
  { id: 'secret.openai-api-key', severity: 'critical', category: 'secret', title: 'OpenAI API key', re: /\bsk-proj-[A-Za-z0-9]{20,}\b/g },
  { id: 'exfil.paste-service', severity: 'critical', category: 'exfil', title: 'Paste service', re: /https?:\/\/pastebin\.com\/[^\s'")]*/g },
  { id: 'network.http-call', severity: 'high', category: 'network', title: 'Network call', re: /\b(?:requests\.(?:get|post)|fetch|curl|wget)\b/g },
  { id: 'network.external-url', severity: 'info', category: 'network', title: 'External URL', re: /https?:\/\/[^\s'")<>]+/g },
];

function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let last = -1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    last = i;
  }
  return { line, column: offset - last };
}

export function scanText(text: string, _ctx: ScanContext): Match[] {
  const out: Match[] = [];
  for (const rule of RULES) {
    for (const m of text.matchAll(rule.re)) {
      const start = m.index ?? 0;
      const end = start + m[0].length;
      const { line, column } = lineCol(text, start);
      const evidence = rule.category === 'secret' ? `${m[0].slice(0, 6)}…(${m[0].length})` : m[0].slice(0, 80);
      out.push({ ruleId: rule.id, severity: rule.severity, category: rule.category, title: rule.title, start, end, line, column, evidence, hash: createHash('sha256').update(m[0]).digest('hex').slice(0, 16), decodedBy: [] });
    }
  }
  return out;
}

/** Naive stream scanner: keeps the whole line-aligned tail between chunks (fine for tests). */
export function createStreamScanner(ctx: ScanContext): { push(chunk: string | Uint8Array): Match[]; end(): Match[] } {
  let pending = '';
  let base = 0;
  let baseLine = 0;
  const emit = (text: string) => {
    const matches = scanText(text, ctx).map((m) => ({ ...m, start: m.start + base, end: m.end + base, line: m.line + baseLine }));
    base += text.length;
    baseLine += (text.match(/\n/g) ?? []).length;
    return matches;
  };
  return {
    push(chunk) {
      pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      const cut = pending.lastIndexOf('\n');
      if (cut < 0) return [];
      const ready = pending.slice(0, cut + 1);
      pending = pending.slice(cut + 1);
      return emit(ready);
    },
    end() {
      const rest = pending;
      pending = '';
      return rest ? emit(rest) : [];
    },
  };
}
