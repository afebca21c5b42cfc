/** CSAT: the percentage of 4–5 answers on the 1–5 scale ("top-two box"), with a Wilson interval. */
import { SCALES } from '@touchpoint/shared';
import { assertOnScale, countBetween, histogramTotal, type Histogram } from './histogram.js';
import { percentWithInterval } from './proportion.js';
import type { ScoreSummary } from './summary.js';

/** Lowest answer that counts as satisfied (4 = satisfied, 5 = very satisfied). */
export const CSAT_SATISFIED_MIN = 4;

/** CSAT of a histogram of 1–5 answers, with the number satisfied. */
export interface CsatResult extends ScoreSummary {
  satisfied: number;
}

/** CSAT (% of 4–5) with n and its 95% Wilson interval. */
export function csat(h: Histogram): CsatResult {
  const { min, max } = SCALES.csat;
  assertOnScale(h, min, max, 'CSAT');
  const n = histogramTotal(h);
  const satisfied = countBetween(h, CSAT_SATISFIED_MIN, max);
  return { ...percentWithInterval(satisfied, n), satisfied };
}
