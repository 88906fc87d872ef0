// Constructed report inputs shared by the report tests (hostile strings included, to prove escaping).
import type { Finding } from '../core/types.js';
import type { CloudInput, ReportInputs, ThreatInput } from './types.js';

export const NOW = new Date('2026-01-02T12:00:00Z');
export const SINCE = new Date('2026-01-01T12:00:00Z');

export const XSS = `<img src=x onerror="alert(1)"><script>fetch('https://evil.example/x')</script>`;

function finding(ruleId: string, severity: Finding['severity'], area: string, title: string, extra: Partial<Finding> = {}): Finding {
  return { ruleId, severity, area, title, message: `${title} (details)`, ...extra };
}

export function threat(timestamp: string, dest: string, extra: Partial<ThreatInput> = {}): ThreatInput {
  return { direction: 'outbound', threat_type: 'EXFIL', pattern: 'ai_api_key', dest, source: '127.0.0.1', timestamp, snippet: 'Authorization: Bearer sk-ant…(108, sha256:1a2b3c4d)', ruleId: 'secret.anthropic-api-key', severity: 'critical', action: 'logged', ...extra };
}

export function sampleInputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    generatedAt: NOW,
    since: SINCE,
    host: 'gateway-01',
    audit: {
      target: '/home/u/.openclaw',
      findings: [
        finding('gateway.bind_no_auth', 'critical', 'gateway', 'Gateway listens on 0.0.0.0 without auth', { location: { file: '/home/u/.openclaw/openclaw.json', line: 4, keyPath: 'gateway.bind' } }),
        finding('fs.state_dir_perms', 'warning', 'filesystem', 'State dir is group-readable'),
      ],
      suppressed: [finding('logging.redact_off', 'info', 'logging', 'Log redaction is off', { suppressed: { reason: 'lab box', source: 'x' } })],
      notes: ['deep probes skipped (no --deep)'],
    },
    egress: {
      target: '/home/u/.openclaw/workspace',
      findings: [finding('exfil.url-base64-data', 'high', 'exfil', `Skill posts data to ${XSS}`, { location: { file: 'skills/evil/SKILL.md', line: 12 } })],
      suppressed: [],
      notes: [],
      domains: [
        { host: 'api.github.com', count: 4 },
        { host: 'evil.example', count: 1 },
      ],
    },
    threats: {
      logDir: '/tmp/clawsec',
      notes: [],
      records: [
        threat('2026-01-02T11:10:00Z', 'api.evil.example:443'),
        threat('2026-01-02T11:20:00Z', 'api.evil.example:443', { action: 'blocked' }),
        threat('2026-01-02T03:00:00Z', 'paste.example:443', { threat_type: 'INJECTION', pattern: 'pipe_to_shell', ruleId: 'injection.pipe-to-shell', severity: 'high', direction: 'inbound' }),
        threat('2025-12-30T00:00:00Z', 'old.example:443'),
        threat('2026-01-02T10:00:00Z', `${XSS}:443`),
      ],
    },
    forensics: { findings: [], suppressed: [], notes: [], unavailable: 'no session logs under /home/u/.openclaw/agents' },
    ...overrides,
  };
}

/** Security Center data as `cloud overview` returns it, with one dimension that failed. */
export const SAMPLE_CLOUD: CloudInput = {
  region: 'cn-shanghai',
  instances: [{ instanceName: 'openclaw-prod-01', ip: '47.100.10.11', name: 'openclaw', version: '2026.1.5', listenIp: '0.0.0.0', port: '18789' }],
  vulns: [{ title: `OpenClaw RCE ${XSS}`, necessity: 'asap', instanceName: 'openclaw-prod-01' }],
  baseline: [],
  alerts: [{ name: 'Malicious skill', level: 'serious', instanceName: 'openclaw-prod-01', occurred: '2026-01-02 08:55:00' }],
  findings: [{ ruleId: 'cloud.sas.alert', severity: 'critical', area: 'cloud', title: 'Malicious skill on openclaw-prod-01', message: 'x' }],
  errors: { baseline: 'Permission denied: the RAM identity lacks yundun-sas:DescribeCheckWarningSummary' },
  notes: [],
};
