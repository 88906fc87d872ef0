const http = require('node:http');
const crypto = require('node:crypto');

const SECRET = process.env.GITHUB_WEBHOOK_SECRET || '';

function valid(sig, body) {
  const mac = 'sha256=' + crypto.createHmac('sha256', SECRET).update(body).digest('hex');
  return sig && crypto.timingSafeEqual(Buffer.from(sig), Buffer.from(mac));
}

http.createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    if (!valid(req.headers['x-hub-signature-256'], body)) {
      res.writeHead(401).end();
      return;
    }
    const event = req.headers['x-github-event'];
    const payload = JSON.parse(body);
    console.log(`${event}: ${payload.repository?.full_name} ${payload.action ?? ''}`);
    res.writeHead(204).end();
  });
}).listen(9876, '127.0.0.1');
