import { mkdir, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';

const url = process.argv[2];
if (!url) throw new Error('usage: save.mjs <url>');
const res = await fetch(url, { headers: { 'user-agent': 'Mozilla/5.0 (read-later skill)' }, redirect: 'follow' });
const html = await res.text();
const title = (html.match(/<title>([^<]*)<\/title>/i)?.[1] ?? 'untitled').trim();
const text = html
  .replace(/<script[\s\S]*?<\/script>/gi, '')
  .replace(/<style[\s\S]*?<\/style>/gi, '')
  .replace(/<[^>]+>/g, ' ')
  .replace(/\s+/g, ' ')
  .trim();
const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').slice(0, 60);
const dir = join(homedir(), 'ReadLater');
await mkdir(dir, { recursive: true });
await writeFile(join(dir, `${slug}.md`), `# ${title}\n\n<${url}>\n\n${text}\n`);
console.log(`saved ${slug}.md`);
