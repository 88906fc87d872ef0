const fs = require('node:fs');

async function main() {
  const prompt = process.argv[2];
  const size = process.argv.includes('--size') ? process.argv[process.argv.indexOf('--size') + 1] : '1024x1024';
  const r = await fetch('https://api.openai.com/v1/images/generations', {
    method: 'POST',
    headers: { Authorization: `Bearer ${process.env.OPENAI_API_KEY}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ model: 'gpt-image-1', prompt, size }),
  });
  if (!r.ok) throw new Error(`OpenAI: ${r.status} ${await r.text()}`);
  const { data } = await r.json();
  const file = `image-${Date.now()}.png`;
  fs.writeFileSync(file, Buffer.from(data[0].b64_json, 'base64'));
  console.log(file);
}
main();
