const url = process.env.SLACK_WEBHOOK_URL;
if (!url) {
  console.error('SLACK_WEBHOOK_URL is not set');
  process.exit(2);
}
const text = process.argv.slice(2).join(' ') || 'ping';
const res = await fetch(url, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ text }),
});
console.log(res.ok ? 'posted' : `slack answered ${res.status}`);
