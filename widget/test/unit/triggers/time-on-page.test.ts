import { describe, expect, it } from 'vitest';
import { timeLeft } from '../../../src/triggers/time-on-page';

describe('time on page', () => {
  it('waits for the rest of the configured time', () => {
    expect(timeLeft(4000, 10)).toBe(6000);
  });

  it('is due at once when the visitor has already spent the time', () => {
    expect(timeLeft(12_000, 10)).toBe(0);
    expect(timeLeft(0, 0)).toBe(0);
  });
});
