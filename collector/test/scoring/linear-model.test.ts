import { describe, expect, it } from 'vitest';
import { CrossProducts, fitLeastSquares } from '../../src/scoring/linear-model.js';

/** Adds single observations: design columns and y. */
function crossProducts(p: number, rows: [number[], number][]): CrossProducts {
  const cp = new CrossProducts(p);
  for (const [active, y] of rows) cp.add(active, 1, y, y * y);
  return cp;
}

describe('least squares over dummy columns', () => {
  it('recovers group means as intercept and differences, with the textbook standard error', () => {
    // Group A (reference): 1, 2, 3; group B (column 1): 5, 6, 7. Difference 4, σ² = 4/4 = 1.
    const cp = crossProducts(2, [
      [[], 1],
      [[], 2],
      [[], 3],
      [[1], 5],
      [[1], 6],
      [[1], 7],
    ]);
    const fit = fitLeastSquares(cp, [1]);
    expect(fit.coefficients[0]).toBeCloseTo(2, 12);
    expect(fit.coefficients[1]).toBeCloseTo(4, 12);
    expect(fit.rss).toBeCloseTo(4, 12);
    expect(fit.sigma2).toBeCloseTo(1, 12);
    // SE of a difference of two means of 3: √(σ²(1/3 + 1/3)).
    expect(Math.sqrt(fit.covariance(1, 1) ?? 0)).toBeCloseTo(Math.sqrt(2 / 3), 12);
    // TSS = Σ(y − 4)² = 28, so R² = 1 − 4/28.
    expect(fit.r2).toBeCloseTo(1 - 4 / 28, 12);
  });

  it('fits two factors without interaction: the additive effect exactly when the data are additive', () => {
    // y = 10 + 3·[b] + 7·[c] for every cell, with unequal cell sizes.
    const rows: [number[], number][] = [];
    const cells: [number[], number, number][] = [
      [[], 10, 5],
      [[1], 13, 2],
      [[2], 17, 9],
      [[1, 2], 20, 1],
    ];
    for (const [active, y, n] of cells) for (let i = 0; i < n; i++) rows.push([active, y]);
    const fit = fitLeastSquares(crossProducts(3, rows), [1, 2]);
    expect(fit.coefficients.map((c) => Number(c?.toFixed(9)))).toEqual([10, 3, 7]);
    expect(fit.rss).toBeCloseTo(0, 9);
  });

  it('leaves out an aliased column instead of failing', () => {
    // Column 2 equals column 1: the second is a combination of what was swept before it.
    const cp = crossProducts(3, [
      [[], 1],
      [[], 3],
      [[1, 2], 6],
      [[1, 2], 8],
    ]);
    const fit = fitLeastSquares(cp, [1, 2]);
    expect(fit.coefficients[1]).toBeCloseTo(5, 12);
    expect(fit.coefficients[2]).toBeNull();
    expect(fit.rank).toBe(2);
    expect(fit.covariance(0, 2)).toBeNull();
  });

  it('adds a group of equal rows exactly as the rows one by one', () => {
    const one = crossProducts(2, [
      [[1], 4],
      [[1], 4],
      [[1], 10],
      [[], 0],
    ]);
    const grouped = new CrossProducts(2);
    grouped.add([1], 3, 18, 16 + 16 + 100);
    grouped.add([], 1, 0, 0);
    expect(fitLeastSquares(grouped, [1])).toMatchObject({
      rss: fitLeastSquares(one, [1]).rss,
      r2: fitLeastSquares(one, [1]).r2,
    });
  });

  it('rejects a design column outside the matrix', () => {
    expect(() => new CrossProducts(2).add([2], 1, 1, 1)).toThrow(RangeError);
  });
});
