import { describe, expect, it } from 'vitest';
import type { ResponseMeta } from '../../../src/core/types';
import { cleanVars, respondent, responseBody } from '../../../src/ui/response';

const meta: ResponseMeta = {
  id: '0b8f7a2e-8a43-4c1e-9a51-2f1f0d6c9b11',
  site: 'shop',
  survey: 'nps',
  touchpoint: 'web-shop',
  locale: 'en',
  createdAt: '2026-11-22T10:00:00.000Z',
  channel: 'web',
  url: 'https://shop.example/cart',
  referrer: '',
  trigger: 'cart-drop-off:idle',
  vars: { segment: 'gold' },
  cart: { items: [{ sku: 'a' }, { sku: 'b' }], value: 120 },
};

describe('response body', () => {
  it('keeps the same id for the partial and the complete response', () => {
    const partial = responseBody(meta, { nps: 3 }, false);
    const complete = responseBody(meta, { nps: 3, why: 'slow' }, true);
    expect(partial).toMatchObject({ id: meta.id, partial: true });
    expect(complete).toMatchObject({ id: meta.id, partial: false, answers: { nps: 3, why: 'slow' } });
  });

  it('carries the trigger signal and the cart as context variables', () => {
    expect(responseBody(meta, {}, true).context).toEqual({
      channel: 'web',
      url: 'https://shop.example/cart',
      referrer: undefined,
      trigger: 'cart-drop-off:idle',
      vars: { segment: 'gold', cartItems: 2, cartValue: 120 },
    });
  });
});

describe('context variables', () => {
  it('drops names and values the wire contract would reject', () => {
    expect(cleanVars({ 'bad name': 1, ok: 1, nested: { a: 1 }, nan: NaN, fn: () => 1, yes: true })).toEqual({
      ok: 1,
      yes: true,
    });
  });

  it('trims long strings and keeps at most 50 variables', () => {
    const many = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`v${i}`, 'x'.repeat(600)]));
    const out = cleanVars(many);
    expect(Object.keys(out)).toHaveLength(50);
    expect(out.v0).toHaveLength(500);
  });
});

describe('respondent', () => {
  it('keeps an id and a valid e-mail', () => {
    expect(respondent({ id: 42, email: 'ana@shop.example' })).toEqual({ id: '42', email: 'ana@shop.example' });
  });

  it('leaves out an e-mail the collector would reject, rather than lose the response', () => {
    expect(respondent({ email: 'not an email' })).toBeUndefined();
    expect(respondent({ id: 'u1', email: 'a..b@x.io' })).toEqual({ id: 'u1' });
  });
});
