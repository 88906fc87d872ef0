// Rule tests for Slack, Telegram and Discord credentials.
import { ruleTester } from '../../rule-tester.js';
import { ALNUM, B64URL, fakeToken } from '../../sample.js';

const DIGITS = '0123456789';
ruleTester('secret.slack-token', {
  valid: [{ text: 'SLACK_BOT_TOKEN=xoxb-your-bot-token' }, { text: 'xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx' }],
  invalid: [
    { text: `SLACK_BOT_TOKEN=xoxb-${fakeToken(DIGITS, 12, 1)}-${fakeToken(DIGITS, 13, 2)}-${fakeToken(ALNUM, 24, 3)}`, errors: [{ line: 1, column: 17, evidence: /^xoxb-.…\(56, sha256:[0-9a-f]{8}\)$/ }] },
    { text: `SLACK_APP_TOKEN=xapp-1-A${fakeToken('ABCDEFGHJK0123456789', 10, 4)}-${fakeToken(DIGITS, 13, 5)}-${fakeToken('abcdef0123456789', 64, 6)}`, errors: [{ line: 1, column: 17 }] },
  ],
});
ruleTester('secret.slack-webhook-url', {
  valid: [{ text: 'https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX' }],
  invalid: [{ text: `url = "https://hooks.slack.com/services/T${fakeToken('ABCDEFGHJK0123456789', 8, 1)}/B${fakeToken('ABCDEFGHJK0123456789', 8, 2)}/${fakeToken(ALNUM, 24, 3)}"`, errors: [{ line: 1, column: 16 }] }],
});
const tg = (seed: number) => `${fakeToken('123456789', 1, seed)}${fakeToken(DIGITS, 9, seed)}:AA${fakeToken(B64URL, 33, seed)}`;
ruleTester('secret.telegram-bot-token', {
  valid: [
    { text: `ref = "1234567890:${fakeToken(B64URL, 35, 7)}"`, name: 'bare shape without the AA prefix or a keyword' },
    { text: `id=x:${tg(3)}`, name: 'bare shape glued to other text' },
    { text: 'TELEGRAM_BOT_TOKEN=123456789:ABCdefGhIJKlmNoPQRsTUVwxyZ', name: 'docs example, too short' },
    { text: `id=abc${tg(1)}`, name: 'tail of a longer token' },
    { text: `1700000000:${'a'.repeat(35)}`, name: 'low entropy' },
  ],
  invalid: [
    { text: `const T = "${tg(4)}";`, kind: 'code-js', name: 'bare token without a keyword', secret: tg(4), errors: [{ line: 1, column: 12 }] },
    ...[1, 2].map((seed) => ({ text: `curl https://api.telegram.org/bot${tg(seed)}/getMe`, kind: 'shell' as const, secret: tg(seed), errors: [{ line: 1, column: 34 }] })),
  ],
});
ruleTester('secret.discord-bot-token', {
  valid: [{ text: 'DISCORD_TOKEN=<your bot token>' }, { text: 'discord version M1.2.3' }],
  invalid: [{ text: `client.login("MT${fakeToken(ALNUM, 24, 8)}.${fakeToken(B64URL, 6, 9)}.${fakeToken(B64URL, 38, 10)}") // discord`, kind: 'code-js', errors: [{ line: 1, column: 15 }] }],
});
ruleTester('secret.discord-webhook-url', {
  valid: [{ text: 'https://discord.com/api/webhooks/<id>/<token>' }],
  invalid: [{ text: `https://discordapp.com/api/webhooks/${fakeToken(DIGITS, 18, 1)}/${fakeToken(B64URL, 68, 2)}`, errors: [{ line: 1, column: 9 }] }],
});
