import { describe, expect, it } from 'vitest';
import { isMissing, levelVariable, MISSING_LEVEL } from '../../src/scoring/levels.js';

describe('variable levels', () => {
  it('treats text as categories and missing values as "(missing)"', () => {
    const l = levelVariable(['gold', 'silver', undefined, '']);
    expect(l.kind).toBe('categorical');
    expect(['gold', undefined, null, ''].map(l.levelOf)).toEqual(['gold', MISSING_LEVEL, MISSING_LEVEL, MISSING_LEVEL]);
  });

  it('treats booleans as two categories', () => {
    const l = levelVariable([true, false, true]);
    expect(l.kind).toBe('categorical');
    expect([true, false].map(l.levelOf)).toEqual(['true', 'false']);
  });

  it('keeps a number with few distinct values (a tier 1–3) categorical', () => {
    const l = levelVariable([1, 2, 3, 1, 2, 3]);
    expect(l.kind).toBe('categorical');
    expect(l.levelOf(2)).toBe('2');
  });

  it('bins a number with many distinct values', () => {
    const l = levelVariable(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(l.kind).toBe('numeric');
    expect(l.bins).toHaveLength(5);
    expect(l.levelOf(50)).toBe('41 to < 61');
    expect(l.levelOf(undefined)).toBe(MISSING_LEVEL);
    expect(l.levelOf(Number.NaN)).toBe(MISSING_LEVEL);
  });

  it('treats a variable mixing numbers and text as categorical', () => {
    expect(levelVariable([1, 2, 3, 4, 5, 6, 7, 'n/a']).kind).toBe('categorical');
  });

  it('recognises missing values', () => {
    expect([undefined, null, '', Number.NaN, Number.POSITIVE_INFINITY, 0, false, 'x'].map(isMissing)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });

  it('keeps a numeric variable with a stray "n/a" numeric, the stray value missing and counted (regression)', () => {
    const bills = [...Array.from({ length: 20 }, (_, i) => i * 10), 'n/a', '45.5'];
    const l = levelVariable(bills);
    expect(l.kind).toBe('numeric');
    expect(l.unparseable).toBe(1);
    expect(l.levelOf('n/a')).toBe(MISSING_LEVEL);
    expect(l.levelOf('45.5')).toBe(l.levelOf(45.5));
  });

  it('calls a variable categorical when more than a stray share of it is text', () => {
    const l = levelVariable([...Array.from({ length: 10 }, (_, i) => i), 'a', 'b']);
    expect(l).toMatchObject({ kind: 'categorical', unparseable: 0 });
  });
});
