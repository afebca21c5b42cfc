/**
 * Segments: a metric broken down by one variable's levels (channel, device, trigger, loyalty tier, bill
 * value, buyer vs non-buyer…), each level with its own n and interval. Numeric variables are binned and
 * missing values get the "(missing)" level (see levels.ts).
 */
import { histogramOf, mergeHistograms, type Histogram } from './histogram.js';
import { compareLevels, levelVariable, type LevelOptions, type VarValue, type VariableKind } from './levels.js';
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
  const order = compareLevels({ kind: 'categorical', bins: [], levelOf: String }, counts);
  return rows.sort((a, b) => order(a.key, b.key));
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
  const counts = new Map([...answersByLevel].map(([level, answers]) => [level, answers.length]));
  const order = compareLevels(leveling, counts);
  const rows = [...answersByLevel.keys()]
    .sort(order)
    .map((key) => ({ ...scoreMetric(metric, histogramOf(answersByLevel.get(key) ?? [])), key }));
  return {
    metric,
    variable,
    kind: leveling.kind,
    bins: leveling.bins,
    overall: scoreMetric(metric, histogramOf(respondents.map((r) => r.answer))),
    rows,
  };
}
