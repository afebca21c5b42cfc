import { describe, expect, it } from 'vitest';
import { ItemAllowance } from '../../src/lib/item-allowance.js';

describe('item allowances', () => {
  const MINUTE = 60_000;
  const t0 = 1_000 * MINUTE; // the start of a window

  it('counts items, not calls, and refuses a batch larger than what is left without taking any of it', () => {
    const a = new ItemAllowance(MINUTE);
    expect(a.take([{ key: 'c', n: 50, limit: 60 }], t0)).toEqual({ ok: true });
    expect(a.take([{ key: 'c', n: 11, limit: 60 }], t0 + 15_000)).toEqual({
      ok: false,
      retryAfterMs: 45_000,
      key: 'c',
      left: 10,
    });
    expect(a.take([{ key: 'c', n: 10, limit: 60 }], t0 + 15_000)).toEqual({ ok: true });
    expect(a.take([{ key: 'c', n: 1, limit: 60 }], t0 + 59_999)).toMatchObject({ ok: false, retryAfterMs: 1 });
  });

  it('starts every bucket over in the next window', () => {
    const a = new ItemAllowance(MINUTE);
    expect(a.take([{ key: 'c', n: 60, limit: 60 }], t0)).toEqual({ ok: true });
    expect(a.take([{ key: 'c', n: 60, limit: 60 }], t0 + MINUTE)).toEqual({ ok: true });
  });

  it('takes a batch charged to several buckets whole or not at all', () => {
    const a = new ItemAllowance(MINUTE);
    const batch = [
      { key: 'kiosk-1', n: 80, limit: 100 },
      { key: 'client', n: 5, limit: 10 },
      { key: 'client', n: 6, limit: 10 },
    ];
    expect(a.take(batch, t0)).toMatchObject({ ok: false, key: 'client', left: 10 });
    expect(a.take([{ key: 'kiosk-1', n: 100, limit: 100 }], t0)).toEqual({ ok: true });
  });

  it('keeps buckets apart', () => {
    const a = new ItemAllowance(MINUTE);
    expect(a.take([{ key: 'a', n: 60, limit: 60 }], t0)).toEqual({ ok: true });
    expect(a.take([{ key: 'b', n: 60, limit: 60 }], t0)).toEqual({ ok: true });
  });
});
