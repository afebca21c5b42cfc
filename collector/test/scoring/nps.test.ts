import { describe, expect, it } from 'vitest';
import { EMPTY_HISTOGRAM, histogramFromEntries, histogramOf } from '../../src/scoring/histogram.js';
import { nps, npsAdjustedWald, npsInterval } from '../../src/scoring/nps.js';

/** n respondents who all gave `answer`. */
const all = (answer: number, n: number) => histogramFromEntries([[answer, n]]);

describe('NPS', () => {
  it('computes an NPS of 30 for 5 promoters, 3 passives and 2 detractors', () => {
    // 10,10,10,9,9 promote; 8,8,7 passive; 6,3 detract: 100·(5 − 2)/10 = 30
    const r = nps(histogramOf([10, 10, 10, 9, 9, 8, 8, 7, 6, 3]));
    expect(r).toMatchObject({ n: 10, score: 30, promoters: 5, passives: 3, detractors: 2 });
  });

  it('gives the adjusted-Wald interval −19.05..65.20 for 5/3/2', () => {
    // n' = 13; p̂P = 5.75/13 = 0.442308; p̂D = 2.75/13 = 0.211538; diff = 0.230769
    // SE = √((0.653846 − 0.053254)/13) = 0.214940; z·SE = 0.421273
    // → 100·(0.230769 ∓ 0.421273) = −19.0504 .. 65.2045 (centred on 23.08, not on the raw 30)
    const r = nps(histogramOf([10, 10, 10, 9, 9, 8, 8, 7, 6, 3]));
    expect(r.low).toBeCloseTo(-19.0506, 3);
    expect(r.high).toBeCloseTo(65.2045, 3);
  });

  it('computes an NPS of 100 when everybody promotes, clipping the interval at 100', () => {
    // 10 promoters: p̂P = 10.75/13 = 0.826923, p̂D = 0.75/13 = 0.057692, diff = 0.769231
    // SE = √((0.884615 − 0.591716)/13) = 0.150102 → 76.92 ± 29.42 = 47.50 .. 106.34 → high clipped to 100
    const r = nps(all(10, 10));
    expect(r).toMatchObject({ n: 10, score: 100, promoters: 10, passives: 0, detractors: 0 });
    expect(r.low).toBeCloseTo(47.5036, 3);
    expect(r.high).toBe(100);
  });

  it('computes an NPS of −100 when everybody detracts, clipping the interval at −100', () => {
    // the mirror image of the all-promoter case
    const r = nps(all(0, 10));
    expect(r).toMatchObject({ n: 10, score: -100, promoters: 0, passives: 0, detractors: 10 });
    expect(r.low).toBe(-100);
    expect(r.high).toBeCloseTo(-47.5036, 3);
  });

  it('keeps an interval inside −100..100 even at n = 100 all promoters', () => {
    // p̂P = 100.75/103, p̂D = 0.75/103: centre 97.087, SE 2.0394 → 93.09 .. 101.08 → 100
    const r = nps(all(9, 100));
    expect(r.score).toBe(100);
    expect(r.low).toBeCloseTo(93.0901, 3);
    expect(r.high).toBe(100);
  });

  it('computes an NPS of 0 with a symmetric interval for 40/20/40', () => {
    // p̂P = p̂D = 40.75/103: SE = √(0.791262/103) = 0.087648 → ±17.1787
    const r = nps(
      histogramFromEntries([
        [10, 40],
        [7, 20],
        [2, 40],
      ]),
    );
    expect(r.score).toBe(0);
    expect(r.low).toBeCloseTo(-17.1787, 3);
    expect(r.high).toBeCloseTo(17.1787, 3);
  });

  it('never leaves the score outside its interval: a single promoter (n = 1) gets −48.5 .. 100', () => {
    // n' = 4: p̂P = 1.75/4, p̂D = 0.75/4, diff 0.25, SE = √((0.625 − 0.0625)/4) = 0.375 → 25 ± 73.50
    // = −48.50 .. 98.50, which misses the score 100: widened to hold it.
    const r = nps(all(9, 1));
    expect(r.score).toBe(100);
    expect(r.low).toBeCloseTo(-48.4986, 3);
    expect(r.high).toBe(100);
  });

  it('returns n = 0 and null score and interval when nobody answered', () => {
    expect(nps(EMPTY_HISTOGRAM)).toEqual({
      n: 0,
      score: null,
      low: null,
      high: null,
      promoters: 0,
      passives: 0,
      detractors: 0,
    });
  });

  it('leaves respondents who skipped the NPS question out of the denominator', () => {
    // a survey of 10 responses where 6 skipped NPS: the histogram holds only the 4 who answered
    // (9, 9, 8, 2) → 100·(2 − 1)/4 = 25, not 100·(2 − 1)/10 = 10 as a tool counting skips would say
    const r = nps(histogramOf([9, 9, 8, 2]));
    expect(r.n).toBe(4);
    expect(r.score).toBe(25);
  });

  it('puts 6 with the detractors, 7–8 with the passives and 9 with the promoters', () => {
    const r = nps(histogramOf([6, 7, 8, 9]));
    expect([r.detractors, r.passives, r.promoters]).toEqual([1, 2, 1]);
  });

  it('rejects an answer above 10 or below 0', () => {
    expect(() => nps(histogramOf([11]))).toThrow(/NPS answers must lie in 0–10/);
    expect(() => nps(histogramOf([-1]))).toThrow(RangeError);
  });

  it('exposes the adjusted-Wald centre and SE in NPS points', () => {
    const w = npsAdjustedWald(5, 2, 10);
    expect(w?.centre).toBeCloseTo(23.0769, 3);
    expect(w?.se).toBeCloseTo(21.494, 3);
    expect(npsAdjustedWald(0, 0, 0)).toBeNull();
  });

  it('rejects band counts that exceed n', () => {
    expect(() => npsInterval(6, 5, 10)).toThrow(RangeError);
  });

  it('widens the interval for a higher confidence level', () => {
    const i95 = npsInterval(5, 2, 10);
    const i99 = npsInterval(5, 2, 10, 0.99);
    expect(i99!.high - i99!.low).toBeGreaterThan(i95!.high - i95!.low);
  });
});
