const KEY = process.env.NOTION_API_KEY;
const BASE = 'https://api.notion.com/v1';
const headers = { Authorization: `Bearer ${KEY}`, 'Notion-Version': '2022-06-28', 'Content-Type': 'application/json' };

async function search(query) {
  const r = await fetch(`${BASE}/search`, { method: 'POST', headers, body: JSON.stringify({ query, page_size: 10 }) });
  const j = await r.json();
  for (const p of j.results ?? []) console.log(p.id, p.properties?.title?.title?.[0]?.plain_text ?? p.object);
}

async function append(pageId, text) {
  const body = { children: [{ object: 'block', type: 'paragraph', paragraph: { rich_text: [{ type: 'text', text: { content: text } }] } }] };
  const r = await fetch(`${BASE}/blocks/${pageId}/children`, { method: 'PATCH', headers, body: JSON.stringify(body) });
  console.log(r.status);
}

const [cmd, ...rest] = process.argv.slice(2);
if (!KEY) throw new Error('NOTION_API_KEY missing');
if (cmd === 'search') await search(rest.join(' '));
else if (cmd === 'append') await append(rest[0], rest.slice(1).join(' '));
