// Renders docs/rules/<check-id>.md and the check table of docs/audit.md from the check registry and the fixtures (kept in sync by a test; UPDATE_DOCS=1 rewrites them).
import { CHECKS } from './checks/index.js';
import { AUDIT_FIXTURES, SECURE_BASE, type AuditFixture } from './fixtures.js';
import type { Check } from './types.js';

export const TABLE_START = '<!-- checks:start (generated from src/audit/checks; UPDATE_DOCS=1 npm test refreshes) -->';
export const TABLE_END = '<!-- checks:end -->';

function severities(c: Check): string {
  return [c.severity, ...(c.severities ?? [])].join(' / ');
}

function fixtureExample(f: AuditFixture): string {
  const parts: string[] = [];
  if (f.configText === null) parts.push('No openclaw.json at all (OpenClaw defaults).');
  else if (f.configText) parts.push('```json5', f.configText.trimEnd(), '```');
  else if (f.config) parts.push('On top of the hardened baseline (see `secure-baseline`), the config sets (`null` removes a baseline key):', '', '```json', JSON.stringify(f.config, null, 2), '```');
  const files = Object.entries(f.files ?? {}).map(([p, spec]) => (Array.isArray(spec) ? `\`${p}\` (mode ${spec[1].toString(8)})` : `\`${p}\``));
  if (files.length) parts.push('', `Files: ${files.join(', ')}.`);
  const modes = Object.entries(f.dirModes ?? {}).map(([p, m]) => `\`${p}\` ${m.toString(8)}`);
  if (f.configMode !== undefined) modes.push(`\`openclaw.json\` ${f.configMode.toString(8)}`);
  if (modes.length) parts.push('', `Modes: ${modes.join(', ')}.`);
  if (f.symlinks) parts.push('', `Symlinks: ${Object.entries(f.symlinks).map(([a, b]) => `\`${a}\` → \`${b}\``).join(', ')}.`);
  if (f.env) parts.push('', `Environment: ${Object.keys(f.env).map((k) => `\`${k}\``).join(', ')}.`);
  return parts.join('\n');
}

export function renderCheckDoc(c: Check): string {
  const positive = AUDIT_FIXTURES.find((f) => f.expect.some((e) => e.id === c.id));
  const negative = AUDIT_FIXTURES.find((f) => f.absent?.includes(c.id)) ?? AUDIT_FIXTURES.find((f) => f.name === 'secure-baseline');
  const lines = [
    `# ${c.id}`,
    '',
    `**${c.title}** — severity ${severities(c)}${c.openclawId ? `; same id as \`openclaw security audit\` (\`${c.openclawId}\`)` : '; clawguard only (the real audit has no such check)'}${c.deep ? '; runs only with `--deep`' : ''}.`,
    '',
    '## What it finds',
    '',
    `${c.title}.`,
    '',
    '## Why it matters',
    '',
    c.why,
    '',
    '## Flagged example',
    '',
    positive ? `Test fixture \`${positive.name}\` (src/audit/fixtures.ts):\n\n${fixtureExample(positive)}` : 'Covered by the `--deep` tests (src/audit/deep.test.ts): a live listener and a fake procfs.',
    '',
    '## Not flagged example',
    '',
    negative ? `Test fixture \`${negative.name}\`${negative.name === 'secure-baseline' ? `, the hardened baseline:\n\n\`\`\`json\n${JSON.stringify(SECURE_BASE, null, 2)}\n\`\`\`` : `:\n\n${fixtureExample(negative)}`}` : 'See src/audit/deep.test.ts.',
    '',
    '## Options',
    '',
    c.deep ? '`--deep` enables it; `--probe-timeout <ms>` bounds each probe.' : 'None; the check always runs.',
    '',
    '## False positives and allowlisting',
    '',
    `Accept the risk with a suppression (reason required, optional expiry) in \`<state>/.clawguard-suppressions.json\`: \`{"suppressions": [{"ruleId": "${c.id}", "reason": "…", "expires": "2027-01-01"}]}\`${c.openclawId ? `, or in OpenClaw's own \`security.audit.suppressions\` (\`{"checkId": "${c.openclawId}", "reason": "…"}\`), which clawguard honours too` : ''}. Suppressed findings are still counted.`,
    '',
    '## Remediation',
    '',
    `${c.remediation}${c.fix ? '\n\n`clawguard audit --fix` applies it (atomic edit or chmod, backup, `--dry-run` shows the diff, `--undo` restores).' : '\n\nNot applied by `--fix`: the change needs a human decision.'}`,
    '',
  ];
  return lines.join('\n');
}

export function renderCheckTable(): string {
  const rows = CHECKS.map((c) => `| [\`${c.id}\`](rules/${c.id}.md) | ${severities(c)} | ${c.openclawId ? 'same id' : 'clawguard'} | ${c.fix ? 'yes' : ''} | ${c.deep ? 'yes' : ''} | ${c.title.replace(/\|/g, '\\|')} |`);
  return [TABLE_START, '', `${CHECKS.length} checks.`, '', '| id | severity | OpenClaw | --fix | --deep | finds |', '| --- | --- | --- | --- | --- | --- |', ...rows, '', TABLE_END].join('\n');
}
