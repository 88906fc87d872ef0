// Typed errors with stable codes; each maps to one documented exit code in cli/exit-codes.ts.

export type ErrorCode =
  | 'CG_USAGE'
  | 'CG_NOT_FOUND'
  | 'CG_CONFIG_PARSE'
  | 'CG_CONFIG_INVALID'
  | 'CG_PATH_OUTSIDE_ROOT'
  | 'CG_IO'
  | 'CG_CA_KEY_PERMS'
  | 'CG_NETWORK'
  | 'CG_THROTTLED'
  | 'CG_PERMISSION_DENIED'
  | 'CG_CREDENTIALS'
  | 'CG_PRODUCT_NOT_ENABLED'
  | 'CG_REFUSED'
  | 'CG_INPUT'
  | 'CG_INTERRUPTED'
  | 'CG_INTERNAL';

export class ClawguardError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ClawguardError';
    this.code = code;
  }
}

export class UsageError extends ClawguardError {
  constructor(message: string) {
    super('CG_USAGE', message);
    this.name = 'UsageError';
  }
}

/** A config file that cannot be parsed; carries the position so the message can say file:line:column. */
export class ConfigParseError extends ClawguardError {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  constructor(file: string, detail: string, line?: number, column?: number, options?: { cause?: unknown }) {
    const where = line !== undefined ? `${file}:${line}:${column ?? 1}` : file;
    super('CG_CONFIG_PARSE', `Cannot parse ${where}: ${detail}. Fix the file or pass --config.`, options);
    this.name = 'ConfigParseError';
    this.file = file;
    this.line = line;
    this.column = column;
  }
}

export class PathOutsideRootError extends ClawguardError {
  constructor(path: string, root: string) {
    super('CG_PATH_OUTSIDE_ROOT', `Refusing to touch ${path}: it resolves outside ${root}.`);
    this.name = 'PathOutsideRootError';
  }
}

export function hasErrnoCode(err: unknown, ...codes: string[]): boolean {
  return typeof err === 'object' && err !== null && codes.includes((err as NodeJS.ErrnoException).code ?? '');
}

/** A one-line description of any thrown value, without a stack. */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message.split('\n')[0] ?? String(err);
  return String(err);
}
