import { describe, expect, it } from 'vitest';
import { histogramOf } from '../../src/scoring/histogram.js';
import { assertAnswer, METRIC_NAMES, respondentScore, scoreMetric } from '../../src/scoring/metric.js';

describe('metric dispatch', () => {
  it('scores a histogram with the named metric', () => {
    expect(scoreMetric('nps', histogramOf([10, 0])).score).toBe(0);
    expect(scoreMetric('csat', histogramOf([5, 1])).score).toBe(50);
    expect(scoreMetric('ces', histogramOf([5, 7])).score).toBe(6);
    expect(scoreMetric('smiley', histogramOf([1, 4])).score).toBe(50);
    expect(scoreMetric('thumbs', histogramOf([1, 0, 0, 0])).score).toBe(25);
  });

  it('codes NPS answers +100 / 0 / −100 so that their mean is the NPS', () => {
    // 5 promoters, 3 passives, 2 detractors: (5·100 + 3·0 − 2·100)/10 = 30 = the NPS
    const answers = [10, 10, 10, 9, 9, 8, 8, 7, 6, 3];
    const mean = answers.reduce((s, a) => s + respondentScore('nps', a), 0) / answers.length;
    expect(mean).toBe(30);
    expect(mean).toBe(scoreMetric('nps', histogramOf(answers)).score);
  });

  it('gives respondent scores whose mean is the metric for every metric', () => {
    const samples = {
      nps: [0, 7, 9, 10],
      csat: [1, 4, 5, 3],
      ces: [1, 5, 7, 2],
      smiley: [1, 2, 3, 4],
      thumbs: [0, 1, 1],
    };
    for (const metric of METRIC_NAMES) {
      const answers = samples[metric];
      const mean = answers.reduce((s, a) => s + respondentScore(metric, a), 0) / answers.length;
      expect(mean).toBeCloseTo(scoreMetric(metric, histogramOf(answers)).score ?? Number.NaN, 12);
    }
  });

  it('rejects an answer off the metric scale', () => {
    expect(() => assertAnswer('ces', 0)).toThrow(/ces answers must be integers in 1–7/);
    expect(() => respondentScore('thumbs', 2)).toThrow(RangeError);
    expect(() => respondentScore('nps', 8.5)).toThrow(RangeError);
  });
});
