import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog, SHOP_ORIGIN } from '../helpers/fixtures.js';

describe('CORS on public routes', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterAll(() => c.close());

  it("allows the site's own origin to read its config", async () => {
    const res = await c.app.inject({ url: '/v1/sites/shop/config', headers: { origin: SHOP_ORIGIN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);
  });

  it('refuses an unknown origin the config, without a CORS header', async () => {
    const res = await c.app.inject({ url: '/v1/sites/shop/config', headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('TP_ERR_ORIGIN_NOT_ALLOWED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('refuses and does not store a response posted from an unknown origin', async () => {
    const r = aResponse();
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: r,
      headers: { origin: 'https://evil.example' },
    });
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('TP_ERR_ORIGIN_NOT_ALLOWED');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const again = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: r,
      headers: { origin: SHOP_ORIGIN },
    });
    expect(again.json().results[0].status).toBe('created');
    expect(again.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);
  });

  it('accepts posts without an Origin header (servers, POS terminals)', async () => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: aResponse() });
    expect(res.statusCode).toBe(200);
  });

  it("accepts posts from the collector's own pages (kiosk, link)", async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: aResponse(),
      headers: { origin: 'http://collector.example:8787', host: 'collector.example:8787' },
    });
    expect(res.statusCode).toBe(200);
  });

  it('answers a preflight only for an origin some site allows', async () => {
    const preflight = (origin: string) =>
      c.app.inject({
        method: 'OPTIONS',
        url: '/v1/responses',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
      });
    const ok = await preflight(SHOP_ORIGIN);
    expect(ok.statusCode).toBe(204);
    expect(ok.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);
    const evil = await preflight('https://evil.example');
    expect(evil.headers['access-control-allow-origin']).toBeUndefined();
  });
});
