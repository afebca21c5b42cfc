import { describe, expect, it } from 'vitest';
import { eventMatches } from '../../../src/triggers/event';

describe('custom event', () => {
  it('matches only the configured event name', () => {
    expect(eventMatches('added_to_cart', 'added_to_cart')).toBe(true);
    expect(eventMatches('added_to_cart', 'checkout')).toBe(false);
    expect(eventMatches('added_to_cart', undefined)).toBe(false);
  });
});
