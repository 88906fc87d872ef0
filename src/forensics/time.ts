// Parses `--since` / `--until`: ISO dates and times, epoch milliseconds, or a duration back from now (`90m`, `24h`, `7d`).
import { UsageError } from '../core/errors.js';

const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Returns epoch milliseconds; `now` anchors relative durations. */
export function parseTimeBound(value: string, flag: string, now: number = Date.now()): number {
  const v = value.trim();
  const rel = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(v);
  if (rel) return now - Number(rel[1]) * (UNIT_MS[rel[2].toLowerCase()] ?? 0);
  if (/^\d{12,14}$/.test(v)) return Number(v);
  if (/^\d{4}-\d{2}-\d{2}(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) {
    // A bare date or a time without zone is read as UTC, so results do not depend on the host's TZ.
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : /(?:Z|[+-]\d{2}:?\d{2})$/.test(v) ? v.replace(' ', 'T') : `${v.replace(' ', 'T')}Z`;
    const t = Date.parse(iso);
    if (!Number.isNaN(t)) return t;
  }
  throw new UsageError(`Invalid ${flag} "${value}": use an ISO time (2026-11-25T23:00:00Z), a date (2026-11-25), epoch ms, or a duration like 24h / 7d.`);
}
