// The process streams, passed to commands so only main.ts touches `process` directly.
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (colour, progress). */
  isTTY: boolean;
  /** Whether stdin is interactive (confirmation prompts). */
  stdinIsTTY: boolean;
  env: NodeJS.ProcessEnv;
  /** Resolves when SIGINT/SIGTERM arrives (long-running commands stop cleanly). */
  signal: AbortSignal;
  debug: boolean;
}
