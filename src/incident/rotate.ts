// `incident rotate`: a new strong gateway credential written atomically with a backup, then the list of every credential to rotate by hand.
import { isObject, getPath, loadOpenClawConfig } from '../core/openclaw/config.js';
import { inventoryCredentials, type CredentialEntry } from '../core/openclaw/credentials.js';
import { locateOpenClaw } from '../core/openclaw/paths.js';
import { generateGatewayToken } from '../core/openclaw/token.js';
import { redactSecret } from '../core/redact.js';
import { applyConfigEdits } from './config-write.js';

export interface RotateOptions {
  stateDir?: string;
  configPath?: string;
  profile?: string;
  env?: NodeJS.ProcessEnv;
  /** Plan only: generate nothing, write nothing. */
  dryRun?: boolean;
}

export interface RotateResult {
  target: string;
  /** What happened to the gateway credential. */
  gateway: {
    /** `gateway.auth.token` or `gateway.auth.password`. */
    keyPath: string;
    status: 'rotated' | 'planned' | 'skipped';
    /** Why it was skipped (a SecretRef, auth mode none/trusted-proxy). */
    reason?: string;
    /** Fingerprints only. */
    oldFingerprint?: string;
    newFingerprint?: string;
    file?: string;
    backupDir?: string;
  };
  /** Everything else, to rotate by hand (the rotated gateway credential excluded). */
  manual: CredentialEntry[];
  notes: string[];
}

export const ROTATE_BACKUP_LABEL = 'incident-rotate';

export async function rotateCredentials(opts: RotateOptions): Promise<RotateResult> {
  const env = opts.env ?? process.env;
  const paths = locateOpenClaw({ stateDir: opts.stateDir, configPath: opts.configPath, profile: opts.profile, env });
  const loaded = await loadOpenClawConfig(paths.configPath);
  const notes: string[] = [];
  const mode = getPath(loaded.config, ['gateway', 'auth', 'mode']);
  const field = mode === 'password' ? 'password' : 'token';
  const keyPath = ['gateway', 'auth', field];
  const current = getPath(loaded.config, keyPath);
  const gateway: RotateResult['gateway'] = { keyPath: keyPath.join('.'), status: 'skipped' };
  if (mode === 'none' || mode === 'trusted-proxy') {
    gateway.reason = `gateway.auth.mode is "${mode}": there is no gateway secret to rotate (run clawguard audit).`;
  } else if (isObject(current)) {
    gateway.reason = `${gateway.keyPath} is a SecretRef (${String(current.source)}); rotate the value in that secret provider.`;
  } else {
    if (typeof current === 'string' && current) gateway.oldFingerprint = redactSecret(current);
    if (opts.dryRun) gateway.status = 'planned';
    else {
      const next = generateGatewayToken();
      const out = await applyConfigEdits(loaded, [{ path: keyPath, value: next }], ROTATE_BACKUP_LABEL);
      gateway.status = 'rotated';
      gateway.newFingerprint = redactSecret(next);
      gateway.file = out.files[0];
      gateway.backupDir = out.backupDir;
      if (mode === undefined) notes.push('gateway.auth.mode is not set: OpenClaw uses token auth when a token is configured.');
    }
    if (env.OPENCLAW_GATEWAY_TOKEN || env.OPENCLAW_GATEWAY_PASSWORD) {
      notes.push('OPENCLAW_GATEWAY_TOKEN/PASSWORD is set in this environment: remove it or set it to the new value, or the old one keeps working where it is used.');
    }
  }
  const inventory = await inventoryCredentials({ stateDir: paths.stateDir, config: loaded.config, configPath: paths.configPath, env });
  notes.push(...inventory.notes);
  const manual = inventory.entries.filter((e) => !(e.source === 'config' && e.location.endsWith(`: ${gateway.keyPath}`) && gateway.status !== 'skipped'));
  return { target: paths.stateDir, gateway, manual, notes };
}
