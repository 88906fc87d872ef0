// File path → ContentKind, so callers pick the right context filters.
import type { ContentKind } from './types.js';

const BY_EXT: Record<string, ContentKind> = {
  js: 'code-js', mjs: 'code-js', cjs: 'code-js', jsx: 'code-js', ts: 'code-js', mts: 'code-js', cts: 'code-js', tsx: 'code-js',
  py: 'code-py', pyw: 'code-py',
  sh: 'shell', bash: 'shell', zsh: 'shell', ksh: 'shell', command: 'shell', ps1: 'shell', psm1: 'shell', bat: 'shell', cmd: 'shell',
  md: 'markdown', markdown: 'markdown', mdx: 'markdown',
  json: 'config', json5: 'config', jsonc: 'config', yaml: 'config', yml: 'config', toml: 'config', ini: 'config', env: 'config', conf: 'config', cfg: 'config', plist: 'config', xml: 'config',
};

/** The content kind for a file path (by extension; `.env*` files are config; anything else is text). */
export function contentKindForPath(path: string): ContentKind {
  const base = path.replace(/\\/g, '/').split('/').pop() ?? '';
  if (base === '.env' || base.startsWith('.env.')) return 'config';
  if (/^(?:Dockerfile|Makefile)$/.test(base) || /\.(?:bashrc|zshrc|profile)$/.test(base)) return 'shell';
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return 'text';
  return BY_EXT[base.slice(dot + 1).toLowerCase()] ?? 'text';
}
