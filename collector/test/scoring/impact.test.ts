import { describe, expect, it } from 'vitest';
import { impactRatings, pearson, type ImpactInput } from '../../src/scoring/impact.js';

const checkout: ImpactInput[] = [
  // satisfied at checkout (CSAT 4–5): likelihood 10, 10, 9, 8 → P 3, Pa 1, D 0 → NPS 75
  { touchpoint: 'checkout', rating: 5, loyalty: 10 },
  { touchpoint: 'checkout', rating: 5, loyalty: 10 },
  { touchpoint: 'checkout', rating: 4, loyalty: 9 },
  { touchpoint: 'checkout', rating: 4, loyalty: 8 },
  // not satisfied (1–3): 6, 3, 9, 7 → P 1, Pa 1, D 2 → NPS −25
  { touchpoint: 'checkout', rating: 1, loyalty: 6 },
  { touchpoint: 'checkout', rating: 2, loyalty: 3 },
  { touchpoint: 'checkout', rating: 3, loyalty: 9 },
  { touchpoint: 'checkout', rating: 3, loyalty: 7 },
];

describe('impact rating', () => {
  it('computes an impact of 100 NPS points for checkout', () => {
    const [r] = impactRatings(checkout, 'csat', { minN: 1 });
    expect(r?.key).toBe('checkout');
    expect(r?.n).toBe(8);
    expect(r?.positive.score).toBe(75);
    expect(r?.notPositive.score).toBe(-25);
    expect(r?.impact).toBe(100);
  });

  it('gives the interval of the difference from both groups’ adjusted-Wald errors', () => {
    // satisfied: n' = 7, p̂P = 3.75/7, p̂D = 0.75/7 → centre 42.857, SE 25.612
    // not:       n' = 7, p̂P = 1.75/7, p̂D = 2.75/7 → centre −14.286, SE 29.820
    // 57.143 ± 1.959964·√(25.612² + 29.820²) = 57.143 ± 77.044 → −19.901 .. 134.187
    const [r] = impactRatings(checkout, 'csat', { minN: 1 });
    expect(r?.low).toBeCloseTo(-19.9012, 3);
    expect(r?.high).toBeCloseTo(134.1869, 3);
  });

  it('reports the correlation and the potential gain', () => {
    // Pearson r of (5,5,4,4,1,2,3,3) and (10,10,9,8,6,3,9,7) = 0.800915 (scipy.stats.pearsonr)
    // potential gain = share not satisfied 4/8 × impact 100 = 50
    const [r] = impactRatings(checkout, 'csat', { minN: 1 });
    expect(r?.correlation).toBeCloseTo(0.800915, 5);
    expect(r?.potentialGain).toBe(50);
  });

  it('flags a touchpoint whose groups are smaller than the minimum n', () => {
    const [r] = impactRatings(checkout, 'csat');
    expect(r?.lowSample).toBe(true);
  });

  it('gives no impact when everyone had the same experience', () => {
    const rows = checkout.slice(0, 4).map((r) => ({ ...r, touchpoint: 'parking' }));
    const [r] = impactRatings(rows, 'csat', { minN: 1 });
    expect(r).toMatchObject({ impact: null, low: null, high: null, potentialGain: null, lowSample: true });
    expect(r?.notPositive.n).toBe(0);
  });

  it('ranks touchpoints by impact, low-sample ones last', () => {
    const weak = checkout.map((r) => ({ ...r, touchpoint: 'weak', loyalty: r.rating >= 4 ? 9 : 8 })); // 100 − 0
    const flat = checkout.map((r) => ({ ...r, touchpoint: 'flat', loyalty: 9 })); // 100 − 100 = 0
    const order = impactRatings(
      [...flat, ...checkout, ...weak, ...checkout.slice(0, 4).map((r) => ({ ...r, touchpoint: 'one-sided' }))],
      'csat',
      {
        minN: 1,
      },
    );
    expect(order.map((r) => [r.key, r.impact])).toEqual([
      ['checkout', 100],
      ['weak', 100],
      ['flat', 0],
      ['one-sided', null],
    ]);
  });

  it('uses the rating metric’s positive threshold: happy faces 3–4', () => {
    const rows: ImpactInput[] = [
      { touchpoint: 'kiosk', rating: 3, loyalty: 10 },
      { touchpoint: 'kiosk', rating: 2, loyalty: 0 },
    ];
    const [r] = impactRatings(rows, 'smiley', { minN: 1 });
    expect(r?.impact).toBe(200);
  });

  it('rejects a rating off its scale or a likelihood above 10', () => {
    expect(() => impactRatings([{ touchpoint: 'x', rating: 6, loyalty: 5 }], 'csat')).toThrow(/csat answers/);
    expect(() => impactRatings([{ touchpoint: 'x', rating: 5, loyalty: 11 }], 'csat')).toThrow(/nps answers/);
  });

  it('computes no correlation for fewer than three pairs or constant values', () => {
    expect(pearson([1, 2], [3, 4])).toBeNull();
    expect(pearson([1, 1, 1], [3, 4, 5])).toBeNull();
    expect(pearson([1, 2, 3], [6, 4, 2])).toBeCloseTo(-1, 14);
  });
});
