// Context filters: negated or descriptive prose ("never run curl | bash", "detects reverse shells") and
// documents that are signature data (pattern lists, IOC feeds, rule files) rather than code or instructions.
import { lineStart } from './lines.js';
import type { ScanContext } from './types.js';

/**
 * Words that, earlier in the same sentence, turn an instruction into a prohibition or a description.
 * Kept narrow: "before using this skill, run curl … | bash" has none of them.
 */
const NEGATION_RE =
  /\b(?:never|not|don'?t|doesn'?t|won'?t|can'?t|cannot|shouldn'?t|mustn'?t|avoid(?:s|ing)?|refuse[sd]?|block(?:s|ed|ing)?|den(?:y|ies|ied)|forbid(?:s|den)?|prohibit(?:s|ed)?|disallow(?:s|ed)?|detect(?:s|ed|ing|ion)?|flag(?:s|ged)?|catch(?:es)?|warn(?:s|ing)?|prevent(?:s|ed|ing)?|dangerous|malicious|attacks?|attackers?|e\.g\.|i\.e\.|such as|for example|like this|pattern(?:s)?|signatures?|examples? of|red flags?)\b/i;

/**
 * Whether the hit at `offset` sits in a sentence that negates or describes it. Looks back from the hit
 * to the start of its sentence (same line, or the list item/heading it belongs to); Markdown table
 * rows are descriptive by nature (pattern tables in security docs).
 */
export function isNegatedOrDescriptive(text: string, offset: number): boolean {
  const ls = lineStart(text, offset);
  const before = text.slice(Math.max(ls, offset - 300), offset);
  if (/^\s*\|/.test(text.slice(ls, ls + 8))) return true;
  // Sentence start: the last ". " / "! " / "? " / ": " before the hit on this line.
  const cut = Math.max(before.lastIndexOf('. '), before.lastIndexOf('! '), before.lastIndexOf('? '));
  const sentence = cut >= 0 ? before.slice(cut + 2) : before;
  return NEGATION_RE.test(sentence.replace(/`[^`]*`/g, ' '));
}

const SIGNATURE_PATH_RE =
  /(?:^|[\\/])(?:signatures?|iocs?|yara|rules?[-_]?(?:data|db)?|patterns?)[\\/]|(?:^|[\\/._-])(?:patterns?|signatures?|iocs?|indicators?|blocklist|denylist|blacklist|rules?)[^\\/]*\.(?:json5?|ya?ml|toml|txt|csv|tsv)$|\.(?:yara?|rules)$/i;

/** Regex source inside data: `\s`, `\b`, `(?:`, `[A-Za-z`, `\d{` … (escaped once or twice). */
const REGEX_SOURCE_RE = /\\{1,2}[sbdw][+*{]|\(\?[:i!=]|\[[A-Za-z0-9]-[A-Za-z0-9]|\\{1,2}\.[a-z]/g;

/**
 * Whether the document is signature data: its path says so (`patterns.json`, `iocs/…`, `*.yara`), or
 * it is a config/data file dense with regex source under pattern-ish keys. Such files describe threats;
 * only secret rules still apply to them.
 */
export function isSignatureData(text: string, ctx: ScanContext): boolean {
  if (ctx.signatureData !== undefined) return ctx.signatureData;
  if (ctx.path && SIGNATURE_PATH_RE.test(ctx.path)) return true;
  if (ctx.kind !== 'config') return false;
  const sample = text.length > 65536 ? text.slice(0, 65536) : text;
  if (!/["']?(?:patterns?|regex(?:es)?|signatures?|iocs?|indicators?|rules?|keywords)["']?\s*[:=]/i.test(sample)) return false;
  const hits = sample.match(REGEX_SOURCE_RE)?.length ?? 0;
  return hits >= 5;
}
