import { createServer } from 'node:http';
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { randomBytes, createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLIENT_ID = process.env.SPOTIFY_CLIENT_ID;
const REDIRECT = 'http://127.0.0.1:8888/callback';
const verifier = randomBytes(48).toString('base64url');
const challenge = createHash('sha256').update(verifier).digest('base64url');
const cacheDir = join(dirname(fileURLToPath(import.meta.url)), '.cache');

const authUrl = `https://accounts.spotify.com/authorize?client_id=${CLIENT_ID}&response_type=code&redirect_uri=${encodeURIComponent(REDIRECT)}&code_challenge_method=S256&code_challenge=${challenge}&scope=user-modify-playback-state`;
console.log(`Open: ${authUrl}`);

createServer(async (req, res) => {
  const code = new URL(req.url, REDIRECT).searchParams.get('code');
  if (!code) return res.end('missing code');
  const r = await fetch('https://accounts.spotify.com/api/token', {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: CLIENT_ID, code_verifier: verifier }),
  });
  const token = await r.json();
  mkdirSync(cacheDir, { recursive: true });
  const file = join(cacheDir, 'token.json');
  writeFileSync(file, JSON.stringify(token));
  chmodSync(file, 0o600);
  res.end('Authorized. You can close this tab.');
  process.exit(0);
}).listen(8888, '127.0.0.1');
