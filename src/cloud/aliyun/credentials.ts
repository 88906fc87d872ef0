// Resolves Alibaba Cloud credentials the way the aliyun CLI does (profile file, env vars) and never lets them leak into messages.
import { promises as fs } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import * as AlicloudCredentials from '@alicloud/credentials';
import { ClawguardError, hasErrnoCode } from '../../core/errors.js';
import { redactSecret } from '../../core/redact.js';

/** A usable key pair, with the STS token when the credentials are temporary. */
export interface AliyunCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
  /** Where they came from, for messages: `profile default (AK)`, `environment`. Never a secret. */
  source: string;
  /** The profile's `region_id`, when it has one. */
  profileRegion?: string;
}

export interface CredentialOptions {
  /** `--profile`: the aliyun CLI profile name. */
  profile?: string;
  env: NodeJS.ProcessEnv;
  /** Budget for modes that fetch credentials over the network (RamRoleArn, EcsRamRole), ms. */
  timeoutMs?: number;
}

/** Profile modes resolved here; the CLI's other modes (OAuth, CloudSSO, External…) are refused with a clear message. */
const SUPPORTED_MODES = ['AK', 'StsToken', 'RamRoleArn', 'EcsRamRole', 'ChainableRamRoleArn'] as const;
const NETWORK_MODES = new Set(['RamRoleArn', 'EcsRamRole', 'ChainableRamRoleArn']);

interface CliProfile {
  name?: string;
  mode?: string;
  access_key_id?: string;
  access_key_secret?: string;
  sts_token?: string;
  ram_role_arn?: string;
  ram_role_name?: string;
  source_profile?: string;
  region_id?: string;
}

function homeDir(env: NodeJS.ProcessEnv): string {
  return env.HOME || homedir();
}

export function aliyunConfigPath(env: NodeJS.ProcessEnv): string {
  return join(homeDir(env), '.aliyun', 'config.json');
}

function credentialsError(message: string, cause?: unknown): ClawguardError {
  return new ClawguardError('CG_CREDENTIALS', message, { cause });
}

function fromEnv(env: NodeJS.ProcessEnv): AliyunCredentials | undefined {
  const id = env.ALIBABA_CLOUD_ACCESS_KEY_ID ?? env.ALICLOUD_ACCESS_KEY;
  const secret = env.ALIBABA_CLOUD_ACCESS_KEY_SECRET ?? env.ALICLOUD_SECRET_KEY;
  if (!id && !secret) return undefined;
  if (!id || !secret) throw credentialsError('ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET must both be set (or neither, to use ~/.aliyun/config.json).');
  const token = env.ALIBABA_CLOUD_SECURITY_TOKEN ?? env.ALICLOUD_ACCESS_KEY_STS_TOKEN;
  return { accessKeyId: id, accessKeySecret: secret, securityToken: token || undefined, source: 'environment variables', profileRegion: env.ALIBABA_CLOUD_REGION_ID || undefined };
}

async function readProfiles(path: string): Promise<{ current?: string; profiles: CliProfile[] }> {
  let text: string;
  try {
    text = await fs.readFile(path, 'utf8');
  } catch (err) {
    if (hasErrnoCode(err, 'ENOENT')) throw credentialsError(`No Alibaba Cloud credentials: ${path} does not exist and ALIBABA_CLOUD_ACCESS_KEY_ID is not set. Run \`aliyun configure\` or set the environment variables.`);
    throw credentialsError(`Cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? 'error'}.`, err);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The file's content is never echoed: it holds secrets.
    throw credentialsError(`Cannot parse ${path}: not valid JSON. Run \`aliyun configure\` to rewrite it.`);
  }
  const conf = parsed as { current?: unknown; profiles?: unknown };
  if (!conf || !Array.isArray(conf.profiles) || conf.profiles.length === 0) throw credentialsError(`${path} has no profiles. Run \`aliyun configure\`.`);
  return { current: typeof conf.current === 'string' ? conf.current : undefined, profiles: conf.profiles as CliProfile[] };
}

function checkProfile(profiles: CliProfile[], name: string, path: string, depth = 0): CliProfile {
  const p = profiles.find((x) => x.name === name);
  if (!p) throw credentialsError(`Profile "${name}" not found in ${path} (profiles: ${profiles.map((x) => x.name).join(', ')}).`);
  const mode = p.mode ?? '';
  if (!(SUPPORTED_MODES as readonly string[]).includes(mode)) {
    throw credentialsError(`Profile "${name}" uses mode "${mode}", which clawguard does not support (supported: ${SUPPORTED_MODES.join(', ')}).`);
  }
  const need: Record<string, Array<keyof CliProfile>> = {
    AK: ['access_key_id', 'access_key_secret'],
    StsToken: ['access_key_id', 'access_key_secret', 'sts_token'],
    RamRoleArn: ['access_key_id', 'access_key_secret', 'ram_role_arn'],
    EcsRamRole: [],
    ChainableRamRoleArn: ['source_profile', 'ram_role_arn'],
  };
  const missing = (need[mode] ?? []).filter((k) => !p[k]);
  if (missing.length > 0) throw credentialsError(`Profile "${name}" (${mode}) is missing ${missing.join(', ')} in ${path}.`);
  if (mode === 'ChainableRamRoleArn') {
    if (depth > 5) throw credentialsError(`Profile "${name}": source_profile chain is too deep or loops.`);
    checkProfile(profiles, p.source_profile as string, path, depth + 1);
  }
  return p;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(credentialsError(`${what} did not return credentials within ${Math.round(ms / 1000)} s.`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Precedence, as the aliyun CLI: `--profile` > ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET > ALIBABA_CLOUD_PROFILE
 * (or ALIBABACLOUD_PROFILE, ALICLOUD_PROFILE) > the config file's `current` profile. The profile file is
 * validated here (clean messages, no content echoed) and the credentials are then produced by the official
 * `@alicloud/credentials` provider, which also performs the STS AssumeRole / ECS metadata calls.
 */
export async function resolveCredentials(options: CredentialOptions): Promise<AliyunCredentials> {
  const { env } = options;
  if (!options.profile) {
    const viaEnv = fromEnv(env);
    if (viaEnv) return viaEnv;
  }
  if ((env.ALIBABA_CLOUD_CLI_PROFILE_DISABLED ?? '').toLowerCase() === 'true') {
    throw credentialsError('No Alibaba Cloud credentials: ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true and ALIBABA_CLOUD_ACCESS_KEY_ID is not set.');
  }
  const path = aliyunConfigPath(env);
  const conf = await readProfiles(path);
  const name = options.profile || env.ALIBABA_CLOUD_PROFILE || env.ALIBABACLOUD_PROFILE || env.ALICLOUD_PROFILE || conf.current || 'default';
  const profile = checkProfile(conf.profiles, name, path);
  const mode = profile.mode as string;
  const provider = AlicloudCredentials.CLIProfileCredentialsProvider.builder().withProfileName(name).build();
  // The provider reads `<homedir>/.aliyun/config.json`; point it at the same HOME this process was given.
  (provider as unknown as { homedir: string }).homedir = homeDir(env);
  let creds: { accessKeyId?: string; accessKeySecret?: string; securityToken?: string };
  try {
    const fetching = provider.getCredentials();
    creds = NETWORK_MODES.has(mode) ? await withTimeout(fetching, options.timeoutMs ?? 15_000, `Profile "${name}" (${mode})`) : await fetching;
  } catch (err) {
    if (err instanceof ClawguardError) throw err;
    // The provider's messages can quote the config file or STS responses: name the failure without them.
    const reason = NETWORK_MODES.has(mode) ? (mode === 'EcsRamRole' ? 'the ECS metadata service (100.100.100.200) could not be reached or refused the role' : 'STS AssumeRole failed or could not be reached') : 'the profile could not be loaded';
    throw credentialsError(`Cannot get credentials from profile "${name}" (${mode}): ${reason}.`, err);
  }
  if (!creds.accessKeyId || !creds.accessKeySecret) throw credentialsError(`Profile "${name}" (${mode}) produced no access key.`);
  return {
    accessKeyId: creds.accessKeyId,
    accessKeySecret: creds.accessKeySecret,
    securityToken: creds.securityToken || undefined,
    source: `profile ${name} (${mode})`,
    profileRegion: profile.region_id || env.ALIBABA_CLOUD_REGION_ID || undefined,
  };
}

/** A function that replaces every credential value in a string by its redaction. */
export function credentialRedactor(creds: AliyunCredentials | undefined): (text: string) => string {
  const secrets = creds ? [creds.accessKeySecret, creds.securityToken, creds.accessKeyId].filter((s): s is string => typeof s === 'string' && s.length >= 4) : [];
  return (text: string) => {
    let out = text;
    for (const s of secrets) if (out.includes(s)) out = out.split(s).join(redactSecret(s));
    return out;
  };
}
