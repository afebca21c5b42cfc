/**
 * Trend: a metric per day, ISO week (Monday to Sunday) or month, built by merging the per-day histograms
 * the rollups hold, each point with its own n and interval. Buckets with no answers are kept (n = 0,
 * score null) so a chart shows the gap instead of drawing a line across it. Edge buckets cover only the
 * days inside [from, to]; their n says how much they hold.
 */
import { bucketOf, bucketsBetween, parseDay, type Bucket, type Granularity } from './calendar.js';
import { mergeHistograms, type Histogram } from './histogram.js';
import { scoreMetric, type MetricName, type MetricResults } from './metric.js';

/** One day's histogram from the rollups. */
export interface DayHistogram {
  /** 'YYYY-MM-DD' */
  day: string;
  histogram: Histogram;
}

/** One point of the trend. */
export type TrendPoint<M extends MetricName> = MetricResults[M] & Bucket;

/** Options of the trend. */
export interface TrendOptions {
  /** first day to include (default: the earliest day given) */
  from?: string;
  /** last day to include (default: the latest day given) */
  to?: string;
}

/** The metric per bucket between `from` and `to`, oldest first; days outside the range are ignored. */
export function trend<M extends MetricName>(
  metric: M,
  days: readonly DayHistogram[],
  granularity: Granularity,
  options: TrendOptions = {},
): TrendPoint<M>[] {
  const sortedDays = days.map((d) => d.day).sort();
  const from = options.from ?? sortedDays[0];
  const to = options.to ?? sortedDays[sortedDays.length - 1];
  if (from === undefined || to === undefined) return [];
  const first = parseDay(from);
  const last = parseDay(to);
  const byBucket = new Map<string, Histogram[]>();
  for (const { day, histogram } of days) {
    const ms = parseDay(day);
    if (ms < first || ms > last) continue;
    const key = bucketOf(day, granularity).key;
    const list = byBucket.get(key) ?? [];
    list.push(histogram);
    byBucket.set(key, list);
  }
  return bucketsBetween(from, to, granularity).map((bucket) => ({
    ...scoreMetric(metric, mergeHistograms(byBucket.get(bucket.key) ?? [])),
    ...bucket,
  }));
}
