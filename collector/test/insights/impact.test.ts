import { describe, expect, it } from 'vitest';
import { themeImpact } from '../../src/insights/impact.js';

describe('theme impact on NPS', () => {
  it('is the NPS of all minus the NPS of those not mentioning the theme', () => {
    // all: 2 promoters, 2 detractors of 4 → 0; rest: 2 promoters of 2 → 100; impact −100
    expect(
      themeImpact({ promoters: 0, detractors: 2, n: 2 }, { promoters: 2, detractors: 2, n: 4 })?.impact,
    ).toBeCloseTo(-100);
    // a theme only promoters mention lifts NPS: all (40 − 10)/100 = 30, rest (20 − 10)/80 = 12.5 → +17.5
    expect(
      themeImpact({ promoters: 20, detractors: 0, n: 20 }, { promoters: 40, detractors: 10, n: 100 })?.impact,
    ).toBeCloseTo(17.5);
  });

  it('gives an interval around the impact that narrows as answers grow', () => {
    const small = themeImpact({ promoters: 2, detractors: 6, n: 10 }, { promoters: 40, detractors: 20, n: 100 })!;
    const big = themeImpact(
      { promoters: 200, detractors: 600, n: 1000 },
      { promoters: 4000, detractors: 2000, n: 10000 },
    )!;
    expect(small.low).toBeLessThan(small.impact);
    expect(small.high).toBeGreaterThan(small.impact);
    expect(big.low).toBeLessThan(big.impact);
    expect(big.high).toBeGreaterThan(big.impact);
    expect(big.high - big.low).toBeLessThan((small.high - small.low) / 5);
  });

  it('has no impact when no one, or everyone, mentions the theme', () => {
    expect(themeImpact({ promoters: 0, detractors: 0, n: 0 }, { promoters: 2, detractors: 2, n: 4 })).toBeNull();
    expect(themeImpact({ promoters: 2, detractors: 2, n: 4 }, { promoters: 2, detractors: 2, n: 4 })).toBeNull();
  });
});
