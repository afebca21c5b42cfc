/**
 * Customer Effort Score on the 1–7 agreement scale ("the company made it easy for me…"): the mean with a
 * bounded-mean (Agresti–Coull-style) interval, and the percentage who agree (5–7) with a Wilson interval.
 */
import { SCALES } from '@touchpoint/shared';
import { assertOnScale, countBetween, histogramMoments, type Histogram } from './histogram.js';
import { boundedMeanInterval } from './intervals.js';
import { percentWithInterval } from './proportion.js';
import type { ScoreSummary } from './summary.js';

/** Lowest answer that counts as agreeing (5 somewhat, 6 agree, 7 strongly agree). */
export const CES_AGREE_MIN = 5;

/** CES: `score` is the mean on 1–7; the agreement share comes with its own interval. */
export interface CesResult extends ScoreSummary {
  agree: number;
  agreePercent: number | null;
  agreeLow: number | null;
  agreeHigh: number | null;
}

/** CES mean (bounded-mean interval within 1–7; null for n = 0) and % agree (Wilson) of 1–7 answers. */
export function ces(h: Histogram): CesResult {
  const { min, max } = SCALES.ces;
  assertOnScale(h, min, max, 'CES');
  const { n, mean, ss } = histogramMoments(h);
  const interval = boundedMeanInterval(mean, ss, n, min, max);
  const agree = countBetween(h, CES_AGREE_MIN, max);
  const share = percentWithInterval(agree, n);
  return {
    n,
    score: n === 0 ? null : mean,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
    agree,
    agreePercent: share.score,
    agreeLow: share.low,
    agreeHigh: share.high,
  };
}
