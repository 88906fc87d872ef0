// Builds the report envelope every reporting command renders.
import { sortFindings } from './severity.js';
import type { Finding, Report } from './types.js';
import { VERSION } from './version.js';

export function createReport(command: string, parts: { target?: string; findings: Finding[]; suppressed?: Finding[]; notes?: string[]; extra?: Record<string, unknown> }): Report {
  return {
    tool: 'clawguard',
    version: VERSION,
    command,
    target: parts.target,
    generatedAt: new Date().toISOString(),
    findings: sortFindings([...parts.findings]),
    suppressed: sortFindings([...(parts.suppressed ?? [])]),
    notes: parts.notes ?? [],
    extra: parts.extra,
  };
}
