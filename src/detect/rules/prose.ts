// Section context for Markdown: a command or instruction quoted inside a section that describes attacks
// ("## What poisoned skills do", "## Red flags") is an example, not an instruction — unless its own
// sentence tells the reader to run it. Used by injection rules on SKILL.md and other prose.
import { countBelow } from '../sorted.js';
import type { RuleHit, ScanContext } from '../types.js';

/** Headings that introduce descriptions of attacks, threats or things to avoid. */
const DESCRIPTIVE_HEADING =
  /\b(?:attacks?|attackers?|malicious|malware|poison(?:ed|ing)?|threats?|red[ -]flags?|warning signs|indicators?|iocs?|examples? of|anti-?patterns?|what (?:\w+ ){0,3}(?:do|does|looks? like)|how (?:\w+ ){0,3}(?:attacks?|steal|work)s?|detections?|techniques?|tactics|known[ -]bad|scams?|phishing|dangerous|unsafe)\b/i;
/** A sentence that tells the reader to do it ("Run …", "Paste this into Terminal", "Before using …, install"). */
const IMPERATIVE_START =
  /^(?:[-*+>]|\d{1,3}[.)])?\s{0,4}(?:\*\*[^*\n]{0,80}\*\*:?\s{0,4})?(?:(?:please|now|then|first|next|finally|also)[,\s]{1,4})?(?:run|paste|execute|install|download|open|copy|type|enter|launch|start|send|upload|post|read|call|fetch|before)\b/i;
/** How far back a heading is looked for. */
const HEADING_REACH = 6000;

let fenceText: string | undefined;
let fenceAt: number[] = [];

/** Offsets of the code-fence lines of `text`, computed once per text (hits of one document share them). */
function fencesOf(text: string): number[] {
  if (text !== fenceText) {
    fenceText = text;
    fenceAt = [];
    const re = /^\s{0,3}(?:```|~~~)/gm;
    for (let m = re.exec(text); m; m = re.exec(text)) fenceAt.push(m.index);
  }
  return fenceAt;
}

/** Whether `offset` lies inside a fenced code block: an odd number of fence lines before it. */
function insideFence(text: string, offset: number): boolean {
  return countBelow(fencesOf(text), offset) % 2 === 1;
}

/** Start of the sentence holding `offset`: the last sentence end, blank line or list item before it. */
function sentenceStart(text: string, offset: number): number {
  const from = Math.max(0, offset - 400);
  const before = text.slice(from, offset);
  let cut = 0;
  const re = /[.!?]\s|\n\s*\n|\n\s{0,3}(?:[-*+>]|\d{1,3}[.)])\s|\n#/g;
  for (let m = re.exec(before); m; m = re.exec(before)) cut = m.index + (m[0].startsWith('\n') ? 1 : m[0].length);
  return from + cut;
}

/**
 * Whether the hit at `offset` of a Markdown text sits outside code fences, under a heading that
 * describes attacks, in a sentence that does not tell the reader to act.
 */
export function inDescriptiveSection(text: string, offset: number): boolean {
  const from = Math.max(0, offset - HEADING_REACH);
  const before = text.slice(from, offset);
  const re = /^#{1,6}[ \t]{1,4}([^\n]{1,160})$/gm;
  let heading: RegExpExecArray | null = null;
  for (let m = re.exec(before); m; m = re.exec(before)) if (!insideFence(text, from + m.index)) heading = m;
  if (!heading || !DESCRIPTIVE_HEADING.test(heading[1] as string)) return false;
  if (insideFence(text, offset)) return false;
  const s = sentenceStart(text, offset);
  return !IMPERATIVE_START.test(text.slice(s, offset).trimStart());
}

/**
 * Wraps a matcher so that, in Markdown, hits inside attack-describing sections are dropped. Extra
 * properties of the matcher (a gated matcher's `gates`) are kept for the engine's prefilter.
 */
export function skipDescribed<F extends (text: string, ctx: ScanContext) => RuleHit[]>(fn: F): F & ((text: string, ctx: ScanContext) => RuleHit[]) {
  const wrapped = (text: string, ctx: ScanContext): RuleHit[] => {
    const hits = fn(text, ctx);
    if (ctx?.kind !== 'markdown' || hits.length === 0) return hits;
    try {
      return hits.filter((h) => !inDescriptiveSection(text, h.start));
    } finally {
      fenceText = undefined; // do not keep the document alive after its scan
      fenceAt = [];
    }
  };
  return Object.assign(wrapped, fn) as unknown as F & ((text: string, ctx: ScanContext) => RuleHit[]);
}
