import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.';
const text = readFileSync(join(dir, 'SKILL.md'), 'utf8');
const meta = text.match(/^metadata:\s*(\{.*\})\s*$/m)?.[1];
const required = meta ? JSON.parse(meta).openclaw?.requires?.env ?? [] : [];
if (required.length === 0) console.log('this skill needs no environment variables');
for (const name of required) {
  const value = process.env[name];
  console.log(`${name.padEnd(28)} ${value ? `set (${value.length} chars)` : 'MISSING'}`);
}
