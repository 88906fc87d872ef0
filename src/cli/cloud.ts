// `clawguard cloud …`: Alibaba Cloud Security Center fleet operations (flags → runCloud → Markdown or JSON, exit code).
import { createInterface } from 'node:readline';
import { Command, Option } from 'commander';
import { UsageError } from '../core/errors.js';
import { COMMAND_TYPES, type CommandType } from '../cloud/aliyun/assistant.js';
import { stripControl } from '../cloud/aliyun/markdown.js';
import { DEFAULT_PUSH_TASKS } from '../cloud/aliyun/security-center.js';
import { runCloud, type CloudAction, type CommandPlan, type EcsTarget } from '../cloud/index.js';
import { exitCodeForFindings } from './exit-codes.js';
import type { Io } from './io.js';
import type { CommandRuntime, RegisterCommand } from './program.js';

interface CommonFlags {
  region?: string;
  sasRegion?: string;
  endpoint?: string;
  profile?: string;
  outputDir?: string;
  json?: boolean;
  maxPages?: string;
  yes?: boolean;
}

const DEFAULT_VULN_NAME = 'emg:SCA:AVD-2026-1860246';

function common(cmd: Command, opts: { outputDir?: boolean; paging?: boolean; yes?: boolean; ecs?: boolean } = {}): Command {
  if (opts.ecs) {
    cmd
      .option('--region <region>', 'ECS region of the instances, e.g. cn-hangzhou (default: looked up in Security Center)')
      .option('--sas-region <region>', 'Security Center region for look-ups: cn-shanghai (default) or ap-southeast-1');
  } else {
    cmd.option('--region <region>', 'Security Center region: cn-shanghai (mainland China, default) or ap-southeast-1 (elsewhere)');
  }
  cmd
    .option('--endpoint <url>', 'send every API call to this endpoint instead (e.g. http://127.0.0.1:8080 for a test double)')
    .option('--profile <name>', 'aliyun CLI profile in ~/.aliyun/config.json (default: $ALIBABA_CLOUD_PROFILE, else the current one)')
    .option('--json', 'print the result as JSON (credentials never included)');
  if (opts.outputDir !== false) cmd.option('--output-dir <dir>', 'also write <name>.json (raw API data) and <name>.md there');
  if (opts.paging) cmd.option('--max-pages <n>', 'stop after this many pages of 20 records (default 50)');
  if (opts.yes) cmd.option('-y, --yes', 'run without the interactive confirmation (high-risk commands are refused anyway)');
  return cmd;
}

function csv(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

function positiveInt(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`${flag} must be a positive integer, got ${JSON.stringify(value)}.`);
  return n;
}

const UUID = /^[0-9a-zA-Z-]{8,64}$/;
function checkUuids(list: string[], flag: string): string[] {
  if (list.length === 0) throw new UsageError(`${flag} needs at least one Security Center UUID.`);
  for (const u of list) if (!UUID.test(u)) throw new UsageError(`${flag}: ${JSON.stringify(u)} is not a Security Center UUID.`);
  return list;
}
const INSTANCE_ID = /^[a-z]{1,4}-[0-9a-z]{6,40}$/i;
function target(flags: { instanceIds?: string; uuids?: string; region?: string }): EcsTarget {
  const instanceIds = csv(flags.instanceIds);
  for (const id of instanceIds) if (!INSTANCE_ID.test(id)) throw new UsageError(`--instance-ids: ${JSON.stringify(id)} is not an ECS instance id (i-…).`);
  const uuids = flags.uuids ? checkUuids(csv(flags.uuids), '--uuids') : [];
  if (instanceIds.length === 0 && uuids.length === 0) throw new UsageError('Pass --instance-ids i-…[,i-…] or --uuids <uuid>[,<uuid>].');
  return { instanceIds, uuids, region: flags.region };
}

function describePlan(plan: CommandPlan): string {
  return [
    `Cloud Assistant will ${plan.purpose} on ${plan.instanceIds.length} instance(s) in ${plan.region}: ${plan.instanceIds.join(', ')}`,
    `  type: ${plan.type}${plan.username ? `, user: ${plan.username}` : ''}`,
    '  command (exactly as sent):',
    // Control characters are shown, not interpreted: an escape sequence or a \r must not hide part of the command.
    ...stripControl(plan.command).split('\n').map((l) => `    ${l}`),
    '',
  ].join('\n');
}

async function confirmPlan(io: Io, yes: boolean | undefined, plan: CommandPlan): Promise<boolean> {
  io.err(describePlan(plan));
  if (yes) return true;
  if (!io.stdinIsTTY) {
    io.err('No terminal to confirm on and --yes was not given.\n');
    return false;
  }
  // The one interactive read in clawguard: a line from the terminal, never from a pipe.
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve) => {
      io.signal.addEventListener('abort', () => resolve(''), { once: true });
      rl.question('Type "yes" to run it: ', resolve);
    });
    return answer.trim().toLowerCase() === 'yes';
  } finally {
    rl.close();
  }
}

async function execute(runtime: CommandRuntime, flags: CommonFlags, action: CloudAction): Promise<void> {
  const { io } = runtime;
  // For Cloud Assistant commands --region is the ECS region (as in the original scripts); Security Center's is --sas-region.
  const sasRegion = 'target' in action ? flags.sasRegion : flags.region;
  const backoff = Number(io.env.CLAWGUARD_ALIYUN_BACKOFF_MS);
  const result = await runCloud({
    action,
    region: sasRegion,
    endpoint: flags.endpoint,
    profile: flags.profile,
    env: io.env,
    outputDir: flags.outputDir,
    maxPages: positiveInt(flags.maxPages, '--max-pages', 50),
    backoffMs: Number.isFinite(backoff) && backoff >= 0 && io.env.CLAWGUARD_ALIYUN_BACKOFF_MS ? backoff : undefined,
    signal: io.signal,
    confirm: (plan) => confirmPlan(io, flags.yes, plan),
    log: (line) => io.err(`${line}\n`),
  });
  if (flags.json) io.out(`${JSON.stringify({ ...result.data, findings: result.findings }, null, 2)}\n`);
  else io.out(`${result.markdown}${result.notes.length ? `\n${result.notes.map((n) => `> ${n}`).join('\n')}\n` : ''}`);
  for (const f of result.files) io.err(`wrote ${f}\n`);
  runtime.setExitCode(result.exitCode ?? exitCodeForFindings(result.findings));
}

export const registerCloud: RegisterCommand = (program, runtime) => {
  const cloud = program.command('cloud').description('Alibaba Cloud Security Center operations on OpenClaw hosts (instances, vulnerabilities, baseline, alerts, Cloud Assistant).');

  common(cloud.command('instances').description('list OpenClaw deployments Security Center found (DescribePropertyScaDetail)'), { paging: true })
    .option('--name-pattern <pattern>', 'component name pattern', 'openclaw')
    .option('--biz <biz>', 'Security Center business type', 'sca_ai')
    .option('--remark <text>', 'filter by host name or IP (fuzzy)')
    .action((flags: CommonFlags & { namePattern: string; biz: string; remark?: string }) => execute(runtime, flags, { kind: 'instances', namePattern: flags.namePattern, biz: flags.biz, remark: flags.remark }));

  common(cloud.command('asset').argument('<uuids>', 'Security Center UUID, or several separated by commas').description('host details by UUID: OS, IPs, disks, agent status, region (GetAssetDetailByUuid)')).action(
    (uuids: string, flags: CommonFlags) => execute(runtime, flags, { kind: 'asset', uuids: checkUuids(csv(uuids), '<uuids>') }),
  );

  common(cloud.command('vulns').description('unfixed vulnerabilities (DescribeVulList); urgency asap = high, later = warning'), { paging: true })
    .option('--name <name>', 'vulnerability rule name', DEFAULT_VULN_NAME)
    .option('--any-name', 'do not filter by --name (every vulnerability of --type)')
    .addOption(new Option('--type <type>', 'vulnerability type').choices(['cve', 'sys', 'cms', 'app', 'emg', 'sca']).default('emg'))
    .addOption(new Option('--dealed <y|n>', 'handled (y) or unhandled (n)').choices(['y', 'n']).default('n'))
    .option('--necessity <list>', 'urgency: asap, later, nntf (comma-separated)')
    .option('--uuids <list>', 'only these hosts (comma-separated UUIDs)')
    .action((flags: CommonFlags & { name: string; anyName?: boolean; type: string; dealed: 'y' | 'n'; necessity?: string; uuids?: string }) => {
      for (const n of csv(flags.necessity)) if (!['asap', 'later', 'nntf'].includes(n)) throw new UsageError(`--necessity: ${JSON.stringify(n)} is not asap, later or nntf.`);
      return execute(runtime, flags, { kind: 'vulns', name: flags.anyName ? undefined : flags.name, type: flags.type, dealed: flags.dealed, necessity: flags.necessity, uuids: flags.uuids ? checkUuids(csv(flags.uuids), '--uuids').join(',') : undefined });
    });

  common(cloud.command('baseline').argument('[uuid]', 'host UUID (omit for every host)').description('baseline check summary (DescribeCheckWarningSummary); --risk-id drills into one risk (DescribeCheckWarnings)'), { paging: true })
    .option('--risk-id <n>', 'show the individual checks of this risk item')
    .action((uuid: string | undefined, flags: CommonFlags & { riskId?: string }) =>
      execute(runtime, flags, { kind: 'baseline', uuid: uuid ? checkUuids([uuid], '<uuid>')[0] : undefined, riskId: flags.riskId === undefined ? undefined : positiveInt(flags.riskId, '--risk-id', 0) }),
    );

  common(cloud.command('alerts').description('security alerts (DescribeSuspEvents); serious = critical, suspicious = high'), { paging: true })
    .addOption(new Option('--dealed <Y|N>', 'handled (Y) or unhandled (N)').choices(['Y', 'N']).default('N'))
    .option('--levels <list>', 'serious, suspicious, remind (comma-separated)')
    .option('--uuids <list>', 'only these hosts (comma-separated UUIDs)')
    .option('--name <text>', 'filter by asset name')
    .action((flags: CommonFlags & { dealed: 'Y' | 'N'; levels?: string; uuids?: string; name?: string }) => {
      for (const l of csv(flags.levels)) if (!['serious', 'suspicious', 'remind'].includes(l)) throw new UsageError(`--levels: ${JSON.stringify(l)} is not serious, suspicious or remind.`);
      return execute(runtime, flags, { kind: 'alerts', dealed: flags.dealed, levels: flags.levels, uuids: flags.uuids ? checkUuids(csv(flags.uuids), '--uuids').join(',') : undefined, name: flags.name });
    });

  common(cloud.command('push-tasks').argument('<uuids>', 'host UUID(s), comma-separated').description('trigger vulnerability scans and baseline checks now (ModifyPushAllTask)'))
    .option('--tasks <list>', 'task types', DEFAULT_PUSH_TASKS)
    .action((uuids: string, flags: CommonFlags & { tasks: string }) => {
      const tasks = csv(flags.tasks);
      for (const t of tasks) if (!/^[A-Z_]+$/.test(t)) throw new UsageError(`--tasks: ${JSON.stringify(t)} is not a task type (e.g. ${DEFAULT_PUSH_TASKS}).`);
      return execute(runtime, flags, { kind: 'push-tasks', uuids: checkUuids(csv(uuids), '<uuids>'), tasks: tasks.join(',') });
    });

  common(cloud.command('plugin-command').description('print the AI security assistant install command (AI Security Center GetAIAgentPluginKey); runs nothing')).action((flags: CommonFlags) =>
    execute(runtime, flags, { kind: 'plugin-command' }),
  );

  const guardrail = cloud.command('guardrail').description('the OpenClaw security guardrail, through Cloud Assistant');
  const targetOptions = (cmd: Command) =>
    cmd
      .option('--instance-ids <list>', 'ECS instance ids, comma-separated')
      .option('--uuids <list>', 'or Security Center UUIDs (instance id and region looked up)')
      .option('--timeout <seconds>', 'command timeout on the instance');
  targetOptions(common(guardrail.command('install').description('install the guardrail (gets the install command from AI Security Center, asks for confirmation, runs it)'), { yes: true, ecs: true }))
    .option('--username <user>', 'run as this user on the instance (default root)')
    .action((flags: CommonFlags & { instanceIds?: string; uuids?: string; timeout?: string; username?: string }) =>
      execute(runtime, flags, { kind: 'guardrail-install', target: target(flags), timeoutSeconds: positiveInt(flags.timeout, '--timeout', 600), username: flags.username }),
    );
  targetOptions(common(guardrail.command('status').description('is the guardrail plugin installed? (runs `openclaw plugins info openclaw-security-assistant`)'), { yes: true, ecs: true })).action(
    (flags: CommonFlags & { instanceIds?: string; uuids?: string; timeout?: string }) => execute(runtime, flags, { kind: 'guardrail-status', target: target(flags), timeoutSeconds: positiveInt(flags.timeout, '--timeout', 120) }),
  );

  targetOptions(common(cloud.command('exec').description('run a shell command on ECS instances through Cloud Assistant (shown in full, confirmed, high-risk commands refused)'), { yes: true, ecs: true }))
    .requiredOption('--command <command>', 'the command to run')
    .addOption(new Option('--type <type>', 'script type').choices(COMMAND_TYPES as string[]).default('RunShellScript'))
    .option('--username <user>', 'run as this user on the instance (default root)')
    .action((flags: CommonFlags & { instanceIds?: string; uuids?: string; timeout?: string; command: string; type: CommandType; username?: string }) =>
      execute(runtime, flags, { kind: 'exec', target: target(flags), command: flags.command, type: flags.type, timeoutSeconds: positiveInt(flags.timeout, '--timeout', 60), username: flags.username }),
    );
};
