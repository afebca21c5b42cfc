import { describe, expect, it } from 'vitest';
import { responseRate, responseRatesBy } from '../../src/scoring/response-rate.js';

describe('response rate', () => {
  it('divides answered by impressions', () => {
    expect(responseRate({ answered: 30, impressions: 200 })).toBe(0.15);
  });

  it('is null when the survey was never shown', () => {
    expect(responseRate({ answered: 0, impressions: 0 })).toBeNull();
  });

  it('reports a rate above 1 rather than hiding lost impressions', () => {
    expect(responseRate({ answered: 12, impressions: 10 })).toBe(1.2);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => responseRate({ answered: -1, impressions: 10 })).toThrow(/answered/);
    expect(() => responseRate({ answered: 1, impressions: 2.5 })).toThrow(/impressions/);
  });

  it('adds up rows per touchpoint and trigger before dividing', () => {
    const rows = [
      { touchpoint: 'checkout', trigger: 'exit-intent', answered: 5, impressions: 50 },
      { touchpoint: 'checkout', trigger: 'exit-intent', answered: 15, impressions: 50 },
      { touchpoint: 'checkout', trigger: 'manual', answered: 2, impressions: 4 },
      { touchpoint: 'store-12', trigger: 'manual', answered: 0, impressions: 0 },
    ];
    const rates = responseRatesBy(rows, (r) => `${r.touchpoint}/${r.trigger}`);
    expect(rates).toEqual([
      { key: 'checkout/exit-intent', answered: 20, impressions: 100, rate: 0.2 },
      { key: 'checkout/manual', answered: 2, impressions: 4, rate: 0.5 },
      { key: 'store-12/manual', answered: 0, impressions: 0, rate: null },
    ]);
    expect(responseRatesBy(rows, (r) => r.touchpoint).map((r) => r.rate)).toEqual([22 / 104, null]);
  });
});
