// Stripe live secret and restricted keys (test-mode keys move no money and are not reported).
import { ALNUM, fakeToken } from '../../sample.js';
import type { Rule } from '../../types.js';

export const stripeLiveKey = {
  id: 'secret.stripe-live-key',
  severity: 'critical',
  category: 'secret',
  title: 'Stripe live secret or restricted key',
  keywords: ['sk_live_', 'rk_live_'],
  pattern: /(?<![A-Za-z0-9_])([sr]k_live_[A-Za-z0-9]{24,99})(?![A-Za-z0-9_])/g,
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 110,
  examples: {
    flagged: [{ text: `stripe.api_key = "sk_live_${fakeToken(ALNUM, 99, 51)}"` }],
    notFlagged: [{ text: 'stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"' }],
  },
  remediation: 'Roll the key in the Stripe dashboard (Developers → API keys → Roll key) and review recent API activity.',
} satisfies Rule;

export const stripeRules = [stripeLiveKey] satisfies Rule[];
