import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backoffMs, MAX_BACKOFF_MS } from '../../src/closed-loop/backoff.js';
import { signatureHeader, verifySignature } from '../../src/closed-loop/signature.js';

describe('webhook signatures', () => {
  const body = '{"id":"e1","type":"case.opened"}';

  it('signs "t.body" with HMAC-SHA256, as the README tells receivers to check', () => {
    const header = signatureHeader('whsec_k', body, 1_800_000_000);
    const mac = createHmac('sha256', 'whsec_k').update(`1800000000.${body}`).digest('hex');
    expect(header).toBe(`t=1800000000,v1=${mac}`);
  });

  it('accepts a fresh signature and refuses an old one, a changed body and another secret', () => {
    const header = signatureHeader('whsec_k', body, 1_800_000_000);
    expect(verifySignature('whsec_k', body, header, 1_800_000_100)).toBe(true);
    expect(verifySignature('whsec_k', body, header, 1_800_000_301)).toBe(false);
    expect(verifySignature('whsec_k', `${body} `, header, 1_800_000_000)).toBe(false);
    expect(verifySignature('whsec_x', body, header, 1_800_000_000)).toBe(false);
    expect(verifySignature('whsec_k', body, 'v1=abc', 1_800_000_000)).toBe(false);
  });
});

describe('retry backoff', () => {
  it('doubles the wait with each failed attempt, between half and all of it', () => {
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((n) => backoffMs(n, 1000, () => 1))).toEqual([1000, 2000, 4000, 8000]);
  });

  it('never waits longer than the cap', () => {
    expect(backoffMs(40, 30_000, () => 1)).toBe(MAX_BACKOFF_MS);
  });
});
