// Gateway token generation and weak-token recognition, shared by `audit --fix` and `incident rotate`.
import { randomBytes } from 'node:crypto';

/** OpenClaw warns below 24 characters (`gateway.token_too_short`). */
export const MIN_TOKEN_LENGTH = 24;

/** 32 random bytes, base64url: 43 characters, 256 bits. */
export function generateGatewayToken(): string {
  return randomBytes(32).toString('base64url');
}

const PLACEHOLDERS = new Set(['', 'undefined', 'null', 'changeme', 'change-me', 'password', 'secret', 'token', 'your-token', 'your_token', 'yourtoken', 'replace-me', 'replaceme', 'admin', 'test', '123456', 'openclaw', '${openclaw_gateway_token}']);

/** Blank, a literal `undefined`/`null`, or a well-known placeholder (case-insensitive). */
export function isPlaceholderSecret(value: string): boolean {
  const v = value.trim().toLowerCase();
  return PLACEHOLDERS.has(v) || /^(x+|\*+|<[^>]*>|\{\{[^}]*\}\})$/.test(v) || /^(your|my)[-_ ]?(gateway[-_ ]?)?(token|password|secret)/.test(v);
}
