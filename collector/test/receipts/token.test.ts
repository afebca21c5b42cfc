import { clientId } from '@touchpoint/shared';
import { describe, expect, it } from 'vitest';
import { receiptResponseId } from '../../src/receipts/response-id.js';
import { signReceipt, type ReceiptClaims } from '../../src/receipts/sign.js';
import { readReceipt, verifyReceipt, type ReceiptSecret } from '../../src/receipts/token.js';

const NOW = new Date('2026-11-20T12:00:00Z');
const NOW_S = NOW.getTime() / 1000;
const WEEK = 7 * 86_400;
const claims: ReceiptClaims = { k: 'k1', s: 'demo', t: 'store-12', l: 'till-3', x: 'T-1001', i: NOW_S - 60 };
const keys: Record<string, ReceiptSecret[]> = {
  demo: [{ kid: 'k1', secret: 'demo-secret-one' }],
  other: [{ kid: 'k1', secret: 'other-secret' }],
};
const verify = (token: string, secrets = keys, now = NOW) => verifyReceipt(token, (s) => secrets[s] ?? [], now, WEEK);

describe('receipt tokens', () => {
  it('accepts a token signed with the site secret and returns its claims', () => {
    const token = signReceipt({ ...claims, v: { bill: 12.5, items: 3, payment: 'card' } }, 'demo-secret-one');
    expect(token).toMatch(/^tp1\.[\w-]+\.[\w-]{43}$/);
    expect(verify(token)).toEqual({ ok: true, receipt: { ...claims, v: { bill: 12.5, items: 3, payment: 'card' } } });
  });

  it('refuses a token whose payload was changed after signing', () => {
    const token = signReceipt(claims, 'demo-secret-one');
    const [, , sig] = token.split('.');
    const forged = `tp1.${Buffer.from(JSON.stringify({ ...claims, x: 'T-9999' })).toString('base64url')}.${sig}`;
    expect(verify(forged)).toEqual({ ok: false, reason: 'bad-signature', site: 'demo' });
  });

  it('refuses a token whose signature was changed', () => {
    const token = signReceipt(claims, 'demo-secret-one');
    const flipped = token.slice(0, -1) + (token.endsWith('A') ? 'B' : 'A');
    expect(verify(flipped)).toMatchObject({ ok: false, reason: 'bad-signature' });
  });

  it('refuses a token issued longer ago than the validity window', () => {
    const token = signReceipt({ ...claims, i: NOW_S - WEEK - 1 }, 'demo-secret-one');
    expect(verify(token)).toEqual({ ok: false, reason: 'expired', site: 'demo' });
    expect(verify(signReceipt({ ...claims, i: NOW_S - WEEK }, 'demo-secret-one')).ok).toBe(true);
  });

  it('refuses a token issued well in the future', () => {
    expect(verify(signReceipt({ ...claims, i: NOW_S + 3600 }, 'demo-secret-one'))).toMatchObject({
      ok: false,
      reason: 'not-yet-valid',
    });
  });

  it('refuses a token that names another site than the one whose secret signed it', () => {
    const token = signReceipt({ ...claims, s: 'other' }, 'demo-secret-one');
    expect(verify(token)).toEqual({ ok: false, reason: 'bad-signature', site: 'other' });
  });

  it('accepts an old key id after rotation until its secret is removed', () => {
    const old = signReceipt(claims, 'demo-secret-one');
    const rotated = {
      demo: [
        { kid: 'k1', secret: 'demo-secret-one' },
        { kid: 'k2', secret: 'demo-secret-two' },
      ],
    };
    expect(verify(old, rotated).ok).toBe(true);
    expect(verify(signReceipt({ ...claims, k: 'k2' }, 'demo-secret-two'), rotated).ok).toBe(true);
    const removed = { demo: [{ kid: 'k2', secret: 'demo-secret-two' }] };
    expect(verify(old, removed)).toEqual({ ok: false, reason: 'unknown-key', site: 'demo' });
  });

  it.each([
    ['an empty string', ''],
    ['another prefix', 'tp2.e30.abc'],
    ['two parts', 'tp1.e30'],
    ['a payload that is not JSON', 'tp1.bm90IGpzb24.abc'],
    [
      'a payload missing the transaction',
      `tp1.${Buffer.from('{"k":"k1","s":"demo","t":"x","i":1}').toString('base64url')}.a`,
    ],
    ['an over-long token', `tp1.${'a'.repeat(2000)}.a`],
  ])('calls %s malformed', (_name, token) => {
    expect(readReceipt(token)).toBeNull();
    expect(verify(token)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('derives one UUID-shaped response id per site and transaction', () => {
    const a = receiptResponseId('demo', 'T-1', 'salt');
    expect(clientId.safeParse(a).success).toBe(true);
    expect(receiptResponseId('demo', 'T-1', 'salt')).toBe(a);
    expect(receiptResponseId('demo', 'T-2', 'salt')).not.toBe(a);
    expect(receiptResponseId('other', 'T-1', 'salt')).not.toBe(a);
    expect(receiptResponseId('demo', 'T-1', 'another salt')).not.toBe(a);
  });
});
