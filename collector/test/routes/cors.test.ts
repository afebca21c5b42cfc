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

  it('answers an allowed preflight with the methods, the requested headers and a max age', async () => {
    const res = await c.app.inject({
      method: 'OPTIONS',
      url: '/v1/sites/shop/config',
      headers: {
        origin: SHOP_ORIGIN,
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'content-type, x-custom',
      },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['content-length']).toBe('0');
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST');
    expect(res.headers['access-control-allow-headers']).toBe('content-type, x-custom');
    expect(res.headers['access-control-max-age']).toBe('86400');
    expect(res.headers.vary).toBe('Origin, Access-Control-Request-Headers');
  });

  it('refuses a preflight from an allowed origin that names no method', async () => {
    const res = await c.app.inject({ method: 'OPTIONS', url: '/v1/responses', headers: { origin: SHOP_ORIGIN } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toBe('Invalid Preflight Request');
    expect(res.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);
  });

  it('answers a preflight from a foreign origin, or without one, with a 404', async () => {
    for (const headers of [{ origin: 'https://evil.example' }, {}]) {
      const res = await c.app.inject({
        method: 'OPTIONS',
        url: '/v1/responses',
        headers: { ...headers, 'access-control-request-method': 'POST' },
      });
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('TP_ERR_NOT_FOUND');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect(res.headers.vary).toBe('Origin');
    }
  });

  it('varies every public answer by Origin, allowed or not', async () => {
    const ok = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: aResponse(),
      headers: { origin: SHOP_ORIGIN },
    });
    expect(ok.headers.vary).toBe('Origin');
    const refused = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: aResponse(),
      headers: { origin: 'https://evil.example' },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.headers.vary).toBe('Origin');
    const none = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: aResponse() });
    expect(none.headers.vary).toBe('Origin');
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows the origin on an error answer once every site in the body allows it', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: aResponse({ survey: 'no-such-survey' }),
      headers: { origin: SHOP_ORIGIN },
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['access-control-allow-origin']).toBe(SHOP_ORIGIN);
  });

  it('refuses the CORS header to a batch naming a site that does not allow the origin', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: { responses: [aResponse(), aResponse({ site: 'no-such-site' })] },
      headers: { origin: SHOP_ORIGIN },
    });
    expect(res.statusCode).toBe(404);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});
