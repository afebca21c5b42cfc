import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from './helpers/collector.js';
import { aResponse, seedCatalog } from './helpers/fixtures.js';

describe('security headers', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector({ listen: true });
    await seedCatalog(c);
  });
  afterAll(() => c.close());

  const requests: [string, RequestInit?][] = [
    ['/healthz'],
    ['/v1/sites/shop/nothing'],
    ['/v1/nothing'],
    ['/widget/nope.js'],
    ['/v1/responses', { method: 'POST', body: JSON.stringify(aResponse()), headers: { 'content-type': 'text/plain' } }],
    ['/v1/responses', { method: 'POST', body: '{', headers: { 'content-type': 'text/plain' } }],
    ['/v1/admin/sites'],
    ['/docs/json'],
  ];
  for (const [path, init] of requests) {
    it(`sends nosniff and a referrer policy on ${init?.method ?? 'GET'} ${path}`, async () => {
      const res = await fetch(c.url + path, init);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    });
  }

  // A Referrer-Policy header only governs a document or worker made from the response; on the script
  // and JSON every page view downloads it is bytes on the wire and nothing else.
  for (const path of ['/v1/sites/shop/config?fields=rules', '/v1/sites/shop/surveys/nps']) {
    it(`sends nosniff but no referrer policy on GET ${path}, which the widget fetches on page views`, async () => {
      const res = await fetch(c.url + path);
      expect(res.status).toBe(200);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBeNull();
    });
  }

  // That /docs renders under this policy in Chromium is tested with the rest of /docs in e2e/api-docs.test.ts.
  it('puts a Content-Security-Policy on /docs and none on the API', async () => {
    const docs = await fetch(`${c.url}/docs/static/index.html`);
    expect(docs.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
    const api = await fetch(`${c.url}/v1/sites/shop/config`);
    expect(api.headers.get('content-security-policy')).toBeNull();
  });
});
