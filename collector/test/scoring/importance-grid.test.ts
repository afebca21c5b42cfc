import { describe, expect, it } from 'vitest';
import { importanceGrid, type GridInput } from '../../src/scoring/importance-grid.js';

const at = (key: string, importance: number | null, performance: number | null, lowSample = false): GridInput => ({
  key,
  importance,
  performance,
  lowSample,
});

describe('importance–performance grid', () => {
  it('places touchpoints in the four quadrants around the medians', () => {
    const grid = importanceGrid([
      at('checkout', 60, 40), // important, weak → fix first
      at('delivery', 50, 90), // important, strong → keep up
      at('newsletter', 5, 30), // unimportant, weak → low priority
      at('gift-wrap', 10, 95), // unimportant, strong → possible overkill
    ]);
    expect(grid.importanceLine).toBe(30);
    expect(grid.performanceLine).toBe(65);
    expect(Object.fromEntries(grid.rows.map((r) => [r.key, r.quadrant]))).toEqual({
      checkout: 'fix-first',
      delivery: 'keep-up',
      newsletter: 'low-priority',
      'gift-wrap': 'possible-overkill',
    });
  });

  it('leaves out of the medians, and unplaced, a touchpoint with low sample or no impact', () => {
    const grid = importanceGrid([
      at('a', 10, 10),
      at('b', 20, 20),
      at('c', 30, 30),
      at('tiny', 200, -100, true),
      at('none', null, 50),
    ]);
    expect(grid.importanceLine).toBe(20);
    expect(grid.performanceLine).toBe(20);
    expect(grid.rows.find((r) => r.key === 'tiny')?.quadrant).toBe('insufficient-data');
    expect(grid.rows.find((r) => r.key === 'none')?.quadrant).toBe('insufficient-data');
    // On the line counts as high: b is important and performing.
    expect(grid.rows.find((r) => r.key === 'b')?.quadrant).toBe('keep-up');
  });

  it('has no cross-hairs when nothing can be placed', () => {
    expect(importanceGrid([at('x', null, null)])).toMatchObject({ importanceLine: null, performanceLine: null });
  });
});
