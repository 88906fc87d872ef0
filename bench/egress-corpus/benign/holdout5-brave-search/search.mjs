const [q, count = '5'] = process.argv.slice(2);
const url = new URL('https://api.search.brave.com/res/v1/web/search');
url.searchParams.set('q', q);
url.searchParams.set('count', count);
const res = await fetch(url, { headers: { Accept: 'application/json', 'X-Subscription-Token': process.env.BRAVE_API_KEY } });
const { web } = await res.json();
for (const r of web?.results ?? []) console.log(`- ${r.title}\n  ${r.url}`);
