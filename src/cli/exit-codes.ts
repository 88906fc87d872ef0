// Every exit code clawguard uses, in one table (documented in docs/exit-codes.md).
import { ClawguardError, type ErrorCode } from '../core/errors.js';
import type { Finding } from '../core/types.js';

export const EXIT = {
  /** Clean, or the action succeeded. */
  OK: 0,
  /** Warnings or high findings worth review (network calls, weak settings). */
  WARNINGS: 1,
  /** Critical risk: act now. */
  CRITICAL: 2,
  /** Bad command line. */
  USAGE: 64,
  /** Bad input data (suppressions file, allowlist, transcript that cannot be read at all). */
  INPUT: 65,
  /** The target (state dir, workspace, skill) does not exist. */
  NOT_FOUND: 66,
  /** Network failure reaching a service. */
  NETWORK: 69,
  /** clawguard itself failed (a bug): run with --debug and report it. */
  INTERNAL: 70,
  /** File system error (permission, disk). */
  IO: 74,
  /** Throttled by a remote API even after retries. */
  THROTTLED: 75,
  /** Remote API denied the action (missing RAM permission) or a path outside the root was refused. */
  PERMISSION: 77,
  /** OpenClaw config cannot be parsed or is invalid. */
  CONFIG: 78,
  /** Cloud credentials missing or rejected. */
  CREDENTIALS: 79,
  /** The cloud product is not enabled for the account. */
  PRODUCT_NOT_ENABLED: 80,
  /** The operation was refused: not confirmed, or too dangerous to run. */
  REFUSED: 81,
  /** Interrupted (SIGINT / SIGTERM) before it finished: nothing was judged clean (128 + SIGINT). */
  INTERRUPTED: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_ERROR: Record<ErrorCode, ExitCode> = {
  CG_USAGE: EXIT.USAGE,
  CG_NOT_FOUND: EXIT.NOT_FOUND,
  CG_CONFIG_PARSE: EXIT.CONFIG,
  CG_CONFIG_INVALID: EXIT.CONFIG,
  CG_PATH_OUTSIDE_ROOT: EXIT.PERMISSION,
  CG_IO: EXIT.IO,
  CG_CA_KEY_PERMS: EXIT.IO,
  CG_NETWORK: EXIT.NETWORK,
  CG_THROTTLED: EXIT.THROTTLED,
  CG_PERMISSION_DENIED: EXIT.PERMISSION,
  CG_CREDENTIALS: EXIT.CREDENTIALS,
  CG_PRODUCT_NOT_ENABLED: EXIT.PRODUCT_NOT_ENABLED,
  CG_REFUSED: EXIT.REFUSED,
  CG_INPUT: EXIT.INPUT,
  CG_INTERRUPTED: EXIT.INTERRUPTED,
  CG_INTERNAL: EXIT.INTERNAL,
};

export function exitCodeForError(err: unknown): ExitCode {
  return err instanceof ClawguardError ? BY_ERROR[err.code] : EXIT.INTERNAL;
}

/** 2 when any active finding is critical, 1 for high or warning, else 0. Suppressed findings never count. */
export function exitCodeForFindings(findings: readonly Finding[]): ExitCode {
  if (findings.some((f) => f.severity === 'critical')) return EXIT.CRITICAL;
  if (findings.some((f) => f.severity === 'high' || f.severity === 'warning')) return EXIT.WARNINGS;
  return EXIT.OK;
}
