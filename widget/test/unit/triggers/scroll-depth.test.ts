import { describe, expect, it } from 'vitest';
import { scrollPercent } from '../../../src/triggers/scroll-depth';

describe('scroll depth', () => {
  it('measures how far down the bottom of the viewport is', () => {
    expect(scrollPercent(0, 1000, 4000)).toBe(25);
    expect(scrollPercent(1000, 1000, 4000)).toBe(50);
    expect(scrollPercent(3000, 1000, 4000)).toBe(100);
  });

  it('counts a page that does not scroll as fully seen', () => {
    expect(scrollPercent(0, 1000, 800)).toBe(100);
  });
});
