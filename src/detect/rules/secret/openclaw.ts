// OpenClaw gateway tokens: `?token=` on gateway/WebSocket URLs, bearer tokens sent to the gateway port,
// and `OPENCLAW_GATEWAY_TOKEN` assignments. Port 18789 is the gateway default (docs: gateway/configuration).
import { B64URL, fakeToken } from '../../sample.js';
import { keywordSeen } from '../../prefilter.js';
import type { Rule, RuleHit } from '../../types.js';

const TOKEN = '[A-Za-z0-9._~+/=-]{16,256}';
const URL_TOKEN_RE = new RegExp(`\\b(?:wss?|https?)://[^\\s"'\`<>?#]{1,300}[?#&](?:[^\\s"'\`<>]{0,300}?[&])?(?:token|auth|access_token|gatewayToken)=(${TOKEN})`, 'gi');
const BEARER_RE = new RegExp(`\\bAuthorization:?\\s{0,4}["']?\\s{0,4}Bearer\\s{1,4}(${TOKEN})`, 'gi');
const ASSIGN_RE = new RegExp(`\\bOPENCLAW_GATEWAY_(?:TOKEN|PASSWORD)["'\`]?\\s{0,3}(?::=|=>|[:=])\\s{0,3}["'\`]?(${TOKEN})`, 'g');
const GATEWAY_HINT = /:18789\b|openclaw|gateway/i;

function findGatewayTokens(text: string): RuleHit[] {
  const out: RuleHit[] = [];
  const push = (m: RegExpExecArray) => {
    const secret = m[1] as string;
    const secretStart = m.index + m[0].length - secret.length;
    out.push({ start: m.index, end: m.index + m[0].length, secretStart, secretEnd: secretStart + secret.length });
  };
  // Each shape runs only when its own keywords occurred: `token=` alone (a Python default argument)
  // must not cost three whole-text passes, nor a URL shape run where no URL is.
  const scan = (re: RegExp, on: boolean, each: (m: RegExpExecArray) => void) => {
    if (!on) return;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) each(m);
  };
  scan(URL_TOKEN_RE, (keywordSeen(text, 'token=') || keywordSeen(text, 'auth=')) && keywordSeen(text, '://'), (m) => {
    // WebSocket URLs carry the gateway token by design of the control UI; http(s) ones only when they point at the gateway.
    if (/^wss?:/i.test(m[0]) || GATEWAY_HINT.test(m[0])) push(m);
  });
  scan(BEARER_RE, keywordSeen(text, 'bearer'), (m) => {
    const around = text.slice(Math.max(0, m.index - 400), Math.min(text.length, m.index + m[0].length + 400));
    if (/:18789\b/.test(around)) push(m);
  });
  scan(ASSIGN_RE, keywordSeen(text, 'openclaw_gateway_'), push);
  return out;
}

export const openclawGatewayToken = {
  id: 'secret.openclaw-gateway-token',
  severity: 'critical',
  category: 'secret',
  title: 'OpenClaw gateway token in a URL, request or assignment',
  keywords: ['token=', 'auth=', 'bearer', 'openclaw_gateway_'],
  match: findGatewayTokens,
  // Looks 400 characters around a bearer header for the gateway port: needs the whole text.
  windowed: false,
  minEntropy: 3.3,
  maxLength: 1100,
  examples: {
    flagged: [
      { text: `ws://127.0.0.1:18789/?token=${fakeToken(B64URL, 43, 71)}` },
      { text: `curl -H "Authorization: Bearer ${fakeToken(B64URL, 43, 72)}" http://127.0.0.1:18789/v1/chat/completions` },
    ],
    notFlagged: [{ text: 'ws://127.0.0.1:18789/?token=${OPENCLAW_GATEWAY_TOKEN}' }, { text: 'https://example.com/search?token=abc' }],
  },
  remediation: 'Rotate the gateway token (`clawguard incident rotate` or `openclaw config set gateway.auth.token …`) and restart the gateway; never put it in URLs that end up in logs or skills.',
} satisfies Rule;

export const openclawRules = [openclawGatewayToken] satisfies Rule[];
