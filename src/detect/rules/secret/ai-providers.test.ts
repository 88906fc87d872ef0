// Rule tests for AI provider keys: true positives generated from each key's alphabet, look-alikes and placeholders as valid.
import { ruleTester } from '../../rule-tester.js';
import { ALNUM, B64URL, HEX, LETTERS, fakeToken } from '../../sample.js';

const EV = (prefix: string, len: number) => new RegExp(`^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}…\\(${len}, sha256:[0-9a-f]{8}\\)$`);

const anth = (seed: number) => `sk-ant-api03-${fakeToken(B64URL, 93, seed)}AA`;
ruleTester('secret.anthropic-api-key', {
  valid: [
    { text: 'ANTHROPIC_API_KEY=sk-ant-api03-...', name: 'placeholder' },
    { text: 'ANTHROPIC_API_KEY=sk-ant-api03-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', name: 'x-run' },
    { text: 'key = "sk-ant-api03-${ANTHROPIC_KEY}"', name: 'template reference' },
    { text: 'The prefix sk-ant- marks Anthropic keys.', kind: 'markdown', name: 'prose' },
    { text: `not-a-key: xsk-ant-api03-${fakeToken(B64URL, 93, 5)}AA`, name: 'embedded in a longer token' },
  ],
  invalid: [1, 2, 3].map((seed) => ({
    text: `export ANTHROPIC_API_KEY="${anth(seed)}"`,
    kind: 'shell' as const,
    secret: anth(seed),
    errors: [{ line: 1, column: 27, evidence: EV('sk-ant', 108) }],
  })),
});

const proj = (seed: number) => `sk-proj-${fakeToken(B64URL, 156, seed)}`;
const legacy = `sk-${fakeToken(ALNUM, 20, 8)}T3BlbkFJ${fakeToken(ALNUM, 20, 9)}`;
ruleTester('secret.openai-api-key', {
  valid: [
    { text: 'OPENAI_API_KEY=sk-proj-...', name: 'placeholder' },
    { text: 'api_key = os.environ["OPENAI_API_KEY"]', kind: 'code-py', name: 'env reference' },
    { text: `id = "sk-${fakeToken(HEX, 32, 4)}"`, name: 'short sk- value without the OpenAI marker' },
  ],
  invalid: [
    { text: `OPENAI_API_KEY=${proj(1)}`, secret: proj(1), errors: [{ line: 1, column: 16, evidence: EV('sk-pro', 164) }] },
    { text: `\n\n  key: "${legacy}"`, kind: 'config', secret: legacy, errors: [{ line: 3, column: 9, evidence: /^sk-.{3}…\(51, sha256:[0-9a-f]{8}\)$/ }] },
    { text: `k=sk-svcacct-${fakeToken(B64URL, 64, 3)}`, errors: [{ line: 1, column: 3 }] },
  ],
});

ruleTester('secret.google-api-key', {
  valid: [{ text: 'GOOGLE_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX', name: 'placeholder' }, { text: `AIza${fakeToken(B64URL, 20, 2)}`, name: 'too short' }],
  invalid: [{ text: `genai.configure(api_key="AIza${fakeToken(B64URL, 35, 7)}")`, kind: 'code-py', errors: [{ line: 1, column: 26 }] }],
});

ruleTester('secret.groq-api-key', {
  valid: [{ text: 'GROQ_API_KEY=gsk_your_key_here' }, { text: `gsk_${fakeToken(ALNUM, 20, 1)}`, name: 'too short' }],
  invalid: [{ text: `GROQ_API_KEY=gsk_${fakeToken(ALNUM, 52, 3)}`, errors: [{ line: 1, column: 14, evidence: /^gsk_.{2}…\(56, sha256:[0-9a-f]{8}\)$/ }] }],
});

ruleTester('secret.openrouter-api-key', {
  valid: [{ text: `sk-or-v1-${'0'.repeat(64)}`, name: 'zeros' }, { text: `sk-or-v1-${fakeToken(HEX, 40, 2)}`, name: 'too short' }],
  invalid: [{ text: `Authorization: Bearer sk-or-v1-${fakeToken(HEX, 64, 4)}`, kind: 'http-header', errors: [{ line: 1, column: 23 }] }],
});

ruleTester('secret.xai-api-key', {
  valid: [{ text: 'XAI_API_KEY=xai-<your key>' }, { text: `xai-${fakeToken(ALNUM, 30, 1)}`, name: 'too short' }],
  invalid: [{ text: `XAI_API_KEY=xai-${fakeToken(ALNUM, 80, 5)}`, errors: [{ line: 1, column: 13 }] }],
});

ruleTester('secret.deepseek-api-key', {
  valid: [{ text: 'DEEPSEEK_API_KEY=sk-...' }, { text: `OTHER_KEY=sk-${fakeToken(HEX, 32, 3)}`, name: 'no provider name next to it' }],
  invalid: [{ text: `deepseek_api_key: "sk-${fakeToken(HEX, 32, 6)}"`, kind: 'config', errors: [{ line: 1, column: 1, evidence: /^deepseek_api_key: "sk-.{3}…\(35, sha256:[0-9a-f]{8}\)$/ }] }],
});

ruleTester('secret.mistral-api-key', {
  valid: [{ text: 'MISTRAL_API_KEY="YOUR_MISTRAL_API_KEY_GOES_HERE_XX"' }, { text: `OTHER="${fakeToken(ALNUM, 32, 3)}"`, name: 'no provider name' }],
  invalid: [{ text: `client = Mistral(api_key="x")\nMISTRAL_API_KEY = "${fakeToken(ALNUM, 32, 9)}"`, kind: 'code-py', errors: [{ line: 2, column: 1 }] }],
});

ruleTester('secret.huggingface-token', {
  valid: [{ text: 'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }, { text: 'from hf_transfer import download', name: 'module name' }],
  invalid: [{ text: `login(token="hf_${fakeToken(LETTERS, 34, 2)}")`, kind: 'code-py', errors: [{ line: 1, column: 14 }] }],
});
