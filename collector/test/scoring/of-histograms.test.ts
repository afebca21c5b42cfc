import { describe, expect, it } from 'vitest';
import { quantileBins, quantileBinsOfCounts } from '../../src/scoring/binning.js';
import { drivers, driversOfHistograms, type VariableHistograms } from '../../src/scoring/drivers.js';
import { histogramOf, type Histogram } from '../../src/scoring/histogram.js';
import { levelVariable, levelVariableOfCounts, type VarValue } from '../../src/scoring/levels.js';
import { ANSWER_RANGE, METRIC_NAMES, respondentScore, type MetricName } from '../../src/scoring/metric.js';
import { segments, segmentsOfHistograms } from '../../src/scoring/segments.js';
import { Dice, rng } from '../../src/seed/random.js';

/** Distinct values with how often each occurs. */
function countsOf<T>(values: readonly T[]): Map<T, number> {
  const out = new Map<T, number>();
  for (const v of values) out.set(v, (out.get(v) ?? 0) + 1);
  return out;
}

/** A random variable value: categories, discrete and continuous numbers, booleans and every kind of missing. */
function valueOf(dice: Dice, style: number): VarValue {
  if (dice.chance(0.1)) return dice.pick([undefined, null, '', Number.NaN]);
  switch (style) {
    case 0:
      return dice.pick(['gold', 'silver', 'new', 'x']);
    case 1:
      return dice.pick([1, 2, 3]);
    case 2:
      return Math.round(Math.exp(3 + dice.normal()) * 100) / 100;
    case 3:
      return dice.pick([true, false, 'true']);
    case 4:
      return dice.pick([5, 10, 10, 20, 40, 80, 160, 320]);
    default:
      return dice.chance(0.5) ? dice.pick([1, 2, 3, 4, 5, 6, 7, 8]) : String(dice.pick([1, 2]));
  }
}

interface Respondent {
  answer: number;
  vars: Record<string, VarValue>;
}

/** Random respondents of `metric` with variables v0..v5 of the six styles above (some absent). */
function respondents(dice: Dice, metric: MetricName, n: number): Respondent[] {
  const { min, max } = ANSWER_RANGE[metric];
  return Array.from({ length: n }, () => {
    const vars: Record<string, VarValue> = {};
    for (let style = 0; style < 6; style++) if (!dice.chance(0.05)) vars[`v${style}`] = valueOf(dice, style);
    return { answer: min + Math.floor(dice.next() * (max - min + 1)), vars };
  });
}

/** Each value's answer histogram of one variable, values in a shuffled order (as a store may return them). */
function histogramsOf(dice: Dice, rows: readonly Respondent[], variable: string): VariableHistograms {
  const byValue = new Map<VarValue, number[]>();
  for (const r of rows) byValue.set(r.vars[variable], [...(byValue.get(r.vars[variable]) ?? []), r.answer]);
  const values = [...byValue].map(([value, answers]): [VarValue, Histogram] => [value, histogramOf(answers)]);
  return { variable, values: values.sort(() => dice.next() - 0.5) };
}

describe('scoring from per-value histograms', () => {
  it('places quantile cuts from value counts exactly where the expanded values put them', () => {
    const dice = new Dice(rng(11));
    for (let round = 0; round < 300; round++) {
      const n = 1 + Math.floor(dice.next() * 200);
      const spread = dice.pick([3, 10, 1000]);
      const values = Array.from({ length: n }, () => Math.round((dice.normal() * spread + dice.next()) * 100) / 100);
      if (dice.chance(0.2)) values.push(Number.NaN, Number.POSITIVE_INFINITY);
      const bins = 1 + Math.floor(dice.next() * 8);
      expect(quantileBinsOfCounts(countsOf(values), bins)).toEqual(quantileBins(values, bins));
    }
    expect(quantileBinsOfCounts(new Map([[5, 0]]))).toEqual([]);
  });

  it('levels a variable from value counts exactly as from the expanded values', () => {
    const dice = new Dice(rng(12));
    for (let round = 0; round < 200; round++) {
      const style = round % 6;
      const values = Array.from({ length: 1 + Math.floor(dice.next() * 80) }, () => valueOf(dice, style));
      const fromValues = levelVariable(values);
      const fromCounts = levelVariableOfCounts(countsOf(values));
      expect(fromCounts.kind).toBe(fromValues.kind);
      expect(fromCounts.bins).toEqual(fromValues.bins);
      for (const v of values) expect(fromCounts.levelOf(v)).toBe(fromValues.levelOf(v));
    }
  });

  it('ranks drivers from histograms exactly as from respondent rows, for every metric', () => {
    const dice = new Dice(rng(13));
    for (const metric of METRIC_NAMES) {
      for (let round = 0; round < 15; round++) {
        const rows = respondents(dice, metric, 5 + Math.floor(dice.next() * 400));
        const variables = ['v0', 'v1', 'v2', 'v3', 'v4', 'v5', 'absent'];
        // minLevelN up to 40 drops levels now and then; 1 keeps every level.
        const minLevelN = dice.pick([1, 10, 40]);
        const fromRows = drivers(
          rows.map((r) => ({ score: respondentScore(metric, r.answer), vars: r.vars })),
          { variables, minLevelN },
        );
        const fromCounts = driversOfHistograms(
          metric,
          variables.map((v) => histogramsOf(dice, rows, v)),
          { minLevelN },
        );
        expect(fromCounts).toEqual(fromRows);
      }
    }
  });

  it('breaks a metric down from histograms exactly as from respondents, bins and "(missing)" included', () => {
    const dice = new Dice(rng(14));
    for (const metric of METRIC_NAMES) {
      for (let round = 0; round < 12; round++) {
        const rows = respondents(dice, metric, Math.floor(dice.next() * 300));
        const variable = `v${round % 6}`;
        const bins = dice.pick([undefined, 3, 7]);
        const options = bins === undefined ? {} : { bins };
        const fromRows = segments(metric, rows, variable, options);
        expect(segmentsOfHistograms(metric, histogramsOf(dice, rows, variable), options)).toEqual(fromRows);
      }
    }
  });

  it('rejects an answer off the metric scale in a histogram, as the row path does', () => {
    const values: VariableHistograms['values'] = [['a', new Map([[11, 1]])]];
    expect(() => segmentsOfHistograms('nps', { variable: 'v', values })).toThrow(RangeError);
    expect(() => driversOfHistograms('nps', [{ variable: 'v', values }])).toThrow(RangeError);
  });
});
