import { describe, expect, it } from 'vitest';
import { histogramOf } from '../../src/scoring/histogram.js';
import { scoreLevels, segments, type Respondent } from '../../src/scoring/segments.js';

const respondents: Respondent[] = [
  // web: 10, 9, 3 → 100·(2 − 1)/3 = 33.3
  { answer: 10, vars: { channel: 'web' } },
  { answer: 9, vars: { channel: 'web' } },
  { answer: 3, vars: { channel: 'web' } },
  // kiosk: four 10s → 100
  ...Array.from({ length: 4 }, () => ({ answer: 10, vars: { channel: 'kiosk' } })),
  // no channel: 0 → −100
  { answer: 0, vars: {} },
];

describe('segments', () => {
  it('breaks NPS down by channel, largest level first and "(missing)" last', () => {
    const s = segments('nps', respondents, 'channel');
    expect(s.kind).toBe('categorical');
    expect(s.rows.map((r) => [r.key, r.n, r.score])).toEqual([
      ['kiosk', 4, 100],
      ['web', 3, 100 / 3],
      ['(missing)', 1, -100],
    ]);
  });

  it('gives the overall score beside the levels', () => {
    // 6 promoters, 0 passives, 2 detractors of 8 → 100·4/8 = 50
    const s = segments('nps', respondents, 'channel');
    expect(s.overall).toMatchObject({ n: 8, score: 50, promoters: 6, detractors: 2 });
  });

  it('carries each level’s interval and metric-specific counts', () => {
    const kiosk = segments('nps', respondents, 'channel').rows[0];
    expect(kiosk).toMatchObject({ promoters: 4, passives: 0, detractors: 0 });
    expect(kiosk?.low).toBeLessThan(100);
    expect(kiosk?.high).toBe(100);
  });

  it('bins a numeric bill value and keeps the bins in order', () => {
    // bill 1..100: bins of 20 each; CSAT 5 for bills ≥ 61, 1 below → 0% in three bins, 100% in two
    const rows = Array.from({ length: 100 }, (_, i) => ({ answer: i + 1 >= 61 ? 5 : 1, vars: { bill: i + 1 } }));
    const s = segments('csat', [...rows, { answer: 3, vars: { bill: undefined } }], 'bill');
    expect(s.kind).toBe('numeric');
    expect(s.rows.map((r) => [r.key, r.n, r.score])).toEqual([
      ['< 21', 20, 0],
      ['21 to < 41', 20, 0],
      ['41 to < 61', 20, 0],
      ['61 to < 81', 20, 100],
      ['≥ 81', 20, 100],
      ['(missing)', 1, 0],
    ]);
  });

  it('rejects an answer off the metric scale', () => {
    expect(() => segments('csat', [{ answer: 9, vars: {} }], 'channel')).toThrow(/csat answers/);
  });

  it('scores ready-made level histograms from a rollup, merging repeated levels', () => {
    const rows = scoreLevels('csat', [
      ['web', histogramOf([5, 5])],
      ['kiosk', histogramOf([1, 5, 5])],
      ['web', histogramOf([1, 2])],
    ]);
    expect(rows.map((r) => [r.key, r.n, r.score])).toEqual([
      ['web', 4, 50],
      ['kiosk', 3, 200 / 3],
    ]);
  });
});
