import { beforeAll, describe, expect, it, vi } from 'vitest';
import { clientId } from '@touchpoint/shared';

// A fresh copy of the module: its last millisecond is per process, and the collector's test files share
// one (vitest.config.ts); an id made under another file's fake clock in the future would carry that time.
let uuidv7: () => string;
beforeAll(async () => {
  vi.resetModules();
  ({ uuidv7 } = await import('../../src/lib/uuid.js'));
});

/** The Unix milliseconds in the first 48 bits of a version 7 UUID. */
const timeOf = (id: string): number => parseInt(id.slice(0, 8) + id.slice(9, 13), 16);

describe('uuidv7', () => {
  it('makes RFC 9562 version 7 UUIDs that the wire schema accepts', () => {
    for (let i = 0; i < 1000; i++) {
      const id = uuidv7();
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(clientId.safeParse(id).success).toBe(true);
    }
  });

  it('carries the current time in milliseconds', () => {
    const before = Date.now();
    const id = uuidv7();
    expect(timeOf(id)).toBeGreaterThanOrEqual(before);
    expect(timeOf(id)).toBeLessThanOrEqual(Date.now());
  });

  it('sorts ids in the order they were made, within one millisecond and across many', () => {
    const ids = Array.from({ length: 20_000 }, () => uuidv7());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('keeps the order when one millisecond makes more ids than its counter holds, or the clock steps back', () => {
    vi.useFakeTimers({ now: Date.UTC(2031, 0, 1), toFake: ['Date'] });
    try {
      const ids = Array.from({ length: 10_000 }, () => uuidv7());
      vi.setSystemTime(Date.UTC(2030, 11, 31));
      ids.push(uuidv7(), uuidv7());
      expect([...ids].sort()).toEqual(ids);
      expect(timeOf(ids[0] as string)).toBe(Date.UTC(2031, 0, 1));
    } finally {
      vi.useRealTimers();
    }
  });
});
