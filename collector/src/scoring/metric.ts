/**
 * One entry point over all metrics, so that leaderboard, trend and segments work for any of them, plus
 * the per-metric facts the analysis needs: score range, answer range, and a respondent-level score
 * whose mean over any group equals the group's metric.
 */
import { SCALES } from '@touchpoint/shared';
import { ces, CES_AGREE_MIN, type CesResult } from './ces.js';
import { csat, CSAT_SATISFIED_MIN, type CsatResult } from './csat.js';
import type { Histogram } from './histogram.js';
import { nps, NPS_MAX, PASSIVE_MIN, PROMOTER_MIN, type NpsResult } from './nps.js';
import { PERCENT } from './proportion.js';
import { smiley, SMILEY_HAPPY_MIN, SMILEY_MAX, smileyValue, type SmileyResult } from './smiley.js';
import { thumbs, THUMBS_DOWN, THUMBS_UP, type ThumbsResult } from './thumbs.js';

/** The metrics Touchpoint scores. */
export type MetricName = 'nps' | 'csat' | 'ces' | 'smiley' | 'thumbs';

/** Every metric name, e.g. for validating a query parameter. */
export const METRIC_NAMES: readonly MetricName[] = ['nps', 'csat', 'ces', 'smiley', 'thumbs'];

/** The result type of each metric. */
export interface MetricResults {
  nps: NpsResult;
  csat: CsatResult;
  ces: CesResult;
  smiley: SmileyResult;
  thumbs: ThumbsResult;
}

/** An inclusive numeric range. */
export interface Range {
  min: number;
  max: number;
}

const SCORERS: { [M in MetricName]: (h: Histogram) => MetricResults[M] } = { nps, csat, ces, smiley, thumbs };

/** Scores a histogram with the named metric. */
export function scoreMetric<M extends MetricName>(metric: M, h: Histogram): MetricResults[M] {
  return SCORERS[metric](h);
}

/** The range each metric's score lives in (CES is a mean on its 1–7 scale; the rest are 0–100 or ±100). */
export const SCORE_RANGE: Readonly<Record<MetricName, Range>> = {
  nps: { min: -NPS_MAX, max: NPS_MAX },
  csat: { min: 0, max: PERCENT },
  ces: SCALES.ces,
  smiley: { min: 0, max: SMILEY_MAX },
  thumbs: { min: 0, max: PERCENT },
};

/** The range of each metric's raw answers. */
export const ANSWER_RANGE: Readonly<Record<MetricName, Range>> = {
  ...SCALES,
  thumbs: { min: THUMBS_DOWN, max: THUMBS_UP },
};

/** Lowest answer that counts as a positive experience: promoter, satisfied, agree, happy face, thumbs up. */
export const POSITIVE_MIN: Readonly<Record<MetricName, number>> = {
  nps: PROMOTER_MIN,
  csat: CSAT_SATISFIED_MIN,
  ces: CES_AGREE_MIN,
  smiley: SMILEY_HAPPY_MIN,
  thumbs: THUMBS_UP,
};

/** Throws unless `answer` is an integer on the metric's answer scale. */
export function assertAnswer(metric: MetricName, answer: number): void {
  const { min, max } = ANSWER_RANGE[metric];
  if (!Number.isInteger(answer) || answer < min || answer > max) {
    throw new RangeError(`${metric} answers must be integers in ${min}–${max}, got ${answer}`);
  }
}

/**
 * One respondent's contribution to the metric, chosen so that the mean over any group is the group's
 * score: NPS codes promoters +100, passives 0, detractors −100; CSAT and thumbs 100 or 0; CES its raw
 * 1–7 answer; smiley 0..100. Driver analysis runs on these values, so "variation explained" is
 * variation of the metric itself.
 */
export function respondentScore(metric: MetricName, answer: number): number {
  assertAnswer(metric, answer);
  switch (metric) {
    case 'nps':
      return answer >= PROMOTER_MIN ? NPS_MAX : answer >= PASSIVE_MIN ? 0 : -NPS_MAX;
    case 'csat':
      return answer >= CSAT_SATISFIED_MIN ? PERCENT : 0;
    case 'ces':
      return answer;
    case 'smiley':
      return smileyValue(answer);
    case 'thumbs':
      return answer === THUMBS_UP ? PERCENT : 0;
  }
}
