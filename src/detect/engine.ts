// The scan pipeline: keyword prefilter → rules whose keywords hit → precise check → entropy and
// placeholder gates → context filters → decoders (rescan, depth-bounded) → composite rules → evidence.
import { BUILTIN_SAFE_DOMAINS, isIpLiteral, isSameOrSubdomain } from '../core/allowlist.js';
import { isNegatedOrDescriptive, isSignatureData } from './context.js';
import { DECODER_KEYWORDS, findEncodedSpans } from './decoders.js';
import { shannonEntropy } from './entropy.js';
import { LineIndex } from './lines.js';
import { isPlaceholder } from './placeholders.js';
import { MAX_POSITIONS, MIN_KEYWORD_LENGTH, buildPrefilter, keywordSeen, releaseMemo, setFoundKeywords, type Prefilter } from './prefilter.js';
import { isPublicIp, releaseUrlMemo } from './url.js';
import { SecretSpans, buildEvidence, matchHash } from './redact.js';
import { buildRegions, regionAt, type RegionMap } from './regions.js';
import type { Match, RegionKind, Rule, RuleHit, ScanContext } from './types.js';

/** Default decode-and-rescan depth (base64 inside URL-encoding is depth 2). */
export const DEFAULT_DECODE_DEPTH = 2;

/** A compiled rule set: the rules, one keyword alternation, and who listens to which keyword. */
export interface RuleSet {
  rules: readonly Rule[];
  /** One pass over the text reporting which keywords occur. */
  prefilter: Prefilter;
  byKeyword: Map<string, number[]>;
  /** Rules without keywords: always run. */
  always: number[];
  composites: readonly Rule[];
  /** Longest match any rule can produce (for stream overlap). */
  maxLength: number;
  /** Per-rule scratch for `activeRules` (0 idle, 1 windows, 2 whole text), reset after every use. */
  scratch: { mode: Uint8Array; spans: Array<Array<[number, number]> | undefined> };
}

export function compileRules(rules: readonly Rule[]): RuleSet {
  const byKeyword = new Map<string, number[]>();
  const always: number[] = [];
  rules.forEach((rule, i) => {
    if (rule.compose) return;
    if (rule.keywords.length === 0) always.push(i);
    for (const kw of rule.keywords) {
      const k = kw.toLowerCase();
      const list = byKeyword.get(k) ?? [];
      list.push(i);
      byKeyword.set(k, list);
    }
    // Gate literals of gated matchers ride along in the same prefilter pass (they wake no rule).
    const gates = (rule.match as { gates?: readonly string[] } | undefined)?.gates ?? [];
    for (const g of gates) if (g.length >= MIN_KEYWORD_LENGTH && !byKeyword.has(g)) byKeyword.set(g, []);
  });
  // So are the decoders' literals: `findEncodedSpans` asks the prefilter's answer for them.
  for (const k of DECODER_KEYWORDS) if (!byKeyword.has(k)) byKeyword.set(k, []);
  const everyPosition = new Set(rules.filter((r) => r.everyKeywordPosition && !r.compose).flatMap((r) => r.keywords.map((k) => k.toLowerCase())));
  return {
    rules,
    prefilter: buildPrefilter([...byKeyword.keys()], everyPosition),
    byKeyword,
    always,
    composites: rules.filter((r) => r.compose),
    maxLength: Math.max(256, ...rules.map((r) => r.maxLength ?? 1024)),
    scratch: { mode: new Uint8Array(rules.length), spans: new Array(rules.length) },
  };
}

/** Slack added around keyword windows: a match may extend this far beyond `maxLength` from its keyword. */
const WINDOW_SLACK = 256;
/** Texts up to this long are never split into keyword windows (a window is at least ~1.3 KB wide). */
const SMALL_TEXT = 2048;
/** Characters at a window's inner edges where lookbehind/lookahead context is cut: hits there are dropped. */
const WINDOW_MARGIN = 64;

/** A rule to run on a text: its index, and the windows to scan (`undefined`: the whole text). */
interface ActiveRule {
  index: number;
  windows: Array<[number, number]> | undefined;
}

/**
 * Rules whose keywords occur in `text` (plus the keyword-less ones) and that apply to `kind`, each
 * with the windows it needs to scan: merged spans around its keyword occurrences, or `undefined` for
 * the whole text (a dense keyword, a keyword-less rule, a rule that reads context outside its match,
 * or windows covering most of the text). Plain indexed loops: this runs once per document and layer,
 * and its optimised code is compiled in every worker.
 */
function activeRules(set: RuleSet, text: string, kind: ScanContext['kind']): ActiveRule[] {
  const found = set.prefilter.positions(text);
  setFoundKeywords(text, found, set.prefilter.has);
  // Windows pay off only when they can skip text: a short text is scanned whole by every active rule.
  const whole = text.length <= SMALL_TEXT;
  const { mode, spans } = set.scratch;
  const rules = set.rules;
  const always = set.always;
  const applies = (rule: Rule) => rule.kinds === undefined || rule.kinds.includes(kind);
  for (let q = 0; q < always.length; q++) {
    const i = always[q] as number;
    if (applies(rules[i] as Rule)) mode[i] = 2;
  }
  // Walks the keywords found (a handful) rather than every keyword of every rule.
  found.forEach((pos, k) => {
    const listeners = set.byKeyword.get(k);
    if (listeners === undefined) return;
    for (let q = 0; q < listeners.length; q++) {
      const i = listeners[q] as number;
      if (mode[i] === 2) continue;
      const rule = rules[i] as Rule;
      if (!applies(rule)) continue;
      // An every-position keyword may list thousands: more than a few windows' worth is as good as dense.
      if (whole || pos === null || pos.length > MAX_POSITIONS || rule.windowed === false || rule.everyKeywordPosition) {
        mode[i] = 2;
        continue;
      }
      mode[i] = 1;
      const list = (spans[i] ??= []);
      const reach = (rule.maxLength ?? 1024) + WINDOW_SLACK + WINDOW_MARGIN;
      for (let j = 0; j < pos.length; j++) {
        const p = pos[j] as number;
        list.push([Math.max(0, p - reach), Math.min(text.length, p + k.length + reach)]);
      }
    }
  });
  const out: ActiveRule[] = [];
  for (let i = 0; i < mode.length; i++) {
    const m = mode[i];
    if (m === 0) continue;
    mode[i] = 0;
    const list = spans[i];
    if (m === 2) {
      out.push({ index: i, windows: undefined });
      if (list) list.length = 0;
      continue;
    }
    out.push({ index: i, windows: mergeWindows(list as Array<[number, number]>, text.length) });
  }
  return out;
}

/** Sorts and merges a rule's windows (emptying `list`); `undefined` when they cover most of the text. */
function mergeWindows(list: Array<[number, number]>, textLength: number): Array<[number, number]> | undefined {
  list.sort((x, y) => x[0] - y[0]);
  const merged: Array<[number, number]> = [];
  let covered = 0;
  for (let q = 0; q < list.length; q++) {
    const sp = list[q] as [number, number];
    const last = merged[merged.length - 1];
    if (last !== undefined && sp[0] <= last[1]) last[1] = Math.max(last[1], sp[1]);
    else merged.push([sp[0], sp[1]]);
  }
  list.length = 0;
  for (let q = 0; q < merged.length; q++) covered += (merged[q] as [number, number])[1] - (merged[q] as [number, number])[0];
  return covered > textLength / 2 ? undefined : merged;
}

/** Runs a rule on its windows (or the whole text), mapping hits back and dropping edge artefacts. */
function runRuleWindowed(rule: Rule, text: string, ctx: ScanContext, windows: Array<[number, number]> | undefined): RuleHit[] {
  if (!windows) return runRule(rule, text, ctx);
  const out: RuleHit[] = [];
  for (const [ws, we] of windows) {
    const slice = text.slice(ws, we);
    const lo = ws === 0 ? 0 : WINDOW_MARGIN;
    const hi = we === text.length ? slice.length : slice.length - WINDOW_MARGIN;
    for (const h of runRule(rule, slice, ctx)) {
      if (h.start < lo || h.end > hi) continue;
      out.push({
        ...h,
        start: h.start + ws,
        end: h.end + ws,
        ...(h.secretStart !== undefined ? { secretStart: h.secretStart + ws, secretEnd: (h.secretEnd as number) + ws } : {}),
      });
    }
  }
  return out;
}

/** A hit that passed a rule's own gates, before context filters and evidence. */
interface RawHit extends RuleHit {
  rule: Rule;
  region?: RegionKind;
  decodedBy: string[];
  /** Evidence and hash, when computed in a decoded layer (the source span is encoded). */
  evidence?: string;
  hash?: string;
}

function runRule(rule: Rule, text: string, ctx: ScanContext): RuleHit[] {
  if (rule.match) return rule.match(text, ctx);
  const re = rule.pattern;
  if (!re) return [];
  const hits: RuleHit[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++;
      continue;
    }
    const hit: RuleHit = { start: m.index, end: m.index + m[0].length };
    const g = rule.secretGroup;
    if (g !== undefined && m[g] !== undefined) {
      const secret = m[g] as string;
      const rel = m[0].lastIndexOf(secret);
      hit.secretStart = m.index + rel;
      hit.secretEnd = hit.secretStart + secret.length;
    }
    hits.push(hit);
  }
  return hits;
}

function passesValueGates(rule: Rule, hit: RuleHit, text: string): boolean {
  const value = text.slice(hit.secretStart ?? hit.start, hit.secretEnd ?? hit.end);
  if (rule.allow?.some((re) => re.test(value))) return false;
  if (rule.category === 'secret' && isPlaceholder(value)) return false;
  if (rule.minEntropy !== undefined && shannonEntropy(value) < rule.minEntropy) return false;
  return true;
}

/** The built-in safe domains as a set: a host is checked by walking its own suffixes. */
const SAFE_DOMAINS = new Set(BUILTIN_SAFE_DOMAINS);

function isAllowedHost(host: string, extra: readonly string[] | undefined): boolean {
  const h = host.toLowerCase();
  if ((/^[\d.]+$/.test(h) || h.includes(':')) && isIpLiteral(h)) return !isPublicIp(h);
  // h itself, then every suffix after a dot: the same as `h === e || h.endsWith('.' + e)` per entry.
  for (let i = 0; i !== -1; i = h.indexOf('.', i) + 1 || -1) if (SAFE_DOMAINS.has(i === 0 ? h : h.slice(i))) return true;
  return (extra ?? []).some((e) => isSameOrSubdomain(h, e.toLowerCase()));
}

/** Scans one layer (the document, or a decoded span) and returns raw hits in this layer's offsets. */
function scanLayer(set: RuleSet, text: string, ctx: ScanContext, depth: number, signature: boolean): RawHit[] {
  const out: RawHit[] = [];
  let regions: RegionMap | undefined;
  const regionOf = (offset: number): RegionKind => {
    regions ??= buildRegions(text, ctx.kind, ctx.path);
    return regionAt(regions, offset);
  };
  const nonCodeKind = ctx.kind === 'markdown' || ctx.kind === 'code-js' || ctx.kind === 'code-py' || ctx.kind === 'shell';
  const active = activeRules(set, text, ctx.kind);
  for (let a = 0; a < active.length; a++) {
    const { index, windows } = active[a] as ActiveRule;
    const rule = set.rules[index] as Rule;
    if (signature && rule.category !== 'secret') continue;
    let hits: RuleHit[];
    try {
      hits = runRuleWindowed(rule, text, ctx, windows);
    } catch {
      continue; // a rule's matcher must never take the scan down
    }
    for (const hit of hits) {
      if (!passesValueGates(rule, hit, text)) continue;
      if (hit.host && rule.id === 'network.external-url' && isAllowedHost(hit.host, ctx.allowDomains)) continue;
      let region: RegionKind = 'code';
      if (nonCodeKind) {
        region = regionOf(hit.start);
        if (region === 'regex' && rule.category !== 'secret') continue;
        if (rule.regions && !rule.regions.includes(region)) continue;
        const polarity = rule.polarity ?? rule.category !== 'secret';
        if (polarity && (region === 'prose' || region === 'comment') && isNegatedOrDescriptive(text, hit.start)) continue;
      }
      out.push({ ...hit, rule, region, decodedBy: [] });
    }
  }
  const maxDepth = ctx.maxDecodeDepth ?? DEFAULT_DECODE_DEPTH;
  if (depth < maxDepth) {
    for (const span of findEncodedSpans(text, (k) => keywordSeen(text, k))) {
      // A decoded layer is plain text: its own hits are what the encoding hid.
      const inner = scanLayer(set, span.text, { ...ctx, kind: 'text', path: undefined }, depth + 1, false);
      if (inner.length === 0) continue;
      const region: RegionKind = nonCodeKind ? regionOf(span.start) : 'code';
      if (region === 'regex') continue;
      const secretSpans = new SecretSpans(inner.filter((h) => h.rule.category === 'secret').map((h) => [h.secretStart ?? h.start, h.secretEnd ?? h.end] as const));
      for (const h of inner) {
        const [s, e] = span.toSource(h.start, h.end);
        const matched = span.text.slice(h.secretStart ?? h.start, h.secretEnd ?? h.end);
        out.push({
          rule: h.rule,
          start: s,
          end: e,
          host: h.host,
          detail: h.detail,
          region,
          decodedBy: [span.decoder, ...h.decodedBy],
          evidence: h.evidence ? `[${span.decoder}]${h.evidence}` : `[${span.decoder}] ${buildEvidence(span.text, h.start, h.end, secretSpans.overlapping(h.start, h.end))}`,
          hash: h.hash ?? matchHash(matched),
        });
      }
    }
  }
  return out;
}

function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

/** Drops duplicates, decoded hits already seen plainly, and generic hits covered by a specific one. */
function settle(hits: RawHit[]): RawHit[] {
  if (hits.length <= 1) return hits;
  hits.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.id.localeCompare(b.rule.id));
  const seen = new Set<string>();
  const kept: RawHit[] = [];
  for (const h of hits) {
    const key = `${h.rule.id}\0${h.start}\0${h.end}`;
    if (seen.has(key)) continue;
    seen.add(key);
    kept.push(h);
  }
  // A hit is dropped when another hit covers it: a specific rule over a generic one, a plain hit over
  // the same rule decoded, or a wider hit of the same rule (a path and its file name).
  const dominated = (h: RawHit, o: RawHit): boolean => {
    if (o === h || !overlaps(o, h)) return false;
    if (h.rule.yieldsTo && o.rule !== h.rule && h.rule.yieldsTo.includes(o.rule.category) && !o.rule.yieldsTo) return true;
    if (o.rule !== h.rule) return false;
    if (h.decodedBy.length > 0 && o.decodedBy.length === 0) return true;
    // The same decoded content reached through two decoder chains: keep the shorter chain.
    if (h.hash !== undefined && o.hash === h.hash && h.decodedBy.length > 0 && o.decodedBy.length > 0) {
      return o.decodedBy.length < h.decodedBy.length || (o.decodedBy.length === h.decodedBy.length && kept.indexOf(o) < kept.indexOf(h));
    }
    const covers = o.start <= h.start && o.end >= h.end && o.decodedBy.length === h.decodedBy.length;
    return covers && (o.start < h.start || o.end > h.end || kept.indexOf(o) < kept.indexOf(h));
  };
  return kept.filter((h, idx) => {
    for (let j = idx - 1; j >= 0 && j >= idx - 64; j--) if (dominated(h, kept[j] as RawHit)) return false;
    for (let j = idx + 1; j < kept.length && (kept[j] as RawHit).start < h.end; j++) if (dominated(h, kept[j] as RawHit)) return false;
    return true;
  });
}

function toMatch(h: RawHit, text: string, lines: LineIndex, secretSpans: SecretSpans): Match {
  const { line, column } = lines.position(h.start);
  const isSecret = h.secretStart !== undefined || h.rule.category === 'secret';
  const hashed = text.slice(h.secretStart ?? h.start, h.secretEnd ?? h.end);
  const m: Match = {
    ruleId: h.rule.id,
    severity: h.rule.severity,
    category: h.rule.category,
    title: h.rule.title,
    start: h.start,
    end: h.end,
    line,
    column,
    evidence: h.evidence ?? buildEvidence(text, h.start, h.end, secretSpans.overlapping(h.start, h.end, isSecret ? [h.secretStart ?? h.start, h.secretEnd ?? h.end] : undefined)),
    hash: h.hash ?? matchHash(hashed),
    decodedBy: h.decodedBy,
  };
  if (h.host) m.host = h.host;
  if (h.region) m.region = h.region;
  if (h.detail) m.detail = h.detail;
  return m;
}

/** Full scan of one document with a compiled rule set. */
export function scanWith(set: RuleSet, text: string, ctx: ScanContext): Match[] {
  if (text.length === 0) return [];
  try {
    return scanDocument(set, text, ctx);
  } finally {
    releaseMemo();
    releaseUrlMemo();
  }
}

function scanDocument(set: RuleSet, text: string, ctx: ScanContext): Match[] {
  const signature = isSignatureData(text, ctx);
  const hits = settle(scanLayer(set, text, ctx, 0, signature));
  if (hits.length === 0) return []; // composite rules work on other matches: none here
  const secretSpans = new SecretSpans(
    hits.filter((h) => h.rule.category === 'secret' && h.decodedBy.length === 0).map((h) => [h.secretStart ?? h.start, h.secretEnd ?? h.end] as const),
  );
  const lines = new LineIndex(text);
  const matches = hits.map((h) => toMatch(h, text, lines, secretSpans));
  if (!signature && set.composites.length > 0 && matches.length > 0) {
    for (const rule of set.composites) {
      if (rule.kinds && !rule.kinds.includes(ctx.kind)) continue;
      for (const hit of rule.compose?.(matches, text, ctx) ?? []) {
        const m = toMatch({ ...hit, rule, decodedBy: [] }, text, lines, secretSpans);
        matches.push(m);
      }
    }
  }
  return matches.sort((a, b) => a.start - b.start || a.end - b.end || a.ruleId.localeCompare(b.ruleId));
}
