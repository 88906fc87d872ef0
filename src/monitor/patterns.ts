// Maps detect rule ids to the ClawSec seed's pattern names and threat types.
import type { RuleCategory } from '../detect/types.js';
import type { ThreatType } from '../core/threat-log.js';
import { isSameOrSubdomain } from '../core/allowlist.js';

/** Detect rule id → the seed's pattern name. Ids not listed are logged under their own id. */
export const SEED_PATTERN_BY_RULE: Readonly<Record<string, string>> = Object.freeze({
  'secret.anthropic-api-key': 'ai_api_key',
  'secret.openai-api-key': 'ai_api_key',
  'secret.openai-project-key': 'ai_api_key',
  'secret.google-api-key': 'ai_api_key',
  'secret.gemini-api-key': 'ai_api_key',
  'secret.groq-api-key': 'ai_api_key',
  'secret.xai-api-key': 'ai_api_key',
  'secret.openrouter-api-key': 'ai_api_key',
  'secret.deepseek-api-key': 'ai_api_key',
  'secret.mistral-api-key': 'ai_api_key',
  'secret.huggingface-token': 'ai_api_key',
  'secret.perplexity-api-key': 'ai_api_key',
  'secret.aws-access-key-id': 'aws_access_key',
  'secret.private-key': 'private_key_pem',
  'exfil.ssh-key-path': 'ssh_key_file',
  'exfil.unix-sensitive-path': 'unix_sensitive',
  'exfil.dotenv-path': 'dotenv_file',
  'exfil.ssh-public-key': 'ssh_pubkey',
  'injection.pipe-to-shell': 'pipe_to_shell',
  'injection.shell-exec': 'shell_exec',
  'injection.reverse-shell': 'reverse_shell',
  'injection.destructive-rm': 'destructive_rm',
  'injection.ssh-key-inject': 'ssh_key_inject',
});

/**
 * Where a credential legitimately goes: its issuer's API domains (label-boundary suffix match). In
 * enforce mode a secret sent to its own home is logged, not refused, so an agent can still call its
 * model provider; the same key sent anywhere else is refused. Rules not listed have no home.
 */
export const SECRET_HOMES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  'secret.anthropic-api-key': ['anthropic.com'],
  'secret.openai-api-key': ['openai.com', 'openai.azure.com'],
  'secret.google-api-key': ['googleapis.com'],
  'secret.groq-api-key': ['groq.com'],
  'secret.openrouter-api-key': ['openrouter.ai'],
  'secret.xai-api-key': ['x.ai'],
  'secret.deepseek-api-key': ['deepseek.com'],
  'secret.mistral-api-key': ['mistral.ai'],
  'secret.huggingface-token': ['huggingface.co', 'hf.co'],
  'secret.aws-access-key-id': ['amazonaws.com'],
  'secret.aws-secret-access-key': ['amazonaws.com'],
  'secret.github-pat': ['github.com', 'githubusercontent.com'],
  'secret.github-oauth-token': ['github.com', 'githubusercontent.com'],
  'secret.github-app-token': ['github.com', 'githubusercontent.com'],
  'secret.github-refresh-token': ['github.com'],
  'secret.gitlab-pat': ['gitlab.com'],
  'secret.slack-token': ['slack.com'],
  'secret.slack-webhook-url': ['hooks.slack.com'],
  'secret.telegram-bot-token': ['api.telegram.org'],
  'secret.discord-bot-token': ['discord.com', 'discordapp.com'],
  'secret.discord-webhook-url': ['discord.com', 'discordapp.com'],
  'secret.stripe-live-key': ['stripe.com'],
  // The gateway token belongs to the local gateway (what the gateway forward relays to).
  'secret.openclaw-gateway-token': ['127.0.0.1', 'localhost', '::1'],
});

/** Whether `host` is a home of the credential found by `ruleId`. */
export function isSecretHome(ruleId: string, host: string): boolean {
  const homes = SECRET_HOMES[ruleId];
  if (!homes) return false;
  const h = host.toLowerCase().replace(/\.$/, '');
  return homes.some((d) => isSameOrSubdomain(h, d));
}

/** The seed's pattern names, in its table order. */
export const SEED_PATTERNS: readonly string[] = [
  'ai_api_key', 'aws_access_key', 'private_key_pem', 'ssh_key_file', 'unix_sensitive', 'dotenv_file', 'ssh_pubkey',
  'pipe_to_shell', 'shell_exec', 'reverse_shell', 'destructive_rm', 'ssh_key_inject',
];

/** The pattern name logged for a rule: the seed's name, else any `secret.*-api-key` of an AI provider, else the id. */
export function patternForRule(ruleId: string): string {
  return SEED_PATTERN_BY_RULE[ruleId] ?? ruleId;
}

/** secret/exfil rules are data leaving (EXFIL); injection rules are commands arriving (INJECTION). */
export function threatTypeFor(category: RuleCategory): ThreatType {
  return category === 'injection' ? 'INJECTION' : 'EXFIL';
}
