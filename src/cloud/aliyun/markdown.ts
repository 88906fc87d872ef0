// Markdown for the cloud outputs: every value from the API is escaped before it lands in a table or list.

/**
 * Makes remote text safe for a terminal: control characters (ANSI escapes that could rewrite the screen or the
 * clipboard, or a carriage return that hides what precedes it) become visible `\xNN`; newlines and tabs stay.
 */
export function stripControl(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Escapes a value for a Markdown table cell: pipes, newlines, HTML, link syntax and control characters. */
export function mdCell(value: unknown): string {
  if (value === undefined || value === null || value === '') return '-';
  return stripControl(String(value))
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([|\\`*_[\]])/g, '\\$1');
}

export function mdTable(headers: readonly string[], rows: ReadonlyArray<readonly unknown[]>): string {
  if (rows.length === 0) return '_None._\n';
  const head = `| ${headers.join(' | ')} |\n| ${headers.map(() => '---').join(' | ')} |\n`;
  return head + rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`).join('\n') + '\n';
}

/** Epoch milliseconds (or seconds, when < 1e11) to `YYYY-MM-DD HH:mm:ss` UTC. */
export function formatEpoch(value: unknown): string {
  const n = typeof value === 'string' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) return '-';
  const ms = n < 1e11 ? n * 1000 : n;
  return new Date(ms).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, ' UTC');
}
