#!/usr/bin/env node
// Generates docs/rules/<id>.md for every detection rule from the rule data (title, severity, keywords,
// pattern, examples, remediation, sources). Run: node --import tsx scripts/rule-docs.mjs [--check]
// With --check it writes nothing and exits 1 when a page is missing or stale (for CI or a pre-commit hook).
import { readFileSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { RULES } = await import(existsSync(join(root, 'src/detect/index.ts')) ? '../src/detect/index.ts' : '../dist/detect/index.js');

/** Why each family matters; a rule-specific sentence is added where the family text is not enough. */
const WHY_CATEGORY = {
  secret: 'A live credential in a skill, a prompt, a log or outbound traffic can be used by anyone who sees it, and agents copy text around freely: into tool calls, into model context, into other services. Keys for AI providers are also billable.',
  exfil: 'This is how data leaves an agent host: a skill or an injected instruction reads something sensitive and sends it somewhere the operator does not control.',
  injection: 'This is how an attacker gets code or instructions run by the agent or its host: commands that fetch and execute code, hand a shell to a remote party, destroy data, or plant persistence and keys.',
  network: 'Network calls are where a skill can send data. Most are legitimate; each should go to a domain you expect, which is what the allowlist records.',
  domain: 'Where a URL points says a lot about intent: throwaway TLDs, shorteners that hide the destination, raw IPs and known campaign infrastructure are how malicious skills reach their operators.',
};
const WHY_RULE = {
  'secret.private-key': 'A private key gives whoever holds it the identity it stands for (SSH logins, TLS, signing) until every place that trusts it is updated.',
  'secret.openclaw-gateway-token': 'The gateway token is the key to the OpenClaw control plane: with it a remote party can drive the agent, read sessions and change configuration.',
  'secret.generic-assignment': 'Values assigned to names like `api_key` or `password` that look random are usually real credentials with no recognisable prefix.',
  'exfil.credential-read-and-send': 'Reading a credential store and making a network call in the same file is the shape of a credential stealer; either alone is often benign, together they are not.',
  'exfil.markdown-image': 'A client that renders Markdown fetches image URLs automatically; if the URL carries data the model filled in, the data leaves without any tool call (the "EchoLeak" class of attacks).',
  'exfil.request-interceptor': 'Replacing the HTTP client lets code see and alter every request the agent makes, including provider API keys in headers.',
  'injection.fake-prerequisite': 'The ClawHavoc campaign (341 malicious ClawHub skills, Koi Security) used "prerequisites" that told the user or the agent to download and run an installer: the AMOS stealer on macOS.',
  'injection.prompt-override': 'Text an agent reads (a SKILL.md, a fetched page, a tool result) can try to replace its instructions; phrases that override or hide from the user are the tell.',
  'injection.secret-exfil-instruction': 'No legitimate skill asks the agent to send credentials to an outside address; this is prompt injection aimed at the agent\'s secrets.',
  'network.external-url': 'This is informational: it lists every external host so you can decide which ones belong on the allowlist.',
  'domain.known-bad-indicator': 'These indicators were reported by more than one public source about the ClawHavoc / ClawdHub skill campaigns; a match means the skill is tied to that infrastructure.',
};

const HEADINGS = ['What it finds', 'Why it matters', 'Flagged example', 'Not flagged example', 'Options', 'False positives and allowlisting', 'Remediation'];
const fence = (ex) => `\`\`\`${ex.kind === 'markdown' ? 'markdown' : ex.kind === 'code-js' ? 'js' : ex.kind === 'code-py' ? 'python' : ex.kind === 'shell' ? 'sh' : 'text'}\n${ex.text.replace(/```/g, '`\u200b``')}\n\`\`\`\n*(scanned as \`${ex.kind ?? 'text'}\`)*`;

function page(rule) {
  const lines = [`# ${rule.id}`, '', `> ${rule.title}. Severity **${rule.severity}**, category \`${rule.category}\`.`, ''];
  lines.push(`## ${HEADINGS[0]}`, '', `${rule.title}.`, '');
  if (rule.pattern) lines.push('Pattern (JavaScript regular expression, bounded quantifiers only):', '', '```text', rule.pattern.source, '```', '');
  else if (rule.compose) lines.push('A document-level rule: it runs after all other rules on the same document and combines their matches.', '');
  else if (rule.match?.shapes) lines.push('Shapes (each tried only when its literals occur; bounded quantifiers only):', '', '```text', ...rule.match.shapes.map((re) => re.source), '```', '');
  else lines.push('A code matcher (see the rule source for the exact shapes).', '');
  if (rule.keywords.length) lines.push(`Runs only when one of these literals occurs (case-insensitive prefilter): ${rule.keywords.slice(0, 40).map((k) => `\`${k.replace(/`/g, '\\`')}\``).join(', ')}${rule.keywords.length > 40 ? ', …' : ''}.`, '');
  if (rule.minEntropy) lines.push(`The secret part must have at least ${rule.minEntropy} bits/character of Shannon entropy.`, '');
  if (rule.regions) lines.push(`Counts only in these regions: ${rule.regions.join(', ')} (comments, strings, regex literals and Markdown prose are told apart by the engine).`, '');
  if (rule.kinds) lines.push(`Applies to content kinds: ${rule.kinds.join(', ')}.`, '');
  lines.push(`## ${HEADINGS[1]}`, '', WHY_CATEGORY[rule.category], '');
  if (WHY_RULE[rule.id]) lines.push(WHY_RULE[rule.id], '');
  if (rule.sources?.length) lines.push('Sources:', '', ...rule.sources.map((s) => `- ${s}`), '');
  lines.push(`## ${HEADINGS[2]}`, '');
  for (const ex of rule.examples?.flagged ?? []) lines.push(fence(ex), '');
  lines.push(`## ${HEADINGS[3]}`, '');
  for (const ex of rule.examples?.notFlagged ?? []) lines.push(fence(ex), '');
  lines.push(`## ${HEADINGS[4]}`, '');
  const opts = ['- `maxDecodeDepth` (scan context, default 2): how deep base64/hex/URL/escape/charcode/concatenation decoding goes before the rules run on the decoded text.'];
  if (rule.id === 'network.external-url') opts.push('- `allowDomains` (scan context) and `.egress-allowlist.json`: hosts on the allowlist (and their subdomains) are not reported. Built-in safe domains always apply.');
  opts.push('- `signatureData` (scan context): forces a document to be treated as signature data (only secret rules apply) or as code.');
  lines.push(...opts, '');
  lines.push(`## ${HEADINGS[5]}`, '');
  if (rule.category === 'secret') lines.push('Placeholders are ignored: `sk-...`, `YOUR_API_KEY`, `<token>`, `${VAR}`, `$VAR`, `process.env.X`, `os.environ[...]`, runs of `x`/`*`, and vendor examples such as `AKIAIOSFODNN7EXAMPLE`.', '');
  else lines.push('Hits in Markdown prose or comments are dropped when the sentence negates or describes them ("never run …", "detects …", pattern tables). Files that are signature data (pattern lists, IOC feeds, regex literals in rule code) do not trigger non-secret rules.', '');
  lines.push(
    'To accept a specific finding, add a suppression with a reason to `.clawguard-suppressions.json` (suppressed findings are still counted in every report):',
    '',
    '```json',
    JSON.stringify({ suppressions: [{ ruleId: rule.id, path: 'skills/my-skill/**', hash: '<match hash from --json output>', reason: 'why this is acceptable', expires: '2027-01-01' }] }, null, 2),
    '```',
    '',
  );
  lines.push(`## ${HEADINGS[6]}`, '', rule.remediation ?? 'Review the finding and remove the code or text if it is not expected.', '');
  const auto = rule.category === 'network' || rule.category === 'exfil' ? '`clawguard egress block <skill>` comments out HIGH network lines in code files; `clawguard egress protect` also quarantines skills with CRITICAL findings.' : rule.category === 'secret' ? 'Not automatic: rotate the credential at its issuer, then remove it (`clawguard incident rotate` handles the OpenClaw gateway token).' : '`clawguard egress protect` quarantines skills with CRITICAL findings; nothing is rewritten automatically.';
  lines.push(`Automatic fix: ${auto}`, '');
  return lines.join('\n');
}

const check = process.argv.includes('--check');
const dir = join(root, 'docs/rules');
mkdirSync(dir, { recursive: true });
let stale = 0;
for (const rule of RULES) {
  const file = join(dir, `${rule.id}.md`);
  const text = page(rule);
  const current = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  if (current === text) continue;
  stale++;
  if (check) console.error(`stale or missing: docs/rules/${rule.id}.md`);
  else writeFileSync(file, text);
}
console.log(`${RULES.length} rules, ${stale} page(s) ${check ? 'stale' : 'written'}`);
if (check && stale > 0) process.exitCode = 1;
