// Rule tests for private keys and JWTs.
import { ruleTester } from '../../rule-tester.js';
import { B64, B64URL, fakeToken } from '../../sample.js';

const body = (seed: number) => `MIIEow${fakeToken(B64, 58, seed)}`;
ruleTester('secret.private-key', {
  valid: [
    { text: '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----', name: 'elided body' },
    { text: '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo\n-----END PUBLIC KEY-----', name: 'public key' },
    { text: 'const header = "-----BEGIN PRIVATE KEY-----";', kind: 'code-js', name: 'armour literal only' },
  ],
  invalid: [
    ...['RSA ', 'EC ', 'DSA ', 'OPENSSH ', '', 'ENCRYPTED '].map((t, i) => ({
      text: `key:\n-----BEGIN ${t}PRIVATE KEY-----\n${body(i)}\n${fakeToken(B64, 64, i + 20)}\n-----END ${t}PRIVATE KEY-----\n`,
      secret: body(i),
      errors: [{ line: 2, column: 1, evidence: new RegExp(`^-----BEGIN ${t}PRIVATE KEY----- MIIEow…\\(64, sha256:[0-9a-f]{8}\\)$`) }],
    })),
    { text: `{"private_key": "-----BEGIN PRIVATE KEY-----\\n${body(9)}\\n-----END PRIVATE KEY-----\\n"}`, kind: 'config', errors: [{ line: 1, column: 18 }] },
  ],
});

const jwt = (seed: number) => `eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZG1pbiJ9.${fakeToken(B64URL, 43, seed)}`;
ruleTester('secret.jwt', {
  valid: [
    { text: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c', name: 'jwt.io example token' },
    { text: 'Authorization: Bearer eyJ...' }, { text: 'eyJhbGciOiJIUzI1NiJ9.eyJ.sig', name: 'truncated' }],
  invalid: [{ text: `Cookie: session=${jwt(1)}`, kind: 'http-header', secret: jwt(1), errors: [{ line: 1, column: 17, evidence: /^eyJhbG…\(85, sha256:[0-9a-f]{8}\)$/ }] }],
});
