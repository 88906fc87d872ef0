// Chat platform credentials: Slack tokens and webhooks, Telegram bot tokens, Discord bot tokens and webhooks.
import { ALNUM, B64URL, fakeToken } from '../../sample.js';
import { keywordSeen } from '../../prefilter.js';
import type { Rule, RuleHit } from '../../types.js';

// Slack: bot xoxb-, user xoxp-, app-level xapp-, admin xoxa-, session xoxs-.
export const slackToken = {
  id: 'secret.slack-token',
  severity: 'critical',
  category: 'secret',
  title: 'Slack token',
  keywords: ['xoxb-', 'xoxp-', 'xoxa-', 'xoxs-', 'xoxe', 'xapp-'],
  pattern: /(?<![A-Za-z0-9_-])(xox[bpase](?:\.[A-Za-z0-9]{1,10})?-[0-9]{6,15}-[A-Za-z0-9-]{8,200}|xapp-\d-[A-Z0-9]{6,14}-\d{6,15}-[a-z0-9]{32,80})(?![A-Za-z0-9_-])/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 260,
  examples: {
    flagged: [{ text: `SLACK_BOT_TOKEN=xoxb-${fakeToken('0123456789', 12, 48)}-${fakeToken('0123456789', 13, 49)}-${fakeToken(ALNUM, 24, 41)}` }],
    notFlagged: [{ text: 'SLACK_BOT_TOKEN=xoxb-your-bot-token' }],
  },
  remediation: 'Revoke the token (api.slack.com/apps → your app → OAuth & Permissions → Revoke) and reinstall the app.',
} satisfies Rule;

export const slackWebhook = {
  id: 'secret.slack-webhook-url',
  severity: 'critical',
  category: 'secret',
  title: 'Slack incoming-webhook URL (a write credential)',
  keywords: ['hooks.slack.com'],
  pattern: /hooks\.slack\.com\/(?:services|workflows|triggers)\/(T[A-Z0-9]{6,12}\/[A-Z0-9/]{6,40}\/[A-Za-z0-9]{20,40})/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 140,
  examples: {
    flagged: [{ text: `WEBHOOK=https://hooks.slack.com/services/T0123ABCD/B0456EFGH/${fakeToken(ALNUM, 24, 42)}` }],
    notFlagged: [{ text: 'WEBHOOK=https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' }],
  },
  remediation: 'Regenerate the webhook in the Slack app settings; anyone holding the URL can post to the channel.',
} satisfies Rule;

const TELEGRAM_RE = /\d{8,10}:[A-Za-z0-9_-]{35}(?![A-Za-z0-9_-])/g;

// Telegram bot tokens: `<bot id (8–10 digits)>:<35 chars>`, in API URLs after `/bot` (core.telegram.org/bots/api#authorizing-your-bot).
export const telegramBotToken = {
  id: 'secret.telegram-bot-token',
  severity: 'critical',
  category: 'secret',
  title: 'Telegram bot token',
  // Tokens travel in `api.telegram.org/bot<token>/…` URLs or under TELEGRAM_/TG_ names. Without such
  // a word nearby, the bare shape counts when its secret starts `AA` (every token BotFather issues
  // does), as a whole word: `123456789:AA…` (35 chars).
  keywords: ['bot', 'telegram', 'tg_', ':aa'],
  match: (text: string): RuleHit[] => {
    const out: RuleHit[] = [];
    const named = keywordSeen(text, 'bot') || keywordSeen(text, 'telegram') || keywordSeen(text, 'tg_');
    TELEGRAM_RE.lastIndex = 0;
    for (let m = TELEGRAM_RE.exec(text); m; m = TELEGRAM_RE.exec(text)) {
      // The bot id must be a whole number, not the tail of a longer token.
      if (m.index > 0 && /[A-Za-z0-9_:-]/.test(text[m.index - 1] as string) && !/bot$/i.test(text.slice(Math.max(0, m.index - 3), m.index))) continue;
      if (!named && (!/^\d{8,10}:AA/.test(m[0]) || (m.index > 0 && /[\w.:/-]/.test(text[m.index - 1] as string)))) continue;
      out.push({ start: m.index, end: m.index + m[0].length, secretStart: m.index, secretEnd: m.index + m[0].length });
    }
    return out;
  },
  minEntropy: 3.5,
  maxLength: 48,
  examples: {
    flagged: [{ text: `TELEGRAM_BOT_TOKEN=${fakeToken('0123456789', 10, 40)}:AA${fakeToken(B64URL, 33, 43)}` }],
    notFlagged: [{ text: 'TELEGRAM_BOT_TOKEN=123456789:ABCdefGhIJKlmNoPQRsTUVwxyZ' }],
  },
  remediation: 'Revoke the token with @BotFather (/revoke) and update the bot configuration.',
} satisfies Rule;

// Discord bot tokens: base64(user id) . 6-char timestamp . 27–38-char HMAC.
export const discordBotToken = {
  id: 'secret.discord-bot-token',
  severity: 'critical',
  category: 'secret',
  title: 'Discord bot token',
  keywords: ['discord', 'bot '],
  pattern: /(?<![A-Za-z0-9_.-])([MNO][A-Za-z0-9_-]{23,27}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![A-Za-z0-9_.-])/g,
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 80,
  examples: {
    flagged: [{ text: `DISCORD_TOKEN=MT${fakeToken(ALNUM, 24, 44)}.${fakeToken(B64URL, 6, 45)}.${fakeToken(B64URL, 38, 46)}` }],
    notFlagged: [{ text: 'DISCORD_TOKEN=<your bot token>' }],
  },
  remediation: 'Reset the token in the Discord developer portal (Bot → Reset Token).',
} satisfies Rule;

export const discordWebhook = {
  id: 'secret.discord-webhook-url',
  severity: 'critical',
  category: 'secret',
  title: 'Discord webhook URL (a write credential)',
  keywords: ['/api/webhooks/'],
  pattern: /discord(?:app)?\.com\/api\/webhooks\/(\d{17,20}\/[A-Za-z0-9_-]{60,68})(?![A-Za-z0-9_-])/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 140,
  examples: {
    flagged: [{ text: `const hook = "https://discord.com/api/webhooks/${fakeToken('0123456789', 18, 39)}/${fakeToken(B64URL, 68, 47)}";` }],
    notFlagged: [{ text: 'const hook = "https://discord.com/api/webhooks/<id>/<token>";' }],
  },
  remediation: 'Delete the webhook in the channel settings (Integrations → Webhooks) and create a new one if needed.',
} satisfies Rule;

export const chatRules = [slackToken, slackWebhook, telegramBotToken, discordBotToken, discordWebhook] satisfies Rule[];
