import { clientId } from '@touchpoint/shared';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { uuid } from '../../../src/core/dom';

describe('uuid', () => {
  afterEach(() => vi.useRealTimers());

  it('makes RFC 9562 version 7 ids that the wire contract accepts', () => {
    for (let n = 0; n < 200; n++) {
      const id = uuid();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(clientId.safeParse(id).success).toBe(true);
    }
  });

  it('starts with the time in milliseconds, so later ids sort after earlier ones', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22, 10, 0, 0, 123) });
    const first = uuid();
    expect(parseInt(first.slice(0, 8) + first.slice(9, 13), 16)).toBe(Date.UTC(2026, 10, 22, 10, 0, 0, 123));
    vi.advanceTimersByTime(1);
    const second = uuid();
    expect(second > first).toBe(true);
  });

  it('is random after the timestamp', () => {
    vi.useFakeTimers({ now: Date.UTC(2026, 10, 22) });
    const ids = new Set(Array.from({ length: 1000 }, uuid));
    expect(ids.size).toBe(1000);
  });
});
