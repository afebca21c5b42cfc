import { describe, expect, it } from 'vitest';
import { binomial, resampleCounts, resampleHistogram, seededRandom } from '../../src/scoring/random.js';

describe('seeded random draws', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const c = seededRandom(43);
    const seqA = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(seqA);
    expect([c(), c(), c()]).not.toEqual(seqA);
    for (const x of seqA) expect(x >= 0 && x < 1).toBe(true);
  });

  it.each([
    [20, 0.3],
    [500, 0.01],
    [10_000, 0.4],
    [10_000, 0.999],
  ])('draws Binomial(%i, %f) with its mean and variance', (n, p) => {
    const random = seededRandom(1);
    const draws = Array.from({ length: 4000 }, () => binomial(random, n, p));
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    const variance = draws.reduce((s, x) => s + (x - mean) ** 2, 0) / (draws.length - 1);
    const sd = Math.sqrt(n * p * (1 - p));
    expect(Math.abs(mean - n * p)).toBeLessThan((4 * sd) / Math.sqrt(draws.length));
    expect(variance / (sd * sd)).toBeGreaterThan(0.9);
    expect(variance / (sd * sd)).toBeLessThan(1.1);
    for (const x of draws) expect(Number.isInteger(x) && x >= 0 && x <= n).toBe(true);
  });

  it('keeps the total of a resample and never draws a value nobody gave', () => {
    const random = seededRandom(5);
    for (let i = 0; i < 200; i++) {
      const counts = resampleCounts(random, [30, 0, 50, 20]);
      expect(counts.reduce((s, c) => s + c, 0)).toBe(100);
      expect(counts[1]).toBe(0);
    }
    const h = resampleHistogram(random, new Map([[9, 7]]));
    expect([...h]).toEqual([[9, 7]]);
  });
});
