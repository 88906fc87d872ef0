// The rule registry: an explicit list, sorted by id (no filesystem discovery).
import type { Rule } from '../types.js';
import { domainRules } from './domain/risk.js';
import { credentialRules } from './exfil/credentials.js';
import { encodedRules } from './exfil/encoded.js';
import { forwardingRules } from './exfil/forwarding.js';
import { interceptorRules } from './exfil/interceptors.js';
import { markdownRules } from './exfil/markdown.js';
import { pathRules } from './exfil/paths.js';
import { serviceRules } from './exfil/services.js';
import { obfuscationRules } from './injection/obfuscation.js';
import { persistenceRules } from './injection/persistence.js';
import { promptRules } from './injection/prompt.js';
import { shellRules } from './injection/shell.js';
import { callRules } from './network/calls.js';
import { urlRules } from './network/urls.js';
import { aiProviderRules } from './secret/ai-providers.js';
import { awsRules } from './secret/aws.js';
import { chatRules } from './secret/chat.js';
import { genericRules } from './secret/generic.js';
import { keyRules } from './secret/keys.js';
import { openclawRules } from './secret/openclaw.js';
import { stripeRules } from './secret/stripe.js';
import { vcsRules } from './secret/vcs.js';

const ALL: Rule[] = [
  ...domainRules,
  ...credentialRules,
  ...encodedRules,
  ...forwardingRules,
  ...interceptorRules,
  ...markdownRules,
  ...pathRules,
  ...serviceRules,
  ...obfuscationRules,
  ...persistenceRules,
  ...promptRules,
  ...shellRules,
  ...callRules,
  ...urlRules,
  ...aiProviderRules,
  ...awsRules,
  ...chatRules,
  ...genericRules,
  ...keyRules,
  ...openclawRules,
  ...stripeRules,
  ...vcsRules,
];

for (const rule of ALL) rule.docs ??= `docs/rules/${rule.id}.md`;

/** Every rule, sorted by id. */
export const RULES: readonly Rule[] = Object.freeze([...ALL].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)));

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function getRule(id: string): Rule | undefined {
  return BY_ID.get(id);
}
