/**
 * Smiley index: the four faces of in-store terminals (1 = very unhappy … 4 = very happy) mapped evenly to
 * 0, 1/3, 2/3, 1, averaged and ×100, so 0..100 with 50 the neutral midpoint; bounded-mean interval on the mapped values.
 */
import { SCALES } from '@touchpoint/shared';
import { assertOnScale, countBetween, histogramMoments, type Histogram } from './histogram.js';
import { boundedMeanInterval } from './intervals.js';
import type { ScoreSummary } from './summary.js';

/** The two happy faces (3 and 4) count as a positive experience. */
export const SMILEY_HAPPY_MIN = 3;
/** The index runs 0..100. */
export const SMILEY_MAX = 100;

/** The smiley index of face `face` (1–4): 0, 33.3, 66.7 or 100. */
export function smileyValue(face: number): number {
  const { min, max } = SCALES.smiley;
  return (SMILEY_MAX * (face - min)) / (max - min);
}

/** Smiley index with the count of each face, `faces[0]` for face 1 up to `faces[3]` for face 4. */
export interface SmileyResult extends ScoreSummary {
  faces: [number, number, number, number];
}

/** Smiley index (0..100) with n and a 95% bounded-mean interval within 0..100 (null for n = 0). */
export function smiley(h: Histogram): SmileyResult {
  const { min, max } = SCALES.smiley;
  assertOnScale(h, min, max, 'smiley');
  const { n, mean, ss } = histogramMoments(h, smileyValue);
  const interval = boundedMeanInterval(mean, ss, n, 0, SMILEY_MAX);
  return {
    n,
    score: n === 0 ? null : mean,
    low: interval?.low ?? null,
    high: interval?.high ?? null,
    faces: [
      countBetween(h, min, min),
      countBetween(h, min + 1, min + 1),
      countBetween(h, min + 2, min + 2),
      countBetween(h, max, max),
    ],
  };
}
