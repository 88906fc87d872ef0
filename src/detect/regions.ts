// Region maps: where a document has code, strings, comments, regex literals and prose, per content kind.
// JS/TS go through a real parser (oxc-parser); Python and shell through small tokenizers; Markdown by
// its fences. Every path degrades to a token heuristic and never throws.
import { lazyRequire } from '../core/lazy.js';
import type { ContentKind, RegionKind } from './types.js';

// oxc-parser is native and only JS/TS files need it: loaded on first parse, not at every start.
const loadOxc = lazyRequire<typeof import('oxc-parser')>('oxc-parser');
// The native binding under `parseSync`: its `program` is the AST as a JSON string (oxc-parser's own
// `parseSync` JSON-parses it into objects, which on Node 20 costs several times the parse itself).
// The package ships no declarations for this (exported) entry point.
const loadOxcBindings = lazyRequire<{ parseSync: (filename: string, text: string, options: object) => NativeParse }>('oxc-parser/src-js/bindings');

/**
 * Files above this size skip the JS parser and use the tokenizer: on Node 20 oxc-parser hands the AST
 * over as JSON, and deserialising it costs far more than parsing (minified bundles are the big files).
 */
const MAX_PARSE_CHARS = 128 * 1024;

export interface RegionMap {
  /** Kind of every offset not covered by a span. */
  base: RegionKind;
  starts: number[];
  ends: number[];
  kinds: RegionKind[];
  /** How the map was built: `oxc`, `tokens`, `markdown`, `flat`. */
  via: string;
}

class SpanBuilder {
  readonly spans: Array<[number, number, RegionKind]> = [];
  add(start: number, end: number, kind: RegionKind): void {
    if (end > start) this.spans.push([start, end, kind]);
  }
  build(base: RegionKind, via: string): RegionMap {
    const spans = this.spans.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
    const starts: number[] = [];
    const ends: number[] = [];
    const kinds: RegionKind[] = [];
    let lastEnd = -1;
    for (const [s, e, k] of spans) {
      if (s < lastEnd) continue; // nested (a string inside a template expression inside a string): keep the outer
      starts.push(s);
      ends.push(e);
      kinds.push(k);
      lastEnd = e;
    }
    return { base, starts, ends, kinds, via };
  }
}

/** Region of `offset` in `map`. */
export function regionAt(map: RegionMap, offset: number): RegionKind {
  const { starts, ends, kinds } = map;
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((starts[mid] as number) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found >= 0 && offset < (ends[found] as number)) return kinds[found] as RegionKind;
  return map.base;
}

const FLAT: RegionMap = { base: 'code', starts: [], ends: [], kinds: [], via: 'flat' };

/** Builds the region map for a document of the given kind. */
export function buildRegions(text: string, kind: ContentKind, path?: string): RegionMap {
  try {
    switch (kind) {
      case 'markdown':
        return markdownRegions(text);
      case 'code-js':
        return jsRegions(text, path);
      case 'code-py':
        return hashCommentRegions(text, 'py');
      case 'shell':
        return hashCommentRegions(text, 'sh');
      default:
        return FLAT;
    }
  } catch {
    return FLAT;
  }
}

// ---------------------------------------------------------------- JS / TS

function jsRegions(text: string, path?: string): RegionMap {
  if (text.length <= MAX_PARSE_CHARS) {
    const parsed = oxcRegions(text, path);
    if (parsed) return parsed;
  }
  return clikeRegions(text);
}

function langFor(path?: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  const p = (path ?? '').toLowerCase();
  if (p.endsWith('.tsx')) return 'tsx';
  if (/\.(ts|mts|cts)$/.test(p)) return 'ts';
  if (p.endsWith('.jsx')) return 'jsx';
  return 'js';
}

/** What the native binding returns (fields are read once: each read hands the value over). */
interface NativeParse {
  program: string;
  comments: Array<{ start: number; end: number }>;
  errors: unknown[];
}

function parseNative(lang: 'js' | 'jsx' | 'ts' | 'tsx', text: string): { program: string; comments: NativeParse['comments']; errors: number } {
  const r = loadOxcBindings().parseSync(`input.${lang}`, text, { lang, sourceType: 'unambiguous' });
  const program = r.program;
  const comments = r.comments;
  return { program, comments, errors: r.errors.length };
}

function oxcRegions(text: string, path?: string): RegionMap | undefined {
  let result: ReturnType<typeof parseNative>;
  try {
    const lang = langFor(path);
    result = parseNative(lang, text);
    // A TypeScript-looking .js file, or JSX in .js: retry once as tsx before giving up.
    if (result.errors > 0 && (lang === 'js' || lang === 'ts')) {
      const retry = parseNative('tsx', text);
      if (retry.errors < result.errors) result = retry;
    }
  } catch {
    return undefined;
  }
  const b = new SpanBuilder();
  const spans = literalSpansFromJson(result.program);
  if (!spans) return oxcRegionsFromAst(text, path); // an AST serialisation this code does not know
  // With unrecoverable errors the AST is partial: the token heuristic sees more of the file.
  if (result.errors > 0 && spans.emptyBody) return undefined;
  for (const c of result.comments) b.add(c.start, c.end, 'comment');
  for (let i = 0; i < spans.list.length; i += 3) b.add(spans.list[i] as number, spans.list[i + 1] as number, spans.list[i + 2] === 1 ? 'regex' : 'string');
  return b.build('code', result.errors > 0 ? 'oxc-partial' : 'oxc');
}

/** End (index after the closing quote) of the JSON string whose opening quote is at `q`. */
function jsonStringEnd(json: string, q: number): number {
  let i = q + 1;
  for (;;) {
    const e = json.indexOf('"', i);
    if (e === -1) return -1;
    let bs = 0;
    for (let k = e - 1; json.charCodeAt(k) === BACKSLASH; k--) bs++;
    if (bs % 2 === 0) return e + 1;
    i = e + 1;
  }
}

const START_END_RE = /"start":(\d+),"end":(\d+)/y;
const ANY_LITERAL_RE = /"type":"(?:Literal|TemplateElement|JSXText)"/g;
const NODE_RE = /\{"type":"(Literal|TemplateElement|JSXText)","value":/g;

/**
 * String, template and JSX text spans (and regex literals) read straight from oxc's JSON AST without
 * building it: every node serialises as `{"type":…,<fields>,"start":N,"end":M}`, and a bare `{"type":"`
 * can only be structure (quotes inside JSON strings are escaped). Returns undefined when the JSON does
 * not have that shape (a future serialisation), so the caller falls back to the object walk.
 * `list` holds triples (start, end, 1 for regex / 0 for string).
 */
function literalSpansFromJson(json: string): { list: number[]; emptyBody: boolean } | undefined {
  const head = /^\{"node":\s*\{"type":"Program","body":(\[\])?/.exec(json);
  if (!head) return undefined;
  const list: number[] = [];
  let nodes = 0;
  NODE_RE.lastIndex = 0;
  for (let m = NODE_RE.exec(json); m; m = NODE_RE.exec(json)) {
    nodes++;
    const type = m[1] as string;
    let i = NODE_RE.lastIndex; // at the value
    let isString = false;
    let isRegex = false;
    if (type === 'TemplateElement') {
      // value: {"raw":"…","cooked":"…"|null}, then "tail":bool
      const close = skipTemplateValue(json, i);
      if (close === -1) return undefined;
      i = close;
      isString = true;
    } else if (json.charCodeAt(i) === 34) {
      const e = jsonStringEnd(json, i);
      if (e === -1) return undefined;
      i = e;
      isString = true;
    } else if (type === 'Literal' && json.startsWith('null,"raw":', i)) {
      const rawEnd = jsonStringEnd(json, i + 11);
      if (rawEnd === -1) return undefined;
      i = rawEnd;
      isRegex = json.startsWith(',"regex":', i);
    }
    if (!isString && !isRegex) continue;
    // Skip to this node's own "start"/"end": after the value come only strings and flat objects of strings.
    const at = ownStartEnd(json, i);
    if (!at) return undefined;
    list.push(at[0], at[1], isRegex ? 1 : 0);
    NODE_RE.lastIndex = at[2];
  }
  // Every such node must have been seen in the expected shape, else the walk decides.
  if (nodes !== (json.match(ANY_LITERAL_RE)?.length ?? 0)) return undefined;
  return { list, emptyBody: head[1] !== undefined };
}

/** From just after `"value":` of a TemplateElement, the index after its `{…}` value. */
function skipTemplateValue(json: string, i: number): number {
  if (json.charCodeAt(i) !== 123) return -1;
  i++;
  while (i < json.length) {
    const c = json.charCodeAt(i);
    if (c === 125) return i + 1;
    if (c === 34) {
      const e = jsonStringEnd(json, i);
      if (e === -1) return -1;
      i = e;
    } else i++;
  }
  return -1;
}

/** The node's `"start":N,"end":M` after index `i` (skipping its remaining string/flat fields). */
function ownStartEnd(json: string, i: number): [number, number, number] | undefined {
  let depth = 0;
  while (i < json.length) {
    const c = json.charCodeAt(i);
    if (c === 34) {
      if (depth === 0) {
        START_END_RE.lastIndex = i;
        const m = START_END_RE.exec(json);
        if (m) return [Number(m[1]), Number(m[2]), START_END_RE.lastIndex];
      }
      const e = jsonStringEnd(json, i);
      if (e === -1) return undefined;
      i = e;
    } else if (c === 123 || c === 91) {
      depth++;
      i++;
    } else if (c === 125 || c === 93) {
      if (depth === 0) return undefined; // the node closed without start/end
      depth--;
      i++;
    } else i++;
  }
  return undefined;
}

/** The object walk over oxc-parser's AST (used when the JSON shape is not the one expected). */
function oxcRegionsFromAst(text: string, path?: string): RegionMap | undefined {
  let result: ReturnType<ReturnType<typeof loadOxc>['parseSync']>;
  try {
    const lang = langFor(path);
    result = loadOxc().parseSync(`input.${lang}`, text, { lang, sourceType: 'unambiguous' });
    if (result.errors.length > 0 && (lang === 'js' || lang === 'ts')) {
      const retry = loadOxc().parseSync('input.tsx', text, { lang: 'tsx', sourceType: 'unambiguous' });
      if (retry.errors.length < result.errors.length) result = retry;
    }
  } catch {
    return undefined;
  }
  if (result.errors.length > 0 && result.program.body.length === 0) return undefined;
  const b = new SpanBuilder();
  for (const c of result.comments) b.add(c.start, c.end, 'comment');
  const stack: unknown[] = [result.program];
  while (stack.length > 0) {
    const node = stack.pop();
    if (Array.isArray(node)) {
      for (const child of node) if (child && typeof child === 'object') stack.push(child);
      continue;
    }
    const n = node as Record<string, unknown> & { type?: string; start?: number; end?: number };
    switch (n.type) {
      case 'Literal':
        if (typeof n.value === 'string') b.add(n.start as number, n.end as number, 'string');
        else if (n.regex) b.add(n.start as number, n.end as number, 'regex');
        continue;
      case 'TemplateElement':
      case 'JSXText':
        b.add(n.start as number, n.end as number, 'string');
        continue;
      default:
        break;
    }
    for (const key in n) {
      if (key === 'parent') continue;
      const v = n[key];
      if (v && typeof v === 'object') stack.push(v);
    }
  }
  return b.build('code', result.errors.length > 0 ? 'oxc-partial' : 'oxc');
}

/** Characters after which a `/` starts a regex literal (not a division). */
const REGEX_BEFORE = new Uint8Array(128);
for (const ch of '(,=:[!&|?{};+-*%<>~^') REGEX_BEFORE[ch.charCodeAt(0)] = 1;
/** Identifier, number and closing characters: after them a `/` is a division. */
const OPERAND_END = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_$)]') OPERAND_END[ch.charCodeAt(0)] = 1;

const SLASH = 47;
const STAR = 42;
const DQUOTE = 34;
const SQUOTE = 39;
const BACKTICK = 96;
const BACKSLASH = 92;
const NL = 10;

/** Tokenizer fallback for C-like code (JS that does not parse): comments, quotes, templates, regex literals. */
export function clikeRegions(text: string): RegionMap {
  const b = new SpanBuilder();
  const n = text.length;
  let i = 0;
  // Last non-space character outside comments, for the regex-vs-division guess: -1 at the start,
  // 41 (')') for any operand end, else the character code.
  let prevSignificant = -1;
  const templateDepth: number[] = []; // brace depth at each `${` inside templates
  let braceDepth = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === SLASH) {
      const next = text.charCodeAt(i + 1);
      if (next === SLASH) {
        const e = text.indexOf('\n', i);
        const end = e === -1 ? n : e;
        b.add(i, end, 'comment');
        i = end;
        continue;
      }
      if (next === STAR) {
        const e = text.indexOf('*/', i + 2);
        const end = e === -1 ? n : e + 2;
        b.add(i, end, 'comment');
        i = end;
        continue;
      }
    }
    if (c === DQUOTE || c === SQUOTE) {
      const end = scanQuoted(text, i, c === DQUOTE ? '"' : "'", true);
      b.add(i, end, 'string');
      i = end;
      prevSignificant = c;
      continue;
    }
    if (c === BACKTICK || (c === 125 && templateDepth.length > 0 && templateDepth[templateDepth.length - 1] === braceDepth)) {
      if (c === 125) templateDepth.pop();
      // Template text up to the closing backtick or the next `${`.
      let j = i + 1;
      while (j < n) {
        const ch = text.charCodeAt(j);
        if (ch === BACKSLASH) j += 2;
        else if (ch === BACKTICK) {
          j++;
          break;
        } else if (ch === 36 && text.charCodeAt(j + 1) === 123) {
          templateDepth.push(braceDepth);
          j += 2;
          break;
        } else j++;
      }
      b.add(i, Math.min(j, n), 'string');
      i = Math.min(j, n);
      prevSignificant = BACKTICK;
      continue;
    }
    if (c === SLASH && (prevSignificant === -1 || (prevSignificant < 128 && REGEX_BEFORE[prevSignificant] === 1))) {
      let j = i + 1;
      let inClass = false;
      while (j < n) {
        const ch = text.charCodeAt(j);
        if (ch === NL) break;
        if (ch === BACKSLASH) j++;
        else if (ch === 91) inClass = true;
        else if (ch === 93) inClass = false;
        else if (ch === SLASH && !inClass) break;
        j++;
      }
      if (j < n && text.charCodeAt(j) === SLASH) {
        j++;
        for (let f = text.charCodeAt(j); j < n && f >= 97 && f <= 122; f = text.charCodeAt(++j));
        b.add(i, j, 'regex');
        i = j;
        prevSignificant = 41;
        continue;
      }
    }
    if (c === 123) braceDepth++;
    else if (c === 125) braceDepth--;
    if (c !== 32 && c !== 9 && c !== NL && c !== 13) prevSignificant = c < 128 && OPERAND_END[c] === 1 ? 41 : c;
    i++;
  }
  return b.build('code', 'tokens');
}

/** End offset (exclusive) of a quoted string starting at `i`; stops at a newline when `singleLine`. */
function scanQuoted(text: string, i: number, quote: string, singleLine: boolean): number {
  const n = text.length;
  let j = i + 1;
  const q = quote.charCodeAt(0);
  while (j < n) {
    const ch = text.charCodeAt(j);
    if (ch === BACKSLASH) j += 2;
    else if (ch === q) return j + 1;
    else if (singleLine && ch === NL) return j;
    else j++;
  }
  return n;
}

// ---------------------------------------------------------------- Python and shell

/** How a here-document body is read: as the language of the interpreter it feeds, as code, or as data. */
type HeredocBody = 'py' | 'sh' | 'code' | 'string';

/**
 * `python3 - <<'EOF'` runs its body: hiding it as a string would let a skill wrap its Python (or shell,
 * node, perl …) in a heredoc to get past every code-only rule. Bodies fed to other commands (`cat`,
 * `tee`, config writers) stay data.
 */
function heredocBody(commandBefore: string): HeredocBody {
  if (/\bpython[0-9.]*\b/.test(commandBefore)) return 'py';
  if (/\b(?:bash|sh|zsh|ksh|dash)\b/.test(commandBefore)) return 'sh';
  if (/\b(?:node|deno|bun|perl|ruby|php|pwsh|powershell|osascript)\b/.test(commandBefore)) return 'code';
  return 'string';
}

/**
 * Python: `#` comments, '…' "…" '''…''' """…""" strings (any prefix). Shell: `#` comments at a word
 * start, '…' and "…" strings, here-document bodies. `$(…)` inside shell double quotes stays a string.
 */
function hashCommentRegions(text: string, lang: 'py' | 'sh'): RegionMap {
  const b = new SpanBuilder();
  const n = text.length;
  let i = 0;
  const pendingHeredocs: Array<{ tag: string; strip: boolean; body: HeredocBody }> = [];
  /** A body is tokenized in its own language (python/shell) or left as code when it feeds another interpreter. */
  const addBody = (start: number, end: number, body: HeredocBody) => {
    if (body === 'string') return b.add(start, end, 'string');
    if (body === 'code') return;
    const inner = hashCommentRegions(text.slice(start, end), body);
    for (let k = 0; k < inner.starts.length; k++) b.add(start + (inner.starts[k] as number), start + (inner.ends[k] as number), inner.kinds[k] as RegionKind);
  };
  while (i < n) {
    const c = text[i] as string;
    if (c === '\n' && pendingHeredocs.length > 0) {
      // Here-document bodies start on the line after the operator.
      let j = i + 1;
      for (const doc of pendingHeredocs.splice(0)) {
        const bodyStart = j;
        for (;;) {
          if (j >= n) break;
          const e = text.indexOf('\n', j);
          const lineEndAt = e === -1 ? n : e;
          const line = text.slice(j, lineEndAt);
          if ((doc.strip ? line.replace(/^\t+/, '') : line) === doc.tag) {
            addBody(bodyStart, j, doc.body);
            j = lineEndAt;
            break;
          }
          j = lineEndAt + 1;
          if (j > n) {
            addBody(bodyStart, n, doc.body);
            j = n;
            break;
          }
        }
      }
      i = j;
      continue;
    }
    if (c === '#') {
      const prev = i === 0 ? '\n' : (text[i - 1] as string);
      if (lang === 'py' || /[\s;&|(]/.test(prev)) {
        const e = text.indexOf('\n', i);
        const end = e === -1 ? n : e;
        b.add(i, end, 'comment');
        i = end;
        continue;
      }
    }
    if (lang === 'py' && (c === '"' || c === "'")) {
      let start = i;
      while (start > 0 && /[rRbBfFuU]/.test(text[start - 1] as string) && i - start < 2) start--;
      if (text.startsWith(c.repeat(3), i)) {
        const e = text.indexOf(c.repeat(3), i + 3);
        const end = e === -1 ? n : e + 3;
        b.add(start, end, 'string');
        i = end;
        continue;
      }
      const end = scanQuoted(text, i, c, true);
      b.add(start, end, 'string');
      i = end;
      continue;
    }
    if (lang === 'sh') {
      if (c === "'") {
        const e = text.indexOf("'", i + 1);
        const end = e === -1 ? n : e + 1;
        b.add(i, end, 'string');
        i = end;
        continue;
      }
      if (c === '"') {
        const end = scanQuoted(text, i, '"', false);
        b.add(i, end, 'string');
        i = end;
        continue;
      }
      if (c === '\\') {
        i += 2;
        continue;
      }
      if (c === '<' && text[i + 1] === '<' && text[i + 2] !== '<') {
        const m = /^<<(-?)\s*(['"]?)([A-Za-z_][A-Za-z0-9_]*)\2/.exec(text.slice(i, i + 80));
        if (m) {
          pendingHeredocs.push({ tag: m[3] as string, strip: m[1] === '-', body: heredocBody(text.slice(text.lastIndexOf('\n', i) + 1, i)) });
          i += m[0].length;
          continue;
        }
      }
    }
    i++;
  }
  return b.build('code', 'tokens');
}

// ---------------------------------------------------------------- Markdown

const SHELL_LIKE = new Set(['', 'sh', 'bash', 'shell', 'zsh', 'console', 'shell-session', 'python', 'py', 'python3', 'yaml', 'yml', 'toml', 'ruby', 'rb', 'powershell', 'ps1', 'dockerfile', 'ini', 'conf']);
const SLASH_LIKE = new Set(['js', 'javascript', 'ts', 'typescript', 'jsx', 'tsx', 'mjs', 'cjs', 'json5', 'jsonc', 'c', 'cpp', 'go', 'rust', 'rs', 'java', 'kotlin', 'swift', 'php']);

/**
 * Markdown: fenced code blocks are `code` (their whole-line comments `comment`), HTML comments are
 * `comment`, everything else is `prose` (inline code included: a command named in a sentence is
 * still an instruction, but a call named in a sentence is not a call).
 */
function markdownRegions(text: string): RegionMap {
  const b = new SpanBuilder();
  const n = text.length;
  let pos = 0;
  let fence: { ch: string; len: number; lang: string } | undefined;
  let htmlComment = -1;
  while (pos < n) {
    const e = text.indexOf('\n', pos);
    const end = e === -1 ? n : e;
    const line = text.slice(pos, end);
    if (fence) {
      const close = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
      if (close && (close[1] as string)[0] === fence.ch && (close[1] as string).length >= fence.len) {
        fence = undefined;
      } else {
        const trimmed = line.trimStart();
        const isComment =
          (SHELL_LIKE.has(fence.lang) && trimmed.startsWith('#') && !trimmed.startsWith('#!')) ||
          (SLASH_LIKE.has(fence.lang) && trimmed.startsWith('//'));
        b.add(pos, end + 1 > n ? n : end + 1, isComment ? 'comment' : 'code');
      }
    } else if (htmlComment >= 0) {
      const close = line.indexOf('-->');
      if (close !== -1) {
        b.add(htmlComment, pos + close + 3, 'comment');
        htmlComment = -1;
      }
    } else {
      const open = /^ {0,3}(`{3,}|~{3,})\s*([A-Za-z0-9_+-]*)/.exec(line);
      if (open && !((open[1] as string)[0] === '`' && line.slice((open[0] as string).length).includes('`'))) {
        fence = { ch: (open[1] as string)[0] as string, len: (open[1] as string).length, lang: (open[2] as string).toLowerCase() };
      } else {
        let from = 0;
        for (;;) {
          const s = line.indexOf('<!--', from);
          if (s === -1) break;
          const c = line.indexOf('-->', s + 4);
          if (c === -1) {
            htmlComment = pos + s;
            break;
          }
          b.add(pos + s, pos + c + 3, 'comment');
          from = c + 3;
        }
      }
    }
    pos = end + 1;
  }
  if (htmlComment >= 0) b.add(htmlComment, n, 'comment');
  return b.build('prose', 'markdown');
}
