// AWS credentials: access key ids (AKIA/ASIA/…) and secret access keys in assignments.
import { B64, UPPER_B32, fakeToken } from '../../sample.js';
import type { Rule } from '../../types.js';

// Access key ids: a 4-char type prefix (AKIA long-term, ASIA STS, ABIA/ACCA service) + 16 base32 chars.
export const awsAccessKeyId = {
  id: 'secret.aws-access-key-id',
  severity: 'critical',
  category: 'secret',
  title: 'AWS access key id',
  keywords: ['akia', 'asia', 'abia', 'acca', 'a3t'],
  pattern: /(?<![A-Za-z0-9])((?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16})(?![A-Za-z0-9])/g,
  secretGroup: 1,
  minEntropy: 3,
  maxLength: 24,
  examples: {
    flagged: [{ text: `aws_access_key_id = AKIA${fakeToken(UPPER_B32, 16, 21)}` }],
    notFlagged: [{ text: 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE' }],
  },
  remediation: 'Deactivate and delete the access key in IAM, rotate to a new one (better: use an IAM role), and check CloudTrail for use of the old key.',
} satisfies Rule;

// Secret access keys are 40 base64 chars with no prefix: only next to an aws…secret name.
export const awsSecretAccessKey = {
  id: 'secret.aws-secret-access-key',
  severity: 'critical',
  category: 'secret',
  title: 'AWS secret access key in an assignment',
  keywords: ['aws'],
  pattern: /aws[\w.-]{0,20}(?:secret|sk)[\w.-]{0,20}["'`]?\s{0,3}(?::=|=>|[:=])\s{0,3}["'`]?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
  secretGroup: 1,
  minEntropy: 4,
  maxLength: 120,
  examples: {
    flagged: [{ text: `aws_secret_access_key = ${fakeToken(B64, 40, 22)}` }],
    notFlagged: [{ text: 'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }],
  },
  remediation: 'Deactivate the key pair in IAM, issue a new one, and review CloudTrail for its use.',
} satisfies Rule;

export const awsRules = [awsAccessKeyId, awsSecretAccessKey] satisfies Rule[];
