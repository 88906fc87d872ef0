// Turns engine matches and file events into Findings: severities, skill-aware locations, remediation, fingerprints.
import { shortHash } from '../core/redact.js';
import type { Finding, Remediation, Severity } from '../core/types.js';
import { isMediaFormat } from './classify.js';
import type { FileEvent, FileMatch } from './types.js';

/** Files `block` can edit (the seed's list plus the JS module extensions). */
export const BLOCKABLE_EXTENSIONS: readonly string[] = ['.py', '.js', '.mjs', '.cjs', '.ts', '.sh', '.bash'];

export function isBlockable(file: string): boolean {
  const lower = file.toLowerCase();
  return BLOCKABLE_EXTENSIONS.some((ext) => lower.endsWith(ext)) && !lower.includes('!/');
}

const AREA_BY_CATEGORY: Record<string, string> = { secret: 'secrets', exfil: 'exfil', injection: 'injection', network: 'network', domain: 'network' };

export interface FindingContext {
  /** Workspace-relative file. */
  file: string;
  /** Workspace-relative skill path, when the file belongs to a skill. */
  skill?: string;
}

function remediationFor(severity: Severity, category: string, ctx: FindingContext, hosts: readonly string[]): Remediation | undefined {
  const skill = ctx.skill;
  if (category === 'secret') {
    return { text: `Remove the secret from ${ctx.file} and rotate it at the provider; a key that was in a skill must be treated as exposed.${skill && severity === 'critical' ? ` Until then, \`clawguard egress quarantine ${skill}\` stops OpenClaw loading the skill.` : ''}`, ...(skill && severity === 'critical' ? { autoFix: 'egress quarantine' as const } : {}) };
  }
  if (severity === 'critical' && skill) {
    return { text: `Quarantine the skill so OpenClaw stops loading it: \`clawguard egress quarantine ${skill}\` (\`egress protect\` does this for every critical skill).`, autoFix: 'egress quarantine' };
  }
  if (severity === 'high' && (category === 'network' || category === 'exfil') && skill && isBlockable(ctx.file)) {
    return { text: `Comment the call out with \`clawguard egress block ${skill}\` (backup kept), or remove it if the skill does not need the network.`, autoFix: 'egress block' };
  }
  if (severity === 'high' || severity === 'critical') {
    return { text: `Review ${ctx.file} by hand${skill ? ` (block only edits ${BLOCKABLE_EXTENSIONS.join(' ')} files); quarantine the skill if in doubt: \`clawguard egress quarantine ${skill}\`` : ''}.` };
  }
  if ((category === 'network' || category === 'domain') && hosts.length > 0) {
    return { text: `If ${hosts[0]} is expected, allowlist it: \`clawguard egress allowlist --add ${hosts[0]}\`.` };
  }
  return undefined;
}

export function findingFromMatch(m: FileMatch, ctx: FindingContext): Finding {
  const where = ctx.skill ? ` in skill ${ctx.skill}` : '';
  const decoded = m.decodedBy.length ? ` (seen after decoding ${m.decodedBy.join(' → ')})` : '';
  const hosts = m.hosts.length ? ` Host: ${m.hosts.join(', ')}.` : '';
  const remediation = remediationFor(m.severity, m.category, ctx, m.hosts);
  return {
    ruleId: m.ruleId,
    severity: m.severity,
    title: m.title,
    message: `${m.title}${where}${decoded}.${hosts}`,
    area: AREA_BY_CATEGORY[m.category] ?? m.category,
    location: { file: ctx.file, line: m.line, column: m.column },
    evidence: m.evidence,
    ...(remediation ? { remediation } : {}),
    docs: `docs/rules/${m.ruleId}.md`,
    fingerprint: shortHash(`${m.ruleId}\u0000${ctx.file}\u0000${m.hash}`, 16),
  };
}

interface EventRule {
  ruleId: string;
  severity: Severity;
  title: string;
  why: string;
}

const EVENT_RULES: Record<string, EventRule | undefined> = {
  'native-executable': { ruleId: 'egress.executable-binary', severity: 'high', title: 'Native executable inside a skill', why: 'A compiled program cannot be reviewed like a script and can do anything when the skill runs it.' },
  'compiled-python': { ruleId: 'egress.compiled-python', severity: 'high', title: 'Compiled Python bytecode inside a skill', why: 'Python runs .pyc files as-is, and their code is not visible to a reviewer (a known way to hide a payload from skill scanners).' },
  archive: { ruleId: 'egress.archive', severity: 'warning', title: 'Archive inside a skill', why: 'An archive can carry code that is unpacked and run later; its entries were inflated and scanned (bounded), but review why a skill ships one.' },
  'office-document': { ruleId: 'egress.office-document', severity: 'warning', title: 'Office document inside a skill', why: 'Office files are zip archives whose text an agent may read as instructions; entries were scanned, but review them.' },
  binary: { ruleId: 'egress.binary-file', severity: 'warning', title: 'Binary file inside a skill', why: 'Binary content cannot be reviewed as text; printable strings were scanned.' },
  unreadable: { ruleId: 'egress.unreadable-file', severity: 'warning', title: 'File could not be scanned', why: 'clawguard could not read it, so it cannot vouch for it.' },
};

/** Findings for what a file is (binary, archive, unreadable); `latin1`/`utf16` events become notes. */
export function findingFromEvent(e: FileEvent, ctx: FindingContext): Finding | undefined {
  const rule = EVENT_RULES[e.kind];
  if (!rule) return undefined;
  const severity: Severity = e.kind === 'binary' && isMediaFormat(e.detail) ? 'info' : rule.severity;
  const skill = ctx.skill;
  const remediation: Remediation | undefined =
    rule.ruleId === 'egress.unreadable-file'
      ? { text: `Fix the file's permissions or type and rescan; remove it if the skill does not need it.` }
      : severity === 'info'
        ? undefined
        : { text: `Remove ${ctx.file} unless the skill's author explains it${skill ? `; quarantine the skill if in doubt: \`clawguard egress quarantine ${skill}\`` : ''}.` };
  return {
    ruleId: rule.ruleId,
    severity,
    title: rule.title,
    message: `${e.detail}${skill ? ` in skill ${skill}` : ''}. ${rule.why}`,
    area: 'files',
    location: { file: ctx.file },
    evidence: e.detail,
    ...(remediation ? { remediation } : {}),
    docs: `docs/rules/${rule.ruleId}.md`,
    fingerprint: shortHash(`${rule.ruleId}\u0000${ctx.file}`, 16),
  };
}

export function symlinkEscapeFinding(rel: string, target: string, skill: string | undefined, isSkillFolder: boolean): Finding {
  return {
    ruleId: 'egress.symlink-escape',
    severity: 'high',
    title: isSkillFolder ? 'Skill folder is a symlink leading outside the workspace' : 'Symlink leading outside the workspace',
    message: `${rel} resolves to ${target}, outside the workspace; it was not followed or scanned.${isSkillFolder ? ' OpenClaw skips it unless skills.load.allowSymlinkTargets allows the target.' : ' A skill can use such a link to read (or ship) files it should not see, such as ~/.ssh or credentials.'}`,
    area: 'files',
    location: { file: rel },
    evidence: `-> ${target}`,
    remediation: { text: `Remove the link, or copy what the skill needs into it${skill ? `; quarantine the skill if in doubt: \`clawguard egress quarantine ${skill}\`` : ''}.` },
    docs: 'docs/rules/egress.symlink-escape.md',
    fingerprint: shortHash(`egress.symlink-escape\u0000${rel}\u0000${target}`, 16),
  };
}

export function specialFileFinding(rel: string, what: string, skill: string | undefined): Finding {
  return {
    ruleId: 'egress.unreadable-file',
    severity: 'warning',
    title: 'File could not be scanned',
    message: `${rel} is a ${what}${skill ? ` in skill ${skill}` : ''}; it was not read (reading could block or have side effects).`,
    area: 'files',
    location: { file: rel },
    evidence: what,
    remediation: { text: 'Remove it unless the skill needs it.' },
    docs: 'docs/rules/egress.unreadable-file.md',
    fingerprint: shortHash(`egress.unreadable-file\u0000${rel}`, 16),
  };
}

/** Every capability-level rule id egress emits itself (detect rule ids come from the engine). */
export const EGRESS_RULE_IDS: readonly string[] = [
  'egress.archive',
  'egress.binary-file',
  'egress.compiled-python',
  'egress.executable-binary',
  'egress.office-document',
  'egress.symlink-escape',
  'egress.unreadable-file',
];
