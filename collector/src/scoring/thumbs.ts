/** Thumbs: the percentage of thumbs up (answer 1; 0 is down), with a Wilson interval. */
import { assertOnScale, countBetween, histogramTotal, type Histogram } from './histogram.js';
import { percentWithInterval } from './proportion.js';
import type { ScoreSummary } from './summary.js';

/** The answer recorded for thumbs up (thumbs down is 0), as the wire contract defines. */
export const THUMBS_UP = 1;
/** The answer recorded for thumbs down. */
export const THUMBS_DOWN = 0;

/** % thumbs up with the up and down counts. */
export interface ThumbsResult extends ScoreSummary {
  up: number;
  down: number;
}

/** % up of a histogram of 0/1 answers, with n and its 95% Wilson interval. */
export function thumbs(h: Histogram): ThumbsResult {
  assertOnScale(h, THUMBS_DOWN, THUMBS_UP, 'thumbs');
  const n = histogramTotal(h);
  const up = countBetween(h, THUMBS_UP, THUMBS_UP);
  return { ...percentWithInterval(up, n), up, down: n - up };
}
