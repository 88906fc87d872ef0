// Key material: PEM and OpenSSH private keys, JSON Web Tokens.
import { B64, B64URL, fakeToken } from '../../sample.js';
import type { Rule } from '../../types.js';

// PEM armour for RSA/EC/DSA/OpenSSH/PKCS#8 (plain and encrypted) and PGP private key blocks; the
// first body line is the secret part, so `-----BEGIN PRIVATE KEY-----\n...` placeholders stay quiet.
export const privateKey = {
  id: 'secret.private-key',
  severity: 'critical',
  category: 'secret',
  title: 'Private key (PEM, OpenSSH, PKCS#8 or PGP)',
  keywords: ['private key'],
  pattern:
    /-----BEGIN[ ]{1,2}(?:(?:RSA|EC|DSA|OPENSSH|ENCRYPTED|PGP|SSH2 ENCRYPTED)[ ]{1,2})?PRIVATE KEY(?: BLOCK)?-----(?:\s|\\[rn]){1,8}(?:(?:Proc-Type|DEK-Info|Version|Comment):[^\n\\]{0,120}(?:\s|\\[rn]){1,6}){0,4}([A-Za-z0-9+/=]{32,100})/g,
  secretGroup: 1,
  minEntropy: 3.5,
  maxLength: 700,
  examples: {
    flagged: [{ text: `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA${fakeToken(B64, 46, 61)}\n-----END OPENSSH PRIVATE KEY-----` }],
    notFlagged: [{ text: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----' }],
  },
  remediation: 'Treat the key as compromised: generate a new key pair, replace the public key wherever it is trusted (authorized_keys, TLS, deploy keys), and remove the old one.',
} satisfies Rule;

// JWTs: base64url(JSON header starting `{"`) . base64url(payload) . signature. Tokens expire, so high.
export const jwt = {
  id: 'secret.jwt',
  severity: 'high',
  category: 'secret',
  title: 'JSON Web Token',
  keywords: ['eyj'],
  pattern: /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,1000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{16,1000})(?![A-Za-z0-9_-])/g,
  secretGroup: 1,
  minEntropy: 3.5,
  // jwt.io's published example token (HS256, "John Doe", secret `your-256-bit-secret`) is documentation.
  allow: [/\.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ\./],
  maxLength: 6000,
  examples: {
    flagged: [{ text: `Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1c2VyLTQyIiwiZXhwIjoxOTAwMDAwMDAwfQ.${fakeToken(B64URL, 43, 62)}` }],
    notFlagged: [{ text: 'Authorization: Bearer eyJ...' }],
  },
  remediation: 'Invalidate the session or signing key that issued it; rotate the signing secret if the token is long-lived.',
} satisfies Rule;

export const keyRules = [privateKey, jwt] satisfies Rule[];
