const key = process.env.FINNHUB_API_KEY;
for (const sym of process.argv.slice(2)) {
  const r = await fetch(`https://finnhub.io/api/v1/quote?symbol=${encodeURIComponent(sym)}&token=${key}`);
  const q = await r.json();
  console.log(`${sym.padEnd(6)} ${q.c?.toFixed(2)} (${q.dp >= 0 ? '+' : ''}${q.dp?.toFixed(2)}%)`);
}
