// Forensics-only rules: what an agent's tool call means (credential read, persistence, self-tampering…) and the sequence rules.
import type { Remediation, Severity } from '../core/types.js';

export interface ForensicsRule {
  /** Stable id `forensics.<kebab-name>`. */
  id: string;
  severity: Severity;
  title: string;
  /** Grouping in human output. */
  area: string;
  remediation: Remediation;
  /** Shared engine rule ids that already say the same thing about the same action (the forensics finding is then not repeated). */
  sameAs?: readonly string[];
  docs: string;
}

const rule = (r: Omit<ForensicsRule, 'docs'>): ForensicsRule => ({ ...r, docs: `docs/rules/${r.id}.md` });

export const CREDENTIAL_READ = rule({
  id: 'forensics.credential-read',
  severity: 'high',
  title: 'The agent read a credential file or dumped the environment',
  area: 'credentials',
  remediation: { text: 'Treat the credential as exposed: rotate it (clawguard incident rotate lists where each one lives).', autoFix: 'incident rotate' },
  sameAs: ['exfil.credential-read', 'exfil.ssh-key-path', 'exfil.dotenv-path', 'exfil.unix-sensitive-path'],
});

export const DOWNLOAD_AND_RUN = rule({
  id: 'forensics.download-and-run',
  severity: 'critical',
  title: 'The agent downloaded (or decoded) code and ran it',
  area: 'execution',
  remediation: { text: 'Find what the fetched script did (its URL is in the evidence), contain the host, and deny exec or require approval (tools.exec.ask: "always").', autoFix: 'incident contain' },
  sameAs: ['injection.pipe-to-shell'],
});

export const REVERSE_SHELL = rule({
  id: 'forensics.reverse-shell',
  severity: 'critical',
  title: 'The agent opened a reverse shell',
  area: 'execution',
  remediation: { text: 'Assume interactive attacker access: contain now, then rebuild the host from a known-good state.', autoFix: 'incident contain' },
  sameAs: ['injection.reverse-shell'],
});

export const DESTRUCTIVE = rule({
  id: 'forensics.destructive-command',
  severity: 'high',
  title: 'The agent ran a destructive command',
  area: 'execution',
  remediation: { text: 'Check what was deleted or overwritten and restore it from backup; deny exec or require approval.' },
  sameAs: ['injection.destructive-rm'],
});

export const PERSISTENCE = rule({
  id: 'forensics.persistence',
  severity: 'high',
  title: 'The agent installed persistence (cron, shell rc, authorized_keys, systemd or launchd)',
  area: 'persistence',
  remediation: { text: 'Remove the entry it added (the path or command is in the evidence) and review the others of the same kind.' },
  sameAs: ['injection.persistence', 'injection.ssh-key-inject'],
});

export const SCHEDULED_SELF = rule({
  id: 'forensics.self-scheduled',
  severity: 'warning',
  title: 'The agent scheduled itself with the OpenClaw cron tool',
  area: 'persistence',
  remediation: { text: 'Review `openclaw cron list` and remove jobs nobody asked for.' },
});

export const CONFIG_TAMPER = rule({
  id: 'forensics.config-tamper',
  severity: 'critical',
  title: 'The agent changed its own OpenClaw configuration, tool policy, approvals or allowlists',
  area: 'self-tampering',
  remediation: { text: 'Restore the config from backup (openclaw.json.bak), then run clawguard audit; lock it down with clawguard incident contain --lockdown.', autoFix: 'incident contain' },
});

export const SECRET_EXFIL = rule({
  id: 'forensics.secret-exfiltration',
  severity: 'critical',
  title: 'A secret or credential file left the host through a tool call',
  area: 'exfiltration',
  remediation: { text: 'Rotate the secret now (clawguard incident rotate) and check the destination in the evidence.', autoFix: 'incident rotate' },
});

export const SECRET_IN_TRANSCRIPT = rule({
  id: 'forensics.secret-in-transcript',
  severity: 'warning',
  title: 'A secret was written into the transcript (tool output or arguments)',
  area: 'credentials',
  remediation: { text: 'Anyone who can read the session store can read this secret: rotate it, then scrub the session (`openclaw sessions scrub`).' },
});

export const PROMPT_INJECTION = rule({
  id: 'forensics.prompt-injection',
  severity: 'high',
  title: 'Prompt-injection text arrived in a tool result or fetched page',
  area: 'injection',
  remediation: { text: 'Use a read-only reader agent for untrusted content and deny exec to agents that read it.' },
});

export const INJECTION_THEN_EXFIL = rule({
  id: 'forensics.injection-then-exfil',
  severity: 'critical',
  title: 'Injected content was followed by a credential read and an outbound send',
  area: 'attack-chain',
  remediation: { text: 'Contain, rotate every credential the session could read, and review the destination of the send.', autoFix: 'incident contain' },
});

export const INJECTION_THEN_EXECUTION = rule({
  id: 'forensics.injection-then-execution',
  severity: 'critical',
  title: 'Injected content was followed by code execution, persistence or self-tampering',
  area: 'attack-chain',
  remediation: { text: 'Contain the gateway, undo what the session changed, and deny exec to agents that read untrusted content.', autoFix: 'incident contain' },
});

export const LOG_SECRET = rule({
  id: 'forensics.secret-in-log',
  severity: 'warning',
  title: 'A secret was written to a gateway log file',
  area: 'logs',
  remediation: { text: 'Rotate the secret and delete or scrub the log file; keep logs in a 700 directory.' },
});

/** Every forensics rule, sorted by id (the parity test walks this list). */
export const FORENSICS_RULES: readonly ForensicsRule[] = [
  CONFIG_TAMPER,
  CREDENTIAL_READ,
  DESTRUCTIVE,
  DOWNLOAD_AND_RUN,
  INJECTION_THEN_EXECUTION,
  INJECTION_THEN_EXFIL,
  PERSISTENCE,
  PROMPT_INJECTION,
  REVERSE_SHELL,
  SECRET_EXFIL,
  SECRET_IN_TRANSCRIPT,
  LOG_SECRET,
  SCHEDULED_SELF,
].slice().sort((a, b) => a.id.localeCompare(b.id));
