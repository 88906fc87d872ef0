// Reads who sent an inbound message from the context blocks and envelope OpenClaw prefixes to the user turn.
//
// OpenClaw 2026.9 (src/auto-reply/reply/inbound-meta.ts) prefixes a channel message with JSON blocks
//   Conversation info: ⟦openclaw:ctx⟧\n```json\n{"chat_id":…,"message_id":…,"sender":{"id","name","username"},"timestamp":…}\n```
// Older transcripts spell the label `Conversation info (untrusted metadata):` / `Sender (untrusted metadata):`,
// and envelopes look like `[Telegram Alice id:42 +2m Thu 2026-11-25 23:00 UTC] body` (src/auto-reply/envelope.ts).

export interface InboundInfo {
  channel?: string;
  sender?: string;
  /** The user-visible body, without OpenClaw's context blocks. */
  body: string;
}

const CONTEXT_BLOCK = /^([A-Z][\w ()-]{0,80}?)(?: \(untrusted[^)]*\))?:[ \t]*(?:⟦openclaw:ctx⟧)?[ \t]*\r?\n```json\r?\n([\s\S]*?)\r?\n```[ \t]*(?:\r?\n|$)/gm;
const ENVELOPE = /^\[([A-Za-z][\w.-]{1,30})(?: ([^\]]*?))?\]\s/;
const ENVELOPE_TS = /\s*(?:\+\S+\s+)?(?:[A-Z][a-z]{2} )?\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}[^\]]*$/;

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;
}

export function formatSender(s: Record<string, unknown>): string | undefined {
  const name = str(s.name) ?? str(s.label) ?? str(s.sender_label);
  const username = str(s.username);
  const id = str(s.id) ?? str(s.sender_id) ?? str(s.e164);
  const parts = [name, username ? `@${username.replace(/^@/, '')}` : undefined, id ? `id:${id}` : undefined].filter(Boolean);
  return parts.length ? parts.join(' ') : undefined;
}

export function parseInbound(text: string): InboundInfo {
  let sender: string | undefined;
  let channel: string | undefined;
  let body = text;
  if (text.includes('```json')) {
    CONTEXT_BLOCK.lastIndex = 0;
    const spans: Array<[number, number]> = [];
    for (let m = CONTEXT_BLOCK.exec(text); m; m = CONTEXT_BLOCK.exec(text)) {
      spans.push([m.index, m.index + m[0].length]);
      const label = m[1].toLowerCase();
      let payload: unknown;
      try {
        payload = JSON.parse(m[2]);
      } catch {
        continue;
      }
      if (!payload || typeof payload !== 'object' || Array.isArray(payload)) continue;
      const obj = payload as Record<string, unknown>;
      if (label.startsWith('conversation info')) {
        if (obj.sender && typeof obj.sender === 'object') sender ??= formatSender(obj.sender as Record<string, unknown>);
        // `chat_id` is the originating target, which OpenClaw spells `<channel>:<id>` for most channels.
        channel ??= str(obj.channel) ?? str(obj.provider) ?? /^([a-z][a-z0-9-]{1,20}):/.exec(str(obj.chat_id) ?? '')?.[1];
      } else if (label === 'sender') {
        sender ??= formatSender(obj);
      }
    }
    if (spans.length) {
      let out = '';
      let pos = 0;
      for (const [s, e] of spans) {
        out += text.slice(pos, s);
        pos = e;
      }
      body = (out + text.slice(pos)).trim();
    }
  }
  const env = ENVELOPE.exec(body);
  if (env) {
    channel ??= env[1].toLowerCase();
    const from = env[2]?.replace(ENVELOPE_TS, '').trim();
    if (from) sender ??= from;
    body = body.slice(env[0].length);
  }
  return { channel, sender, body };
}
