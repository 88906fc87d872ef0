// Obfuscated code execution: eval/exec/new Function run on something a decoder produced (base64, hex,
// char codes, compressed or reversed strings). Plain eval is common; eval of decoded data is a payload.
import type { Rule, RuleHit } from '../../types.js';
import { skipDescribed } from '../prose.js';

/** Calls that run a string as code. */
const EXEC = String.raw`(?:\b(?:eval|exec|execScript|compile)|(?:\bnew\s{1,4})?\bFunction|\bvm\.runIn(?:This|New)?Context|\bvm\.Script)`;
/** Decoders whose output is code only when someone hid it. */
const DECODER = String.raw`(?:\b(?:atob|b(?:16|32|64|85)decode|urlsafe_b64decode|a85decode|fromhex|unhexlify|fromCharCode|decompress|marshal\.loads|codecs\.decode)\s{0,4}\(|\bBuffer\.from\([^)\n]{0,200}["'](?:base64|base64url|hex)["']|\[::-1\])`;

/** `exec(base64.b64decode(x))`, `eval(atob(s))`, `new Function(codes.map(c => String.fromCharCode(c ^ k)).join(''))`. */
const DIRECT_RE = new RegExp(String.raw`${EXEC}\s{0,4}\(\s{0,4}[^;\n]{0,300}?${DECODER}`, 'g');
/** `payload = base64.b64decode(blob).decode()` — a decoder's result kept in a variable. */
const ASSIGN_RE = new RegExp(String.raw`(?:^|[;\s(])(?:(?:const|let|var)\s{1,4})?([A-Za-z_$][\w$]{0,40})\s{0,4}=(?!=)[^;\n]{0,160}?${DECODER}`, 'gm');

/** Native code run from a byte buffer (shellcode loaders): ctypes function pointers, executable mappings, VirtualAlloc. */
const SHELLCODE_RE = /\bCFUNCTYPE\s{0,4}\([^)\n]{0,100}\)\s{0,4}\(\s{0,4}(?:ctypes\.)?(?:addressof|cast)\s{0,4}\(|\bmmap\.mmap\([^)\n]{0,200}\bPROT_EXEC\b|\bVirtualAlloc(?:Ex)?\s{0,4}\([^\n]{0,200}\b(?:0x40|PAGE_EXECUTE_READWRITE)\b/g;

function findObfuscatedExec(text: string): RuleHit[] {
  const out: RuleHit[] = [];
  SHELLCODE_RE.lastIndex = 0;
  for (let m = SHELLCODE_RE.exec(text); m; m = SHELLCODE_RE.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, detail: 'runs a byte buffer as native code' });
  DIRECT_RE.lastIndex = 0;
  for (let m = DIRECT_RE.exec(text); m; m = DIRECT_RE.exec(text)) out.push({ start: m.index, end: m.index + m[0].length, detail: 'runs decoded data as code' });
  // The two-step form: a decoded value in a variable that is later run.
  const names = new Set<string>();
  ASSIGN_RE.lastIndex = 0;
  for (let m = ASSIGN_RE.exec(text); m && names.size < 64; m = ASSIGN_RE.exec(text)) names.add(m[1] as string);
  if (names.size > 0) {
    const escaped = [...names].map((n) => n.replace(/\$/g, '\\$'));
    const run = new RegExp(String.raw`${EXEC}\s{0,4}\(\s{0,4}(?:${escaped.join('|')})(?![\w$])(?:\.decode\(\s{0,4}(?:["'][\w-]{1,10}["'])?\s{0,4}\)|\.toString\(\s{0,4}(?:["'][\w-]{1,10}["'])?\s{0,4}\))?\s{0,4}[,)]`, 'g');
    for (let m = run.exec(text); m; m = run.exec(text)) {
      if (!out.some((o) => o.start <= m!.index && m!.index < o.end)) out.push({ start: m.index, end: m.index + m[0].length, detail: 'runs a decoded variable as code' });
    }
  }
  return out;
}

export const obfuscatedExec = {
  id: 'injection.obfuscated-exec',
  severity: 'critical',
  category: 'injection',
  title: 'Runs decoded or de-obfuscated data as code (eval/exec of base64, hex, char codes; shellcode buffers)',
  keywords: ['cfunctype', 'prot_exec', 'virtualalloc', 'atob', 'b64decode', 'b32decode', 'b16decode', 'b85decode', 'a85decode', 'fromhex', 'unhexlify', 'fromcharcode', 'decompress', 'marshal.loads', 'codecs.decode', "'base64'", '"base64"', "'hex'", '"hex"', '[::-1]'],
  match: skipDescribed(findObfuscatedExec),
  // The decoded value may be assigned far from where it is run.
  windowed: false,
  maxLength: 700,
  examples: {
    flagged: [
      { text: "import base64\nexec(base64.b64decode('aW1wb3J0IG9z'))", kind: 'code-py' },
      { text: "const k = 23;\nnew Function(codes.map((c) => String.fromCharCode(c ^ k)).join(''))();", kind: 'code-js' },
      { text: "blob = bytes.fromhex(HEX).decode()\nexec(blob)", kind: 'code-py' },
    ],
    notFlagged: [
      { text: "data = base64.b64decode(payload)\nopen('out.png', 'wb').write(data)", kind: 'code-py' },
      { text: 'const result = eval(expression);', kind: 'code-js' },
    ],
  },
  remediation: 'Decode the payload offline to see what it does, then quarantine the skill: code hidden behind base64/hex/char codes is the usual shape of a dropper.',
} satisfies Rule;

export const obfuscationRules = [obfuscatedExec] satisfies Rule[];
