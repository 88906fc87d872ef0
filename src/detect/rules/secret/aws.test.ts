// Rule tests for AWS access key ids and secret access keys.
import { ruleTester } from '../../rule-tester.js';
import { B64, UPPER_B32, fakeToken } from '../../sample.js';

const keyId = (prefix: string, seed: number) => `${prefix}${fakeToken(UPPER_B32, 16, seed)}`;
ruleTester('secret.aws-access-key-id', {
  valid: [
    { text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE', name: 'AWS documentation example' },
    { text: `ID=AKIA${fakeToken(UPPER_B32, 12, 1)}`, name: 'too short' },
    { text: `XAKIA${fakeToken(UPPER_B32, 16, 2)}`, name: 'inside a longer word' },
    { text: 'Asia/Tokyo is a time zone', name: 'the word Asia' },
  ],
  invalid: [
    ...['AKIA', 'ASIA'].map((p, i) => ({ text: `[default]\naws_access_key_id = ${keyId(p, i + 3)}`, kind: 'config' as const, secret: keyId(p, i + 3), errors: [{ line: 2, column: 21, evidence: new RegExp(`^${p}.…\\(20, sha256:[0-9a-f]{8}\\)$`) }] })),
    { text: `s3 = boto3.client("s3", aws_access_key_id="${keyId('AKIA', 9)}")`, kind: 'code-py', errors: [{ line: 1, column: 44 }] },
  ],
});

ruleTester('secret.aws-secret-access-key', {
  valid: [
    { text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', name: 'AWS documentation example' },
    { text: 'aws_secret_access_key = ${AWS_SECRET_ACCESS_KEY}', name: 'reference' },
    { text: `checksum = ${fakeToken(B64, 40, 2)}`, name: 'no aws name' },
  ],
  invalid: [{ text: `AWS_SECRET_ACCESS_KEY="${fakeToken(B64, 40, 5)}"`, secret: fakeToken(B64, 40, 5), errors: [{ line: 1, column: 1, evidence: /^AWS_SECRET_ACCESS_KEY="[^"]{6}…\(40, sha256:[0-9a-f]{8}\)"?$/ }] }],
});
