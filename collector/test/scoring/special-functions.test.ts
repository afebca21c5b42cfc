import { describe, expect, it } from 'vitest';
import { lnGamma, regularizedIncompleteBeta } from '../../src/scoring/special-functions.js';

describe('special functions', () => {
  it('matches ln Γ at integers and at ½', () => {
    expect(lnGamma(1)).toBeCloseTo(0, 14);
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 13); // Γ(5) = 4!
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13); // Γ(½) = √π
    expect(lnGamma(0.1)).toBeCloseTo(2.252712651734206, 12); // scipy.special.gammaln(0.1)
  });

  it('matches closed forms of the incomplete beta', () => {
    // I_x(1, 1) = x; I_x(a, 1) = x^a; I_x(2, 2) = 3x² − 2x³
    expect(regularizedIncompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(regularizedIncompleteBeta(0.4, 3, 1)).toBeCloseTo(0.064, 14);
    expect(regularizedIncompleteBeta(0.7, 2, 2)).toBeCloseTo(3 * 0.49 - 2 * 0.343, 14);
    expect(regularizedIncompleteBeta(0, 2, 3)).toBe(0);
    expect(regularizedIncompleteBeta(1, 2, 3)).toBe(1);
  });

  it('rejects arguments outside the domain', () => {
    expect(() => lnGamma(0)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(1.2, 1, 1)).toThrow(RangeError);
    expect(() => regularizedIncompleteBeta(0.5, 0, 1)).toThrow(RangeError);
  });
});
