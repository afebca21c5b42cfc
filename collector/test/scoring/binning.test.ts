import { describe, expect, it } from 'vitest';
import { binOf, quantileBins, roundSignificant } from '../../src/scoring/binning.js';

describe('numeric bins', () => {
  it('rounds cut points to two significant figures', () => {
    expect(roundSignificant(37.42)).toBe(37);
    expect(roundSignificant(1234)).toBe(1200);
    expect(roundSignificant(0.01234)).toBe(0.012);
    expect(roundSignificant(0)).toBe(0);
  });

  it('cuts 1..100 into five bins of twenty', () => {
    // cuts at sorted[20], [40], [60], [80] = 21, 41, 61, 81
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    const bins = quantileBins(values);
    expect(bins.map((b) => b.label)).toEqual(['< 21', '21 to < 41', '41 to < 61', '61 to < 81', '≥ 81']);
    for (const bin of bins) expect(values.filter((v) => binOf(bins, v) === bin)).toHaveLength(20);
  });

  it('gives skewed bill values readable edges', () => {
    // sorted: 3.5, 8, 12.25, 19.9, 37.42, 55, 118.9, 240, 610, 1234; cuts at [2], [4], [6], [8]
    // = 12.25 → 12, 37.42 → 37, 118.9 → 120, 610 → 610
    const bins = quantileBins([1234, 3.5, 37.42, 12.25, 8, 19.9, 55, 118.9, 240, 610]);
    expect(bins.map((b) => b.label)).toEqual(['< 12', '12 to < 37', '37 to < 120', '120 to < 610', '≥ 610']);
  });

  it('drops duplicate cut points rather than leave empty bins', () => {
    // sorted[2], [4], [6] are all 10, the minimum (no cut); sorted[8] = 11 → one cut
    const bins = quantileBins([10, 10, 10, 10, 10, 10, 10, 10, 11, 50]);
    expect(bins.map((b) => b.label)).toEqual(['< 11', '≥ 11']);
    expect(quantileBins([7, 7, 7]).map((b) => b.label)).toEqual(['all']);
    const two = quantileBins([1, 1, 1, 1, 1, 1, 9, 9, 9, 9]);
    expect(two.map((b) => b.label)).toEqual(['< 9', '≥ 9']);
  });

  it('returns no bins for no values', () => {
    expect(quantileBins([])).toEqual([]);
    expect(() => binOf([], 3)).toThrow(RangeError);
  });

  it('rejects a bin count that is not a positive integer', () => {
    expect(() => quantileBins([1, 2], 0)).toThrow(RangeError);
  });
});
