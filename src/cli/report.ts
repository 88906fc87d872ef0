// `clawguard report`: the daily report — runs audit, egress scan, the monitor's threat log, forensics and (with --cloud) Security Center, then joins them.
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { Option } from 'commander';
import { runAudit } from '../audit/index.js';
import { runCloud, type CloudOverview } from '../cloud/index.js';
import { writeFileAtomic } from '../core/atomic.js';
import { ClawguardError, UsageError, describeError } from '../core/errors.js';
import { DEFAULT_MONITOR_LOG_DIR, readThreats } from '../core/threat-log.js';
import { scanEgress } from '../egress/index.js';
import { runForensics } from '../forensics/index.js';
import { buildDailyReport, type CloudInput, type ReportInputs, type SectionInput } from '../report/index.js';
import { addLocateOptions, type LocateFlags } from './common.js';
import { exitCodeForFindings } from './exit-codes.js';
import type { RegisterCommand } from './program.js';

interface ReportFlags extends LocateFlags {
  cloud?: boolean;
  outputDir?: string;
  since: string;
  json?: boolean;
  markdown?: boolean;
  workspace?: string;
  monitorLogDir: string;
  region?: string;
  endpoint?: string;
  aliyunProfile?: string;
  vulnName?: string;
  namePattern: string;
}

const UNITS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `24h`, `90m`, `7d`, or an ISO date/time; returns the window start. */
export function parseSince(value: string, now: Date): Date {
  const rel = /^(\d+)\s*([mhd])$/i.exec(value.trim());
  if (rel) {
    const ms = Number(rel[1]) * (UNITS[(rel[2] as string).toLowerCase()] ?? 0);
    if (ms <= 0) throw new UsageError(`--since ${value}: the window must be longer than zero.`);
    return new Date(now.getTime() - ms);
  }
  const abs = Date.parse(value);
  if (!Number.isFinite(abs)) throw new UsageError(`--since ${JSON.stringify(value)} is neither a duration (24h, 90m, 7d) nor a date (2026-01-02T00:00:00Z).`);
  if (abs > now.getTime()) throw new UsageError(`--since ${value} is in the future.`);
  return new Date(abs);
}

/** Runs one section; any failure becomes an honest "not available" line instead of aborting the report. */
async function section(run: () => Promise<SectionInput>): Promise<SectionInput> {
  try {
    return await run();
  } catch (err) {
    return { findings: [], suppressed: [], notes: [], unavailable: describeError(err) };
  }
}

function toCloudInput(data: Record<string, unknown>, region: string, findings: CloudInput['findings'], notes: string[]): CloudInput {
  const o = data as unknown as CloudOverview;
  return { region, instances: o.instances ?? [], vulns: o.vulns ?? [], baseline: o.baseline ?? [], alerts: o.alerts ?? [], errors: o.errors ?? {}, findings, notes };
}

export const registerReport: RegisterCommand = (program, runtime) => {
  const cmd = program
    .command('report')
    .description('daily security report: audit + egress scan + monitor threats + forensics (+ Security Center with --cloud), as Markdown, JSON and one self-contained HTML page');
  addLocateOptions(cmd)
    .option('--cloud', 'add Alibaba Cloud Security Center: instances, vulnerabilities, baseline, alerts')
    .option('--output-dir <dir>', 'write security_report_YYYYMMDD.md, .json and .html there')
    .option('--since <window>', 'threat window: a duration (24h, 90m, 7d) or an ISO date', '24h')
    .option('--workspace <dir>', 'workspace for the egress scan (default: from the OpenClaw config)')
    .option('--monitor-log-dir <dir>', 'the monitor\'s log dir holding threats.jsonl', DEFAULT_MONITOR_LOG_DIR)
    .option('--json', 'print the JSON report to stdout')
    .option('--markdown', 'print the Markdown report to stdout (the default)')
    .option('--region <region>', 'with --cloud: Security Center region, cn-shanghai (default) or ap-southeast-1')
    .option('--endpoint <url>', 'with --cloud: send API calls to this endpoint instead')
    .option('--aliyun-profile <name>', 'with --cloud: aliyun CLI profile in ~/.aliyun/config.json')
    .option('--vuln-name <name>', 'with --cloud: vulnerability rule name to report (default: every emergency vulnerability)')
    .addOption(new Option('--name-pattern <pattern>', 'with --cloud: component name pattern for instances').default('openclaw'))
    .action(async (flags: ReportFlags) => {
      const { io } = runtime;
      if (flags.json && flags.markdown) throw new UsageError('Choose one output format, not --json and --markdown.');
      const generatedAt = new Date();
      const since = parseSince(flags.since, generatedAt);
      const locate = { stateDir: flags.stateDir, configPath: flags.config, profile: flags.profile, env: io.env };
      const log = (line: string) => {
        if (io.isTTY || io.debug) io.err(`${line}\n`);
      };

      log('report: audit, egress scan, threat log' + (flags.cloud ? ', Security Center' : '') + '…');
      const [audit, egress, threats, forensics, cloud] = await Promise.all([
        section(async () => {
          const r = await runAudit({ ...locate, signal: io.signal });
          return { findings: r.findings, suppressed: r.suppressed, notes: r.notes, target: r.target.stateDir };
        }),
        (async (): Promise<ReportInputs['egress']> => {
          try {
            const r = await scanEgress({ ...locate, workspace: flags.workspace, signal: io.signal });
            return { findings: r.findings, suppressed: r.suppressed, notes: r.notes, target: r.workspace, domains: r.domains.filter((d) => !d.allowlisted).map((d) => ({ host: d.host, count: d.count })) };
          } catch (err) {
            return { findings: [], suppressed: [], notes: [], unavailable: describeError(err) };
          }
        })(),
        (async (): Promise<ReportInputs['threats']> => {
          const logDir = resolve(flags.monitorLogDir);
          try {
            const records = await readThreats(logDir, { since });
            return { records, notes: records.length === 0 ? [`No threat recorded in ${logDir} since ${since.toISOString()} (is \`clawguard monitor\` running?).`] : [], logDir };
          } catch (err) {
            return { records: [], notes: [], logDir, unavailable: describeError(err) };
          }
        })(),
        // Forensics over the same window as the threats: the daily report is about what happened since --since.
        section(async () => {
          const r = await runForensics({ ...locate, since: since.getTime(), until: generatedAt.getTime(), signal: io.signal });
          return { findings: r.findings, suppressed: r.suppressed, notes: r.notes, target: r.target };
        }),
        flags.cloud
          ? (async (): Promise<ReportInputs['cloud']> => {
              try {
                const r = await runCloud({
                  action: { kind: 'overview', vulnName: flags.vulnName, namePattern: flags.namePattern },
                  region: flags.region,
                  endpoint: flags.endpoint,
                  profile: flags.aliyunProfile,
                  env: io.env,
                  signal: io.signal,
                  // The overview only reads; nothing is ever run on an instance.
                  confirm: async () => false,
                });
                return toCloudInput(r.data, r.region, r.findings, r.notes);
              } catch (err) {
                if (err instanceof ClawguardError && err.code === 'CG_USAGE') throw err;
                return { unavailable: describeError(err) };
              }
            })()
          : Promise.resolve(undefined),
      ]);

      const report = buildDailyReport({ generatedAt, since, host: hostname(), audit, egress, threats, forensics, cloud });
      if (flags.outputDir) {
        const dir = resolve(flags.outputDir);
        try {
          await fs.mkdir(dir, { recursive: true, mode: 0o700 });
        } catch (err) {
          throw new ClawguardError('CG_IO', `Cannot create --output-dir ${dir}: ${(err as NodeJS.ErrnoException).code ?? describeError(err)}.`, { cause: err });
        }
        const files: Array<[string, string]> = [
          [`${report.name}.md`, report.markdown],
          [`${report.name}.json`, `${JSON.stringify(report.json, null, 2)}\n`],
          [`${report.name}.html`, report.html],
        ];
        for (const [name, content] of files) {
          await writeFileAtomic(join(dir, name), content, { mode: 0o600 });
          io.err(`wrote ${join(dir, name)}\n`);
        }
      }
      io.out(flags.json ? `${JSON.stringify(report.json, null, 2)}\n` : report.markdown);
      runtime.setExitCode(exitCodeForFindings(report.findings));
    });
};
