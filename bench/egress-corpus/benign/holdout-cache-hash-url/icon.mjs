import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

const site = new URL(process.argv[2]);
const key = createHash('sha256').update(site.hostname).digest('hex');
const dir = join(homedir(), '.cache', 'icon-cache');
mkdirSync(dir, { recursive: true });
const file = join(dir, `${key}.png`);
if (!existsSync(file)) {
  const r = await fetch(`https://icons.duckduckgo.com/ip3/${site.hostname}.ico`);
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
}
console.log(file);
