// Small constructors for check outcomes, so check files read as data.
import type { CheckOutcome, Hit } from '../types.js';

export const PASS: CheckOutcome = { status: 'pass' };

export function skip(reason: string): CheckOutcome {
  return { status: 'skip', reason };
}

export function fail(...hits: Hit[]): CheckOutcome {
  return hits.length ? { status: 'fail', hits } : PASS;
}

/** Fails with the hits, or passes when there are none. */
export function outcome(hits: Hit[]): CheckOutcome {
  return hits.length ? { status: 'fail', hits } : PASS;
}
