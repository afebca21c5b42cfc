/**
 * Segments: a metric broken down by one variable's levels (channel, device, trigger, loyalty tier, bill
 * value, buyer vs non-buyer…), each level with its own n and interval. Numeric variables are binned and
 * missing values get the "(missing)" level (see levels.ts).
 */
import type { VariableHistograms } from './drivers.js';
import { histogramOf, histogramTotal, mergeHistograms, type Histogram } from './histogram.js';
import {
  compareLevels,
  fixedLeveling,
  levelVariable,
  levelVariableOfCounts,
  type Leveling,
  type LevelOptions,
  type VarValue,
  type VariableKind,
} from './levels.js';
import type { Bin } from './binning.js';
import { assertAnswer, scoreMetric, type MetricName, type MetricResults } from './metric.js';

/** One respondent's answer to the metric's question and the variables known about them. */
export interface Respondent {
  answer: number;
  vars: Readonly<Record<string, VarValue>>;
}

/** One level's score, with its label as `key`. */
export type SegmentRow<M extends MetricName> = MetricResults[M] & { key: string };

/** A metric broken down by a variable. */
export interface SegmentBreakdown<M extends MetricName> {
  metric: M;
  variable: string;
  kind: VariableKind;
  /** the bins used, when the variable is numeric */
  bins: Bin[];
  /** respondents of a numeric variable whose value was not a number ("n/a"): in the "(missing)" row */
  unparseable: number;
  /** everyone together */
  overall: MetricResults[M];
  /** one row per level: bins in order or categories by n; "(missing)" last */
  rows: SegmentRow<M>[];
}

/** Scores ready-made per-level histograms (e.g. from a rollup grouped by channel), largest level first. */
export function scoreLevels<M extends MetricName>(
  metric: M,
  levels: Iterable<readonly [string, Histogram]>,
): SegmentRow<M>[] {
  const grouped = new Map<string, Histogram[]>();
  for (const [key, h] of levels) {
    const list = grouped.get(key) ?? [];
    list.push(h);
    grouped.set(key, list);
  }
  const rows = [...grouped].map(([key, hs]) => ({ ...scoreMetric(metric, mergeHistograms(hs)), key }));
  const counts = new Map(rows.map((r) => [r.key, r.n]));
  const order = compareLevels({ kind: 'categorical', bins: [], levelOf: String, unparseable: 0 }, counts);
  return rows.sort((a, b) => order(a.key, b.key));
}

/** A histogram with its answers in ascending order, so that sums over it do not depend on arrival order. */
function ascending(h: Histogram): Histogram {
  return new Map([...h].sort((a, b) => a[0] - b[0]));
}

/** The breakdown of per-level histograms (any entry order) under a leveling. */
function breakdown<M extends MetricName>(
  metric: M,
  variable: string,
  leveling: Leveling,
  byLevel: ReadonlyMap<string, Histogram>,
): SegmentBreakdown<M> {
  const counts = new Map([...byLevel].map(([level, h]) => [level, histogramTotal(h)]));
  const order = compareLevels(leveling, counts);
  const rows = [...byLevel.keys()]
    .sort(order)
    .map((key) => ({ ...scoreMetric(metric, ascending(byLevel.get(key) ?? new Map())), key }));
  return {
    metric,
    variable,
    kind: leveling.kind,
    bins: leveling.bins,
    unparseable: leveling.unparseable,
    overall: scoreMetric(metric, ascending(mergeHistograms(byLevel.values()))),
    rows,
  };
}

/** Breaks `metric` down by the levels of `variable` over respondent-level answers. */
export function segments<M extends MetricName>(
  metric: M,
  respondents: readonly Respondent[],
  variable: string,
  options: LevelOptions = {},
): SegmentBreakdown<M> {
  for (const r of respondents) assertAnswer(metric, r.answer);
  const leveling = levelVariable(
    respondents.map((r) => r.vars[variable]),
    options,
  );
  const answersByLevel = new Map<string, number[]>();
  for (const r of respondents) {
    const level = leveling.levelOf(r.vars[variable]);
    const answers = answersByLevel.get(level) ?? [];
    answers.push(r.answer);
    answersByLevel.set(level, answers);
  }
  const byLevel = new Map([...answersByLevel].map(([level, answers]) => [level, histogramOf(answers)]));
  return breakdown(metric, variable, leveling, byLevel);
}

/**
 * The same breakdown from each value's answer histogram (e.g. a scan grouped in the store): equal to
 * `segments` over the respondents those histograms count.
 */
export function segmentsOfHistograms<M extends MetricName>(
  metric: M,
  { variable, values, fixed }: VariableHistograms,
  options: LevelOptions = {},
): SegmentBreakdown<M> {
  for (const [, h] of values) for (const [answer, count] of h) if (count > 0) assertAnswer(metric, answer);
  const counts = new Map<VarValue, number>();
  for (const [value, h] of values) counts.set(value, (counts.get(value) ?? 0) + histogramTotal(h));
  const leveling = fixed ? fixedLeveling(fixed) : levelVariableOfCounts(counts, options);
  const grouped = new Map<string, Histogram[]>();
  for (const [value, h] of values) {
    if (histogramTotal(h) === 0) continue;
    const level = leveling.levelOf(value);
    const list = grouped.get(level);
    if (list) list.push(h);
    else grouped.set(level, [h]);
  }
  const byLevel = new Map([...grouped].map(([level, hs]) => [level, mergeHistograms(hs)]));
  return breakdown(metric, variable, leveling, byLevel);
}
