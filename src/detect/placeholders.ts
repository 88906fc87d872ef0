// Placeholder and documentation-example recognition for secret values (`sk-...`, `YOUR_API_KEY`, `<token>`, `${VAR}`).

/**
 * Shapes that mark a value as a stand-in rather than a credential. Matched against the secret part
 * of a hit only, so a real key that happens to sit next to the word "example" is still reported.
 */
const PLACEHOLDER_SHAPES: readonly RegExp[] = [
  /x{4,}/i, // sk-xxxxxxxx, ghp_XXXX…
  /\*{3,}/, // sk-****
  /\.{3}|…/, // sk-... and the ellipsis character
  /<[^<>]{1,40}>/, // <token>, <your-key>
  /\$\{[^}]{0,80}\}|\$\([^)]{0,80}\)|\{\{[^}]{0,80}\}\}|%\([a-z_]{1,40}\)s|%[A-Z_]{2,40}%/, // ${VAR}, $(cmd), {{var}}, %(name)s, %VAR%
  /your[-_ ]?(api[-_ ]?)?(key|token|secret|password)|your[-_]?[a-z]{0,12}[-_]?(key|token)/i,
  /(?:^|[^a-z])(example|sample|dummy|placeholder|redacted|changeme|change[-_]me|replace[-_]?me|insert[-_]?here|fake|fixme|todo)(?:[^a-z]|$)/i,
  /EXAMPLE/, // AKIAIOSFODNN7EXAMPLE, wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
  /(.)\1{7,}/, // 00000000…, aaaaaaaa…
  /0123456789|123456789|abcdefghij|ABCDEFGHIJ|1234567890/i,
];

/** Environment or config references that name a secret without containing it. */
const REFERENCE_SHAPES: readonly RegExp[] = [
  /^\$[A-Za-z_][A-Za-z0-9_]*$/, // $OPENAI_API_KEY
  /^(process\.env|os\.environ|os\.getenv|env)[.[(]/, // process.env.X, os.environ["X"]
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // a bare constant name: OPENAI_API_KEY
];

/** Whether a secret value is a placeholder, an example or a reference to where the real one lives. */
export function isPlaceholder(value: string): boolean {
  for (const re of PLACEHOLDER_SHAPES) if (re.test(value)) return true;
  for (const re of REFERENCE_SHAPES) if (re.test(value)) return true;
  return false;
}
