import { describe, expect, it } from 'vitest';
import { cartAbandoned } from '../../../src/triggers/cart-drop-off';

describe('cart drop-off decision', () => {
  it('counts a full cart left idle long enough as abandoned', () => {
    expect(cartAbandoned(2, false, 45_000, 45)).toBe(true);
  });

  it('does not fire while the visitor is still active', () => {
    expect(cartAbandoned(2, false, 44_999, 45)).toBe(false);
  });

  it('does not fire for an empty cart', () => {
    expect(cartAbandoned(0, false, 60_000, 45)).toBe(false);
  });

  it('does not fire once the visitor reached checkout', () => {
    expect(cartAbandoned(3, true, 60_000, 45)).toBe(false);
  });

  it('fires on exit intent with a full cart whatever the idle time', () => {
    expect(cartAbandoned(1, false, Infinity, 3600)).toBe(true);
  });
});
