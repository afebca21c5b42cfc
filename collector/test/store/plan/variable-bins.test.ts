import { describe, expect, it } from 'vitest';
import { binIndexOf, binsOfEdges, quantileBins } from '../../../src/scoring/binning.js';
import {
  binnedLevel,
  capRose,
  decodeBinnedLevel,
  edgesFor,
  MISSING_LEVEL_TEXT,
  UNPARSEABLE_LEVEL,
} from '../../../src/store/plan/variable-bins.js';

/** Levels (JSON text) of `values`, each counted once. */
const levels = (values: unknown[]) => new Map(values.map((v) => [JSON.stringify(v), 1]));

describe('variable bins (the write plan of numeric variables)', () => {
  it('chooses the rounded quintiles of numeric values as edges, the same as a scan of those values', () => {
    const values = Array.from({ length: 60 }, (_, i) => 10 + i * 3.17);
    const edges = edgesFor(levels(values));
    expect(edges).toEqual(
      quantileBins(values)
        .slice(1)
        .map((b) => b.min),
    );
    expect(edges).toHaveLength(4);
  });

  it('treats a stray "n/a" as no obstacle but refuses text, booleans and few distinct numbers', () => {
    const numbers = Array.from({ length: 60 }, (_, i) => i * 1.5);
    expect(edgesFor(levels([...numbers, 'n/a']))).not.toBeNull();
    expect(edgesFor(levels(numbers.map((n) => `order-${n}`)))).toBeNull();
    expect(edgesFor(levels([1, 2, 3, true, false]))).toBeNull();
    expect(edgesFor(levels([...numbers.slice(0, 30), ...Array.from({ length: 30 }, (_, i) => `x${i}`)]))).toBeNull();
  });

  it('puts each value in the bin of the edges at or below it, text numbers too, and keeps missing apart', () => {
    const edges = [20, 40, 80];
    expect(binsOfEdges(edges).map((b) => b.label)).toEqual(['< 20', '20 to < 40', '40 to < 80', '≥ 80']);
    expect([binIndexOf(edges, 19.99), binIndexOf(edges, 20), binIndexOf(edges, 79), binIndexOf(edges, 1e9)]).toEqual([
      0, 1, 2, 3,
    ]);
    expect(binnedLevel('39.5', edges)).toBe('#1');
    expect(binnedLevel('"80"', edges)).toBe('#3');
    expect(binnedLevel('"n/a"', edges)).toBe(UNPARSEABLE_LEVEL);
    expect(binnedLevel('true', edges)).toBe(UNPARSEABLE_LEVEL);
    expect(binnedLevel('null', edges)).toBe(MISSING_LEVEL_TEXT);
    expect(binnedLevel('""', edges)).toBe(MISSING_LEVEL_TEXT);
    // Already binned (a row rewritten twice): unchanged.
    expect(binnedLevel('#2', edges)).toBe('#2');
    expect([decodeBinnedLevel('#2'), decodeBinnedLevel(UNPARSEABLE_LEVEL), decodeBinnedLevel('null')]).toEqual([
      2,
      'unparseable',
      'missing',
    ]);
  });

  it('says the cap rose only when the new cap is higher, unset counting as 50', () => {
    expect(capRose(undefined, 60)).toBe(true);
    expect(capRose(60, undefined)).toBe(false);
    expect(capRose(undefined, 50)).toBe(false);
    expect(capRose(20, 30)).toBe(true);
  });
});
