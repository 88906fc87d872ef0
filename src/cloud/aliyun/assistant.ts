// ECS Cloud Assistant: RunCommand, then DescribeInvocationResults polled with backoff until every instance reaches a final state.
import { ClawguardError } from '../../core/errors.js';
import type { AliyunClient } from './client.js';

export type CommandType = 'RunShellScript' | 'RunBatScript' | 'RunPowerShellScript';
export const COMMAND_TYPES: readonly CommandType[] = ['RunShellScript', 'RunBatScript', 'RunPowerShellScript'];

export interface RunCommandRequest {
  /** ECS region of the instances. */
  region: string;
  instanceIds: readonly string[];
  command: string;
  type: CommandType;
  /** Command timeout on the instance, seconds; the poll budget is this plus a grace period. */
  timeoutSeconds: number;
  username?: string;
  name: string;
  description: string;
}

const POLL_CONCURRENCY = 4;

/** States in which an invocation is still in flight (Scheduled for queued runs). */
const PENDING = new Set(['Pending', 'Running', 'Stopping', 'Scheduled', '']);

export interface InvocationResult {
  instanceId: string;
  /** Success, Failed, Error, Timeout, Cancelled, Stopped, Terminated, Invalid, Aborted — or PollTimeout when clawguard gave up waiting. */
  status: string;
  exitCode?: number;
  /** Decoded stdout/stderr of the command (UTF-8). */
  output: string;
  errorCode?: string;
  errorInfo?: string;
  startTime?: string;
  finishedTime?: string;
  /** Polls made for this instance. */
  polls: number;
}

export interface RunCommandResult {
  commandId?: string;
  invokeId: string;
  region: string;
  results: InvocationResult[];
}

export interface PollOptions {
  /** First wait between polls, ms (grows ×1.5 up to maxDelayMs). */
  baseDelayMs: number;
  maxDelayMs?: number;
  /** Extra time after the command timeout before giving up, ms. */
  graceMs?: number;
  signal?: AbortSignal;
  /** Called on each state change (progress on stderr). */
  onProgress?: (instanceId: string, status: string) => void;
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new ClawguardError('CG_NETWORK', 'Interrupted while waiting for Cloud Assistant.'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new ClawguardError('CG_NETWORK', 'Interrupted while waiting for Cloud Assistant.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function decodeOutput(value: unknown): string {
  if (typeof value !== 'string' || value === '') return '';
  try {
    return Buffer.from(value, 'base64').toString('utf8');
  } catch {
    return value;
  }
}

/** Sends RunCommand with the content base64-encoded, as the original skill does. */
export async function runCommand(client: AliyunClient, req: RunCommandRequest, poll: PollOptions): Promise<RunCommandResult> {
  const params: Record<string, string | number | boolean | undefined> = {
    RegionId: req.region,
    Type: req.type,
    CommandContent: Buffer.from(req.command, 'utf8').toString('base64'),
    ContentEncoding: 'Base64',
    Name: req.name,
    Description: req.description,
    Timeout: req.timeoutSeconds,
    Username: req.username,
  };
  req.instanceIds.forEach((id, i) => (params[`InstanceId.${i + 1}`] = id));
  const body = await client.call('ecs', 'RunCommand', params, req.region);
  const invokeId = typeof body.InvokeId === 'string' ? body.InvokeId : '';
  if (!invokeId) throw new ClawguardError('CG_INPUT', `Cloud Assistant RunCommand returned no InvokeId (RequestId ${String(body.RequestId ?? '?')}).`);
  // A few instances polled at a time: hundreds of parallel polls would trip the API's flow control.
  const results: InvocationResult[] = new Array(req.instanceIds.length);
  let next = 0;
  const worker = async () => {
    while (next < req.instanceIds.length) {
      const i = next++;
      results[i] = await pollInvocation(client, req.region, invokeId, req.instanceIds[i] as string, req.timeoutSeconds, poll);
    }
  };
  await Promise.all(Array.from({ length: Math.min(POLL_CONCURRENCY, req.instanceIds.length) }, worker));
  return { commandId: typeof body.CommandId === 'string' ? body.CommandId : undefined, invokeId, region: req.region, results };
}

async function pollInvocation(client: AliyunClient, region: string, invokeId: string, instanceId: string, timeoutSeconds: number, o: PollOptions): Promise<InvocationResult> {
  const deadline = Date.now() + timeoutSeconds * 1000 + (o.graceMs ?? 30_000);
  let delay = o.baseDelayMs;
  let polls = 0;
  let last = '';
  for (;;) {
    await sleep(Math.min(delay, Math.max(0, deadline - Date.now())), o.signal);
    delay = Math.min(delay * 1.5, o.maxDelayMs ?? 10_000);
    polls++;
    const body = await client.call('ecs', 'DescribeInvocationResults', { RegionId: region, InvokeId: invokeId, InstanceId: instanceId }, region);
    const invocation = (body.Invocation ?? {}) as Record<string, unknown>;
    const container = (invocation.InvocationResults ?? {}) as Record<string, unknown>;
    const list = Array.isArray(container.InvocationResult) ? (container.InvocationResult as Array<Record<string, unknown>>) : [];
    const r = list.find((x) => x.InstanceId === instanceId) ?? list[0];
    const status = typeof r?.InvocationStatus === 'string' ? r.InvocationStatus : '';
    if (status !== last) o.onProgress?.(instanceId, status || 'Pending');
    last = status;
    if (r && !PENDING.has(status)) {
      return {
        instanceId,
        status,
        exitCode: typeof r.ExitCode === 'number' ? r.ExitCode : undefined,
        output: decodeOutput(r.Output),
        errorCode: typeof r.ErrorCode === 'string' && r.ErrorCode ? r.ErrorCode : undefined,
        errorInfo: typeof r.ErrorInfo === 'string' && r.ErrorInfo ? r.ErrorInfo : undefined,
        startTime: typeof r.StartTime === 'string' ? r.StartTime : undefined,
        finishedTime: typeof r.FinishedTime === 'string' && r.FinishedTime ? r.FinishedTime : undefined,
        polls,
      };
    }
    if (Date.now() >= deadline) {
      return { instanceId, status: 'PollTimeout', output: decodeOutput(r?.Output), errorInfo: `still ${status || 'pending'} after ${timeoutSeconds} s plus grace; check later with InvokeId ${invokeId}`, polls };
    }
  }
}
