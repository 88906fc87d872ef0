// Rule tests for Stripe live keys.
import { ruleTester } from '../../rule-tester.js';
import { ALNUM, fakeToken } from '../../sample.js';

ruleTester('secret.stripe-live-key', {
  valid: [{ text: 'stripe.api_key = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"', name: 'test-mode key' }, { text: 'sk_live_...' }, { text: 'sk_live_xxxxxxxxxxxxxxxxxxxxxxxxxxxx' }],
  invalid: [
    { text: `STRIPE_SECRET_KEY=sk_live_${fakeToken(ALNUM, 99, 1)}`, errors: [{ line: 1, column: 19, evidence: /^sk_liv…\(107, sha256:[0-9a-f]{8}\)$/ }] },
    { text: `const stripe = new Stripe('rk_live_${fakeToken(ALNUM, 24, 2)}');`, kind: 'code-js', errors: [{ line: 1, column: 28 }] },
  ],
});
