/**
 * The change of a score against the previous period: the difference with its 95% interval and a
 * two-sided p-value, each metric by its matching two-sample method, and Holm's step-down adjustment
 * across the rows a leaderboard shows (docs/STATISTICS.md).
 */
import { SCALES } from '@touchpoint/shared';
import { countBetween, histogramMoments, histogramTotal, type Histogram } from './histogram.js';
import { CONFIDENCE_LEVEL } from './intervals.js';
import { ANSWER_RANGE, POSITIVE_MIN, scoreMetric, type MetricName } from './metric.js';
import { zCritical } from './normal.js';
import { npsAdjustedWald, NPS_MAX, PASSIVE_MIN } from './nps.js';
import { smileyValue } from './smiley.js';

/** Proportions are reported in percent. */
const PERCENT = 100;
/** Agresti & Caffo (2000): one success and one failure added to each sample. */
const AGRESTI_CAFFO_ADD = 1;

/** current − previous with its interval and two-sided p-value (unadjusted). */
export interface ScoreChange {
  change: number;
  low: number;
  high: number;
  p: number;
}

/** Standard normal upper tail 1 − Φ(x) for x ≥ 0 (Abramowitz & Stegun 26.2.17, error < 7.5e−8). */
function upperTail(x: number): number {
  const t = 1 / (1 + 0.2316419 * x);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return (Math.exp((-x * x) / 2) / Math.sqrt(2 * Math.PI)) * poly;
}

/** Two-sided p-value of an estimate `d` with standard error `se` (1 when there is no spread and no difference). */
function twoSided(d: number, se: number): number {
  if (se === 0) return d === 0 ? 1 : 0;
  return Math.min(1, 2 * upperTail(Math.abs(d) / se));
}

/** Centre and SE of the difference of two samples, by the method matching the metric. */
function difference(metric: MetricName, a: Histogram, b: Histogram): { d: number; se: number } | null {
  const na = histogramTotal(a);
  const nb = histogramTotal(b);
  if (na === 0 || nb === 0) return null;
  switch (metric) {
    case 'nps': {
      // Two-sample adjusted Wald (Rocks 2016): each NPS adjusted on its own, variances added.
      const bands = (h: Histogram, n: number) =>
        npsAdjustedWald(
          countBetween(h, POSITIVE_MIN.nps, SCALES.nps.max),
          countBetween(h, SCALES.nps.min, PASSIVE_MIN - 1),
          n,
        );
      const wa = bands(a, na);
      const wb = bands(b, nb);
      if (!wa || !wb) return null;
      return { d: wa.centre - wb.centre, se: Math.sqrt(wa.se ** 2 + wb.se ** 2) };
    }
    case 'csat':
    case 'thumbs': {
      // Agresti–Caffo (2000) interval for a difference of two proportions.
      const max = ANSWER_RANGE[metric].max;
      const p = (h: Histogram, n: number) => (countBetween(h, POSITIVE_MIN[metric], max) + AGRESTI_CAFFO_ADD) / (n + 2);
      const pa = p(a, na);
      const pb = p(b, nb);
      const se = Math.sqrt((pa * (1 - pa)) / (na + 2) + (pb * (1 - pb)) / (nb + 2));
      return { d: PERCENT * (pa - pb), se: PERCENT * se };
    }
    case 'ces':
    case 'smiley': {
      // Welch's difference of means, normal approximation (the rows compared have n ≥ minN).
      const map = metric === 'smiley' ? smileyValue : (v: number) => v;
      const ma = histogramMoments(a, map);
      const mb = histogramMoments(b, map);
      const variance = (m: { ss: number; n: number }) => (m.n > 1 ? m.ss / (m.n - 1) : 0) / m.n;
      return { d: ma.mean - mb.mean, se: Math.sqrt(variance(ma) + variance(mb)) };
    }
  }
}

/** The change current − previous with its 95% interval (widened to hold the change) and p-value. */
export function scoreChange(metric: MetricName, current: Histogram, previous: Histogram): ScoreChange | null {
  const diff = difference(metric, current, previous);
  const now = scoreMetric(metric, current).score;
  const before = scoreMetric(metric, previous).score;
  if (diff === null || now === null || before === null) return null;
  const change = now - before;
  const half = zCritical(CONFIDENCE_LEVEL) * diff.se;
  const span = metric === 'nps' ? 2 * NPS_MAX : Number.POSITIVE_INFINITY;
  return {
    change,
    low: Math.max(-span, Math.min(diff.d - half, change)),
    high: Math.min(span, Math.max(diff.d + half, change)),
    p: twoSided(diff.d, diff.se),
  };
}

/** Holm's (1979) step-down adjusted p-values, in the order given; controls the family-wise error rate. */
export function holm(pValues: readonly number[]): number[] {
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  const out = new Array<number>(pValues.length).fill(1);
  let running = 0;
  order.forEach(({ p, i }, k) => {
    running = Math.max(running, Math.min(1, (pValues.length - k) * p));
    out[i] = running;
  });
  return out;
}
