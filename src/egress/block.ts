// Comments out offending statements in code files with the file's own comment syntax, keeping the file parseable.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { extname } from 'node:path';
import { LineIndex } from '../detect/lines.js';

type ParseSync = (typeof import('oxc-parser'))['parseSync'];
let parser: ParseSync | undefined;
/** oxc-parser loads on first use: scans and other commands never pay for the native parser. */
function parseSync(file: string, text: string): ReturnType<ParseSync> {
  parser ??= (createRequire(import.meta.url)('oxc-parser') as typeof import('oxc-parser')).parseSync;
  return parser(file, text);
}

export const BLOCK_MARKER = '[BLOCKED by clawguard]';

export type BlockLanguage = 'js' | 'py' | 'sh';

export function blockLanguageFor(file: string): BlockLanguage | undefined {
  const ext = extname(file).toLowerCase();
  if (['.js', '.mjs', '.cjs', '.ts'].includes(ext)) return 'js';
  if (ext === '.py') return 'py';
  if (ext === '.sh' || ext === '.bash') return 'sh';
  return undefined;
}

export interface BlockTarget {
  /** 1-based line of the offending match. */
  line: number;
  /** 1-based column of the match. */
  column: number;
}

export interface BlockEdit {
  /** The new file text. */
  text: string;
  /** 1-based lines commented out, sorted. */
  lines: number[];
  /** Targets that could not be blocked safely (left for manual review), with the reason. */
  failed: Array<{ line: number; reason: string }>;
  /** How the result was checked: `oxc-parser`, `python3 ast`, `bash -n`, or `unverified: …`. */
  verifiedBy: string;
}

interface Range {
  /** 0-based first and last line, inclusive. */
  from: number;
  to: number;
}

function splitLines(text: string): { lines: string[]; eol: string } {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  return { lines: text.split(/\r?\n/), eol };
}


/** Comments lines `from..to` (0-based) out: the first keeps a no-op where the language needs a statement. */
function commentRange(lines: string[], range: Range, lang: BlockLanguage): void {
  for (let i = range.from; i <= range.to; i++) {
    const line = lines[i] as string;
    if (line.includes(BLOCK_MARKER)) continue;
    const indent = /^[ \t]*/.exec(line)?.[0] ?? '';
    const rest = line.slice(indent.length);
    if (lang === 'js') lines[i] = `${indent}// ${BLOCK_MARKER} ${rest}`;
    else if (lang === 'py') lines[i] = i === range.from ? `${indent}pass  # ${BLOCK_MARKER} ${rest}` : `${indent}# ${BLOCK_MARKER} ${rest}`;
    else lines[i] = i === range.from ? `${indent}: # ${BLOCK_MARKER} ${rest}` : `${indent}# ${BLOCK_MARKER} ${rest}`;
  }
}

// ---------- JavaScript / TypeScript: statement spans from oxc-parser ----------

type AstNode = { type: string; start: number; end: number; [key: string]: unknown };

/** Statements that sit directly in a statement list, innermost last, for every offset asked. */
function statementChains(text: string, file: string): { ok: boolean; chainAt(offset: number): AstNode[] } {
  const parsed = parseSync(file, text);
  if (parsed.errors.length > 0) return { ok: false, chainAt: () => [] };
  const listed: AstNode[] = [];
  const visit = (node: unknown, inList: boolean): void => {
    if (Array.isArray(node)) {
      for (const child of node) visit(child, false);
      return;
    }
    if (!node || typeof node !== 'object') return;
    const n = node as AstNode;
    if (typeof n.type === 'string' && inList) listed.push(n);
    for (const [key, value] of Object.entries(n)) {
      if (key === 'type' || key === 'start' || key === 'end') continue;
      const isList = (key === 'body' && Array.isArray(value)) || key === 'consequent' && Array.isArray(value);
      if (isList) for (const child of value as unknown[]) visit(child, true);
      else visit(value, false);
    }
  };
  visit(parsed.program, false);
  return {
    ok: true,
    chainAt: (offset) => listed.filter((n) => n.start <= offset && offset < n.end).sort((a, b) => b.start - a.start || a.end - b.end),
  };
}

function jsParses(text: string, file: string): boolean {
  return parseSync(file, text).errors.length === 0;
}

// ---------- Python: logical lines (brackets, backslashes, strings) and compound blocks ----------

/** For each physical line, whether it continues the previous logical line (open bracket, `\`, open triple-quoted string). */
function pythonContinuations(lines: readonly string[]): boolean[] {
  const cont: boolean[] = [];
  let depth = 0;
  let triple: string | undefined;
  let backslash = false;
  for (const line of lines) {
    cont.push(depth > 0 || triple !== undefined || backslash);
    backslash = false;
    let i = 0;
    while (i < line.length) {
      const ch = line[i] as string;
      if (triple) {
        if (ch === '\\') i += 2;
        else if (line.startsWith(triple, i)) {
          i += 3;
          triple = undefined;
        } else i++;
        continue;
      }
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        if (line.startsWith(ch.repeat(3), i)) {
          triple = ch.repeat(3);
          i += 3;
          continue;
        }
        i++;
        while (i < line.length && line[i] !== ch) i += line[i] === '\\' ? 2 : 1;
        i++;
        continue;
      }
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
      i++;
    }
    if (!triple && /\\$/.test(line)) backslash = true;
  }
  return cont;
}

function indentOf(line: string): number {
  return (/^[ \t]*/.exec(line)?.[0] ?? '').replace(/\t/g, '        ').length;
}

function pythonRange(lines: readonly string[], cont: readonly boolean[], target: number): Range {
  let from = target;
  while (from > 0 && cont[from]) from--;
  let to = target;
  while (to + 1 < lines.length && cont[to + 1]) to++;
  // A compound header (`if …:`, `with …:`) takes its whole block, and the clauses that depend on it.
  const logical = lines.slice(from, to + 1).join('\n').replace(/#.*$/gm, '').trimEnd();
  if (logical.endsWith(':')) {
    const base = indentOf(lines[from] as string);
    let i = to + 1;
    for (;;) {
      while (i < lines.length && ((lines[i] as string).trim() === '' || cont[i] || indentOf(lines[i] as string) > base)) i++;
      if (i < lines.length && indentOf(lines[i] as string) === base && /^\s*(elif\b|else\s*:|except\b|finally\s*:)/.test(lines[i] as string)) {
        i++;
        continue;
      }
      break;
    }
    to = i - 1;
    while (to > from && (lines[to] as string).trim() === '') to--;
  }
  return { from, to };
}

// ---------- Shell: commands with `\` continuations, trailing pipes/operators, open quotes, heredocs ----------

function shellRange(lines: readonly string[], target: number): Range {
  const continues = (line: string) => /(\\|\|\||&&|\|)\s*$/.test(line.replace(/\s+#.*$/, ''));
  const startsCommand: boolean[] = [];
  let inQuote: string | undefined;
  let heredoc: string | undefined;
  let prevContinues = false;
  for (const line of lines) {
    startsCommand.push(!inQuote && !heredoc && !prevContinues);
    if (heredoc) {
      if (line.replace(/^\t+/, '') === heredoc) heredoc = undefined;
      prevContinues = false;
      continue;
    }
    for (let i = 0; i < line.length; i++) {
      const ch = line[i] as string;
      if (inQuote) {
        if (ch === '\\' && inQuote === '"') i++;
        else if (ch === inQuote) inQuote = undefined;
        continue;
      }
      if (ch === '#' && (i === 0 || /\s/.test(line[i - 1] as string))) break;
      if (ch === '\\') i++;
      else if (ch === '"' || ch === "'") inQuote = ch;
    }
    const here = /<<-?\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\1/.exec(line);
    if (here && !inQuote) heredoc = here[2];
    prevContinues = !inQuote && continues(line);
  }
  let from = target;
  while (from > 0 && !startsCommand[from]) from--;
  let to = target;
  while (to + 1 < lines.length && !startsCommand[to + 1]) to++;
  return { from, to };
}

function runCheck(command: string, args: string[], input: string): { ok: boolean; available: boolean } {
  const r = spawnSync(command, args, { input, encoding: 'utf8', timeout: 20_000, stdio: ['pipe', 'ignore', 'ignore'] });
  if (r.error) return { ok: true, available: false };
  return { ok: r.status === 0, available: true };
}

const PY_CHECK = 'import ast,sys\nast.parse(sys.stdin.read())';

/** Whether the text is valid in its language; `undefined` when no checker is installed. */
function checkSyntax(text: string, lang: BlockLanguage, file: string): { ok: boolean; by: string } {
  if (lang === 'js') return { ok: jsParses(text, file), by: 'oxc-parser' };
  if (lang === 'py') {
    const r = runCheck('python3', ['-I', '-S', '-c', PY_CHECK], text);
    return r.available ? { ok: r.ok, by: 'python3 ast' } : { ok: true, by: 'unverified: python3 not found' };
  }
  const r = runCheck('bash', ['-n'], text);
  return r.available ? { ok: r.ok, by: 'bash -n' } : { ok: true, by: 'unverified: bash not found' };
}

/**
 * Comments out the statements holding `targets`. JS/TS: the innermost statement (from the real
 * parse), widened to its enclosing statement until the file still parses. Python: the logical line,
 * or the whole block of a compound header, first line replaced by `pass`. Shell: the command with
 * its continuations, first line replaced by `:`. The result is re-checked; a target whose blocking
 * would break the file is left alone and reported.
 */
export function blockStatements(text: string, file: string, targets: readonly BlockTarget[]): BlockEdit {
  const lang = blockLanguageFor(file);
  if (!lang) return { text, lines: [], failed: targets.map((t) => ({ line: t.line, reason: 'not a code file block can edit' })), verifiedBy: 'none' };
  const { lines, eol } = splitLines(text);
  const failed: BlockEdit['failed'] = [];
  const original = checkSyntax(text, lang, file);
  if (!original.ok) {
    return { text, lines: [], failed: targets.map((t) => ({ line: t.line, reason: `the file does not parse as it is (${original.by}); block it by hand` })), verifiedBy: original.by };
  }
  const lineIndex = new LineIndex(text);
  const chains = lang === 'js' ? statementChains(text, file) : undefined;
  const cont = lang === 'py' ? pythonContinuations(lines) : [];
  const unique = [...new Map(targets.map((t) => [t.line, t])).values()].sort((a, b) => a.line - b.line);
  let current = [...lines];
  let verifiedBy = original.by;
  for (const t of unique) {
    const idx = t.line - 1;
    if (idx < 0 || idx >= lines.length) continue;
    if ((current[idx] as string).includes(BLOCK_MARKER)) continue;
    const candidates: Range[] = [];
    if (lang === 'js' && chains) {
      const offset = Math.min(text.length - 1, lineIndex.startOf(idx) + Math.max(0, t.column - 1));
      const chain = chains.chainAt(offset);
      const innermost = chain[0] as (AstNode & { declaration?: AstNode }) | undefined;
      const kind = innermost?.type === 'ExportNamedDeclaration' || innermost?.type === 'ExportDefaultDeclaration' ? innermost.declaration?.type : innermost?.type;
      // The hit is in a function or class header (name, parameters), not in a statement of its body.
      if (kind && /^(FunctionDeclaration|ClassDeclaration|TSDeclareFunction)$/.test(kind)) {
        failed.push({ line: t.line, reason: 'the match is on a function/class header; commenting it would remove the whole definition' });
        continue;
      }
      for (const node of chain) candidates.push({ from: lineIndex.lineAt(node.start), to: lineIndex.lineAt(Math.max(node.start, node.end - 1)) });
      if (candidates.length === 0) candidates.push({ from: idx, to: idx });
    } else if (lang === 'py') {
      // A hit on a `def`/`class` header would take the whole definition with it: leave that to a human.
      const range = pythonRange(lines, cont, idx);
      if (/^\s*(async\s+def|def|class)\b/.test(lines[range.from] as string)) {
        failed.push({ line: t.line, reason: 'the match is on a def/class header; commenting it would remove the whole definition' });
        continue;
      }
      candidates.push(range);
    }
    else candidates.push(shellRange(lines, idx));
    let done = false;
    for (const range of candidates) {
      const attempt = [...current];
      commentRange(attempt, range, lang);
      const check = checkSyntax(attempt.join(eol), lang, file);
      if (check.ok) {
        current = attempt;
        verifiedBy = check.by;
        done = true;
        break;
      }
    }
    if (!done) failed.push({ line: t.line, reason: 'commenting the statement out would break the file; block it by hand' });
  }
  const changed: number[] = [];
  for (let i = 0; i < lines.length; i++) if (current[i] !== lines[i]) changed.push(i + 1);
  return { text: current.join(eol), lines: changed, failed, verifiedBy };
}
