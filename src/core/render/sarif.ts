// SARIF 2.1.0 output for code-scanning UIs; one run, one rule descriptor per rule id that appears.
import type * as Sarif from 'sarif';
import { sortFindings } from '../severity.js';
import type { Finding, Report, Severity } from '../types.js';

const LEVEL: Record<Severity, Sarif.Result.level> = { critical: 'error', high: 'error', warning: 'warning', info: 'note' };
/** GitHub code scanning reads `security-severity` (0–10) to bucket results. */
const SECURITY_SEVERITY: Record<Severity, string> = { critical: '9.5', high: '7.5', warning: '5.0', info: '2.0' };
const INFORMATION_URI = 'https://www.npmjs.com/package/clawguard';

function toResult(f: Finding, ruleIndex: number): Sarif.Result {
  const result: Sarif.Result = {
    ruleId: f.ruleId,
    ruleIndex,
    level: LEVEL[f.severity],
    message: { text: [f.title, f.message, f.evidence ? `Evidence: ${f.evidence}` : ''].filter(Boolean).join(' — ') },
    properties: { severity: f.severity, area: f.area, ...(f.openclawId ? { openclawId: f.openclawId } : {}) },
  };
  const loc = f.location;
  if (loc?.file) {
    const region: Sarif.Region | undefined = loc.line ? { startLine: loc.line, ...(loc.column ? { startColumn: loc.column } : {}) } : undefined;
    result.locations = [{ physicalLocation: { artifactLocation: { uri: encodeURI(loc.file.replace(/\\/g, '/')) }, ...(region ? { region } : {}) } }];
  } else if (loc?.keyPath || loc?.endpoint || loc?.ref) {
    result.locations = [{ logicalLocations: [{ fullyQualifiedName: loc.keyPath ?? loc.endpoint ?? loc.ref }] }];
  }
  if (f.fingerprint) result.partialFingerprints = { 'clawguard/v1': f.fingerprint };
  if (f.suppressed) {
    result.suppressions = [{ kind: 'external', justification: f.suppressed.reason, status: 'accepted' }];
  }
  return result;
}

export function renderSarif(report: Report): string {
  const all = [...sortFindings([...report.findings]), ...sortFindings([...report.suppressed])];
  const ruleIds = [...new Set(all.map((f) => f.ruleId))].sort();
  const index = new Map(ruleIds.map((id, i) => [id, i]));
  const rules: Sarif.ReportingDescriptor[] = ruleIds.map((id) => {
    const sample = all.find((f) => f.ruleId === id) as Finding;
    return {
      id,
      shortDescription: { text: sample.title },
      ...(sample.docs ? { helpUri: `${INFORMATION_URI}#${sample.docs}` } : {}),
      defaultConfiguration: { level: LEVEL[sample.severity] },
      properties: { 'security-severity': SECURITY_SEVERITY[sample.severity], tags: ['security', sample.area] },
    };
  });
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'clawguard', version: report.version, informationUri: INFORMATION_URI, rules } },
        invocations: [{ executionSuccessful: true, endTimeUtc: report.generatedAt }],
        results: all.map((f) => toResult(f, index.get(f.ruleId) ?? 0)),
        properties: { command: report.command, ...(report.target ? { target: report.target } : {}) },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
