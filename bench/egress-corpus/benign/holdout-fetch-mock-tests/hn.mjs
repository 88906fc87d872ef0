export async function top(n = 10) {
  const ids = await (await fetch('https://hacker-news.firebaseio.com/v0/topstories.json')).json();
  return Promise.all(ids.slice(0, n).map(async (id) => (await fetch(`https://hacker-news.firebaseio.com/v0/item/${id}.json`)).json()));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const s of await top(Number(process.argv[2] ?? 10))) console.log(`${s.score}\t${s.title}`);
}
