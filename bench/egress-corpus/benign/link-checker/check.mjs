import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

async function* mdFiles(dir) {
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') yield* mdFiles(p);
    else if (e.name.endsWith('.md')) yield p;
  }
}

const bad = [];
for await (const file of mdFiles(process.argv[2] ?? '.')) {
  const text = await readFile(file, 'utf8');
  for (const [, url] of text.matchAll(/\]\((https?:\/\/[^)\s]+)\)/g)) {
    try {
      const r = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(8000) });
      if (r.status >= 400) bad.push(`${file}: ${url} -> ${r.status}`);
    } catch (e) {
      bad.push(`${file}: ${url} -> ${e.name}`);
    }
  }
}
console.log(bad.length ? bad.join('\n') : 'all links ok');
