import { describe, expect, it } from 'vitest';
import { normalQuantile, zCritical } from '../../src/scoring/normal.js';

describe('normal quantile (AS 241)', () => {
  // Reference values: R qnorm / scipy.stats.norm.ppf.
  it.each([
    [0.975, 1.959963984540054],
    [0.025, -1.959963984540054],
    [0.5, 0],
    [0.3, -0.5244005127080407],
    [0.001, -3.090232306167813],
    [1e-10, -6.361340902404056],
    [0.999999, 4.753424308817089],
  ])('gives z(%s) = %s', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 13);
  });

  it('returns ±∞ at probabilities 0 and 1', () => {
    expect(normalQuantile(0)).toBe(Number.NEGATIVE_INFINITY);
    expect(normalQuantile(1)).toBe(Number.POSITIVE_INFINITY);
  });

  it('rejects a probability outside [0, 1]', () => {
    expect(() => normalQuantile(1.5)).toThrow(RangeError);
    expect(() => normalQuantile(Number.NaN)).toThrow(RangeError);
  });

  it('gives 1.96 as the 95% critical value', () => {
    expect(zCritical(0.95)).toBeCloseTo(1.96, 2);
  });
});
