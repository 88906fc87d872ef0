// One entry to render a report in the requested format.
import type { Report } from '../types.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { renderSarif } from './sarif.js';
import { renderText } from './text.js';

export type OutputFormat = 'text' | 'json' | 'sarif' | 'markdown';

export function renderReport(report: Report, format: OutputFormat, options: { color: boolean } = { color: false }): string {
  switch (format) {
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'markdown':
      return renderMarkdown(report);
    case 'text':
      return renderText(report, { color: options.color });
  }
}

export { renderJson, renderMarkdown, renderSarif, renderText };
export { escapeMarkdown } from './markdown.js';
export { formatLocation } from './text.js';
