// AI provider API keys: Anthropic, OpenAI, Google AI, Mistral, Groq, OpenRouter, xAI, DeepSeek, Hugging Face.
import { ALNUM, B64URL, HEX, LETTERS, fakeToken } from '../../sample.js';
import type { Rule } from '../../types.js';

const END = '(?![A-Za-z0-9_-])';
const START = '(?<![A-Za-z0-9_-])';

// Anthropic keys: `sk-ant-api03-` + 93 chars + `AA` (admin keys `sk-ant-admin01-`); see OpenClaw src/logging/redact.ts.
export const anthropicApiKey = {
  id: 'secret.anthropic-api-key',
  severity: 'critical',
  category: 'secret',
  title: 'Anthropic API key',
  keywords: ['sk-ant-'],
  pattern: new RegExp(`${START}(sk-ant-(?:api|admin|oat|sid)\\d{2}-[A-Za-z0-9_-]{32,160})${END}`, 'g'),
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 200,
  examples: {
    flagged: [{ text: `ANTHROPIC_API_KEY=sk-ant-api03-${fakeToken(B64URL, 93, 11)}AA` }],
    notFlagged: [{ text: 'ANTHROPIC_API_KEY=sk-ant-api03-...' }, { text: 'export ANTHROPIC_API_KEY="sk-ant-xxxxxxxxxxxxxxxxxxxxxxxx"' }],
  },
  remediation: 'Revoke the key in the Anthropic console (Settings → API keys), issue a new one, and keep it in the OpenClaw auth profile or an environment variable, never in a skill or a prompt.',
} satisfies Rule;

// OpenAI: project keys `sk-proj-…`, service-account `sk-svcacct-…`, admin `sk-admin-…`, and legacy
// `sk-` + 48 chars (with the `T3BlbkFJ` marker, base64 of "OpenAI", in the middle).
export const openaiApiKey = {
  id: 'secret.openai-api-key',
  severity: 'critical',
  category: 'secret',
  title: 'OpenAI API key',
  keywords: ['sk-proj-', 'sk-svcacct-', 'sk-admin-', 'sk-none-', 't3blbkfj'],
  pattern: new RegExp(
    `${START}(sk-(?:proj|svcacct|admin|None)-[A-Za-z0-9_-]{40,200}|sk-[A-Za-z0-9_-]{16,80}T3BlbkFJ[A-Za-z0-9_-]{16,80})${END}`,
    'g',
  ),
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 240,
  examples: {
    flagged: [{ text: `client = OpenAI(api_key="sk-proj-${fakeToken(B64URL, 120, 12)}")` }],
    notFlagged: [{ text: 'client = OpenAI(api_key="sk-proj-YOUR_API_KEY_HERE_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx")' }, { text: 'api_key = os.environ["OPENAI_API_KEY"]' }],
  },
  remediation: 'Revoke the key at platform.openai.com/api-keys, create a new one, and load it from the environment.',
} satisfies Rule;

// Google AI / Gemini and other Google API keys: `AIza` + 35 chars.
export const googleApiKey = {
  id: 'secret.google-api-key',
  severity: 'critical',
  category: 'secret',
  title: 'Google API key (Gemini / Google AI Studio)',
  keywords: ['aiza'],
  pattern: new RegExp(`${START}(AIza[0-9A-Za-z_-]{35})${END}`, 'g'),
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 40,
  examples: {
    flagged: [{ text: `GEMINI_API_KEY=AIza${fakeToken(B64URL, 35, 13)}` }],
    notFlagged: [{ text: 'GEMINI_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX' }],
  },
  remediation: 'Delete or restrict the key in Google Cloud console → APIs & Services → Credentials, and create a new one.',
} satisfies Rule;

// Groq: `gsk_` + 52 alphanumerics.
export const groqApiKey = {
  id: 'secret.groq-api-key',
  severity: 'critical',
  category: 'secret',
  title: 'Groq API key',
  keywords: ['gsk_'],
  pattern: new RegExp(`${START}(gsk_[A-Za-z0-9]{48,56})${END}`, 'g'),
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 64,
  examples: {
    flagged: [{ text: `GROQ_API_KEY=gsk_${fakeToken(ALNUM, 52, 14)}` }],
    notFlagged: [{ text: 'GROQ_API_KEY=gsk_your_key_here' }],
  },
  remediation: 'Revoke the key at console.groq.com/keys and create a new one.',
} satisfies Rule;

// OpenRouter: `sk-or-v1-` + 64 hex.
export const openrouterApiKey = {
  id: 'secret.openrouter-api-key',
  severity: 'critical',
  category: 'secret',
  title: 'OpenRouter API key',
  keywords: ['sk-or-'],
  pattern: new RegExp(`${START}(sk-or-v\\d-[a-f0-9]{64})${END}`, 'g'),
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 80,
  examples: {
    flagged: [{ text: `OPENROUTER_API_KEY=sk-or-v1-${fakeToken(HEX, 64, 15)}` }],
    notFlagged: [{ text: 'OPENROUTER_API_KEY=sk-or-v1-0000000000000000000000000000000000000000000000000000000000000000' }],
  },
  remediation: 'Delete the key at openrouter.ai/keys and create a new one.',
} satisfies Rule;

// xAI (Grok): `xai-` + 80 alphanumerics.
export const xaiApiKey = {
  id: 'secret.xai-api-key',
  severity: 'critical',
  category: 'secret',
  title: 'xAI (Grok) API key',
  keywords: ['xai-'],
  pattern: new RegExp(`${START}(xai-[A-Za-z0-9]{70,90})${END}`, 'g'),
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 100,
  examples: {
    flagged: [{ text: `XAI_API_KEY=xai-${fakeToken(ALNUM, 80, 16)}` }],
    notFlagged: [{ text: 'XAI_API_KEY=xai-<your key>' }],
  },
  remediation: 'Revoke the key in the xAI console and create a new one.',
} satisfies Rule;

// DeepSeek and Mistral keys have no distinctive prefix (`sk-` + 32 hex; 32 alphanumerics): only with
// the provider's name next to the value, as gitleaks does for keyword-anchored rules.
export const deepseekApiKey = {
  id: 'secret.deepseek-api-key',
  severity: 'critical',
  category: 'secret',
  title: 'DeepSeek API key',
  keywords: ['deepseek'],
  pattern: /deepseek[\w.-]{0,30}["'`]?\s{0,3}(?::=|=>|[:=])\s{0,3}["'`]?(sk-[a-f0-9]{32})(?![A-Za-z0-9_-])/gi,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 120,
  examples: {
    flagged: [{ text: `DEEPSEEK_API_KEY=sk-${fakeToken(HEX, 32, 17)}` }],
    notFlagged: [{ text: 'DEEPSEEK_API_KEY=sk-...' }],
  },
  remediation: 'Delete the key at platform.deepseek.com/api_keys and create a new one.',
} satisfies Rule;

export const mistralApiKey = {
  id: 'secret.mistral-api-key',
  severity: 'critical',
  category: 'secret',
  title: 'Mistral API key',
  keywords: ['mistral'],
  pattern: /mistral[\w.-]{0,30}["'`]?\s{0,3}(?::=|=>|[:=])\s{0,3}["'`]?([A-Za-z0-9]{32})(?![A-Za-z0-9_-])/gi,
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 120,
  examples: {
    flagged: [{ text: `MISTRAL_API_KEY="${fakeToken(ALNUM, 32, 18)}"` }],
    notFlagged: [{ text: 'MISTRAL_API_KEY="YOUR_MISTRAL_API_KEY_GOES_HERE_XX"' }],
  },
  remediation: 'Revoke the key at console.mistral.ai/api-keys and create a new one.',
} satisfies Rule;

// Hugging Face user access tokens: `hf_` + 34 letters (older ones also digits).
export const huggingfaceToken = {
  id: 'secret.huggingface-token',
  severity: 'critical',
  category: 'secret',
  title: 'Hugging Face access token',
  keywords: ['hf_'],
  pattern: new RegExp(`${START}(hf_[A-Za-z0-9]{34,40})${END}`, 'g'),
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 48,
  examples: {
    flagged: [{ text: `HF_TOKEN=hf_${fakeToken(LETTERS, 34, 19)}` }],
    notFlagged: [{ text: 'HF_TOKEN=hf_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' }],
  },
  remediation: 'Invalidate the token at huggingface.co/settings/tokens and create a new one.',
} satisfies Rule;

export const aiProviderRules = [
  anthropicApiKey,
  openaiApiKey,
  googleApiKey,
  groqApiKey,
  openrouterApiKey,
  xaiApiKey,
  deepseekApiKey,
  mistralApiKey,
  huggingfaceToken,
] satisfies Rule[];
