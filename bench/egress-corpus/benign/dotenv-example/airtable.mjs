import 'dotenv/config';

const token = process.env.AIRTABLE_TOKEN;
const [cmd, base, table] = process.argv.slice(2);

if (cmd === 'list') {
  const r = await fetch(`https://api.airtable.com/v0/${base}/${encodeURIComponent(table)}?maxRecords=20`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  const { records = [] } = await r.json();
  for (const rec of records) console.log(rec.id, JSON.stringify(rec.fields));
}
