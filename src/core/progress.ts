// A progress bar on stderr that appears only on a TTY and only for work that takes longer than a second.
import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the total (it may grow as work is discovered). */
  setTotal(total: number): void;
  tick(amount?: number, label?: string): void;
  stop(): void;
}

const NOOP: Progress = { setTotal() {}, tick() {}, stop() {} };

export function createProgress(title: string, options: { enabled?: boolean; delayMs?: number } = {}): Progress {
  const enabled = options.enabled ?? (process.stderr.isTTY === true && !process.env.CI);
  if (!enabled) return NOOP;
  let total = 0;
  let value = 0;
  let label = '';
  let bar: cliProgress.SingleBar | undefined;
  const timer = setTimeout(() => {
    bar = new cliProgress.SingleBar(
      { format: `${title} [{bar}] {value}/{total} {label}`, stream: process.stderr, hideCursor: true, clearOnComplete: true },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, value, { label });
  }, options.delayMs ?? 1000);
  timer.unref();
  return {
    setTotal(t) {
      total = t;
      bar?.setTotal(t);
    },
    tick(amount = 1, l = '') {
      value += amount;
      label = l;
      bar?.update(value, { label: l.length > 40 ? `…${l.slice(-39)}` : l });
    },
    stop() {
      clearTimeout(timer);
      bar?.stop();
    },
  };
}
