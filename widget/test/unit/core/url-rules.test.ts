import { describe, expect, it } from 'vitest';
import { matchRule, urlAllowed } from '../../../src/core/url-rules';

const URL_ = 'https://shop.example/checkout/pay?step=2';

describe('URL rules', () => {
  it('matches exact against the full URL or its path', () => {
    expect(matchRule(URL_, { match: 'exact', value: URL_ })).toBe(true);
    expect(matchRule(URL_, { match: 'exact', value: '/checkout/pay' })).toBe(true);
    expect(matchRule(URL_, { match: 'exact', value: '/checkout/pay?step=2' })).toBe(true);
    expect(matchRule(URL_, { match: 'exact', value: '/checkout' })).toBe(false);
  });

  it('matches contains anywhere in the URL', () => {
    expect(matchRule(URL_, { match: 'contains', value: '/checkout' })).toBe(true);
    expect(matchRule(URL_, { match: 'contains', value: '/cart' })).toBe(false);
  });

  it('matches a regular expression', () => {
    expect(matchRule(URL_, { match: 'regex', value: 'checkout/(pay|review)' })).toBe(true);
    expect(matchRule(URL_, { match: 'regex', value: '^https://other' })).toBe(false);
  });

  it('treats an invalid regular expression as no match instead of throwing', () => {
    expect(matchRule(URL_, { match: 'regex', value: '(' })).toBe(false);
  });

  it('allows every page when no include rule is set', () => {
    expect(urlAllowed(URL_, { include: [], exclude: [] })).toBe(true);
  });

  it('needs one include rule to match and no exclude rule', () => {
    const include = [{ match: 'contains' as const, value: '/checkout' }];
    expect(urlAllowed(URL_, { include, exclude: [] })).toBe(true);
    expect(urlAllowed('https://shop.example/', { include, exclude: [] })).toBe(false);
    expect(urlAllowed(URL_, { include, exclude: [{ match: 'contains', value: 'step=2' }] })).toBe(false);
  });
});
