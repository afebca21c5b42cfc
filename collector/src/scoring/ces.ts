/**
 * Customer Effort Score on the 1–7 agreement scale ("the company made it easy for me…"): the mean with a
 * t interval, and the percentage who agree (5–7) with a Wilson interval.
 */
import { SCALES } from '@touchpoint/shared';
import { assertOnScale, countBetween, histogramMoments, type Histogram } from './histogram.js';
import { clamp, tMeanInterval } from './intervals.js';
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

/** CES mean (t interval clipped to 1–7; null for n < 2) and % agree (Wilson) of 1–7 answers. */
export function ces(h: Histogram): CesResult {
  const { min, max } = SCALES.ces;
  assertOnScale(h, min, max, 'CES');
  const { n, mean, ss } = histogramMoments(h);
  const interval = tMeanInterval(mean, ss, n);
  const agree = countBetween(h, CES_AGREE_MIN, max);
  const share = percentWithInterval(agree, n);
  return {
    n,
    score: n === 0 ? null : mean,
    low: interval === null ? null : clamp(interval.low, min, max),
    high: interval === null ? null : clamp(interval.high, min, max),
    agree,
    agreePercent: share.score,
    agreeLow: share.low,
    agreeHigh: share.high,
  };
}
