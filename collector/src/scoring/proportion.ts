/** A percentage with its Wilson interval: the common core of CSAT, CES agreement and thumbs. */
import { wilsonInterval } from './intervals.js';
import type { ScoreSummary } from './summary.js';

/** Proportions are reported as percentages. */
export const PERCENT = 100;

/** successes/n as a percentage with a 95% Wilson interval; nulls when n = 0. */
export function percentWithInterval(successes: number, n: number): ScoreSummary {
  const interval = wilsonInterval(successes, n);
  return {
    n,
    score: n === 0 ? null : (PERCENT * successes) / n,
    low: interval === null ? null : PERCENT * interval.low,
    high: interval === null ? null : PERCENT * interval.high,
  };
}
