import { describe, expect, it } from 'vitest';
import { ClientKeys } from '../../src/lib/client-key.js';

describe('client keys', () => {
  it('gives one address the same key all day, another address another key, and never the address itself', () => {
    const keys = new ClientKeys(() => Date.UTC(2026, 0, 1, 9));
    const k = keys.of('203.0.113.7');
    expect(keys.of('203.0.113.7')).toBe(k);
    expect(keys.of('203.0.113.8')).not.toBe(k);
    expect(k).toMatch(/^[0-9a-f]{16}$/);
  });

  it('changes every key when the UTC day changes', () => {
    let now = Date.UTC(2026, 0, 1, 23, 59);
    const keys = new ClientKeys(() => now);
    const before = keys.of('203.0.113.7');
    now = Date.UTC(2026, 0, 2, 0, 1);
    expect(keys.of('203.0.113.7')).not.toBe(before);
  });
});
