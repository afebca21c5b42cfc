import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';
import { decodeQr } from '../helpers/qr.js';
import { qrSvg } from '../../src/routes/pages/qr.js';

/** The link every QR code, poster and admin QR reply below should carry, on a given origin. */
const link = (origin: string) => `${origin}/s/nps?tp=checkout`;

describe('QR codes, posters and links: the origin they point at', () => {
  let c: TestCollector;
  afterEach(() => c?.close());
  const start = async (env: Record<string, string> = {}) => {
    c = await startCollector({ env });
    await seedCatalog(c);
  };
  /** The public QR PNG, the poster and the admin QR, all asked for with the given headers. */
  const outputs = async (headers: Record<string, string>) => {
    const qr = await c.app.inject({ url: '/qr/checkout.png?survey=nps', headers });
    const poster = await c.app.inject({ url: '/p/checkout?survey=nps', headers });
    const adminQr = await c.app.inject({
      url: '/v1/admin/sites/shop/touchpoints/checkout/qr.svg?survey=nps',
      headers: { ...headers, ...admin() },
    });
    return { qr, poster, adminQr, decoded: decodeQr(qr.rawPayload), adminLink: adminQr.headers['x-touchpoint-link'] };
  };

  it('never puts a Host header it does not listen on into a QR code, poster or link', async () => {
    await start();
    const { qr, poster, adminQr, decoded, adminLink } = await outputs({ host: 'evil.example' });
    expect(decoded).toBe(link('http://127.0.0.1:8787'));
    expect(adminLink).toBe(link('http://127.0.0.1:8787'));
    for (const res of [qr, poster, adminQr]) {
      expect(res.statusCode).toBe(200);
      expect(res.body).not.toContain('evil.example');
      expect(res.headers['cache-control'] ?? '').not.toContain('public');
    }
    expect(poster.body).toContain(link('http://127.0.0.1:8787'));
  });

  it('ignores X-Forwarded-Host from a trusted proxy too', async () => {
    await start({ TOUCHPOINT_TRUST_PROXY: '127.0.0.1' });
    const { decoded, poster } = await outputs({ host: 'localhost:8787', 'x-forwarded-host': 'evil.example' });
    expect(decoded).toBe(link('http://127.0.0.1:8787'));
    expect(poster.body).not.toContain('evil.example');
  });

  it('keeps a loopback Host, privately cached', async () => {
    await start();
    const { qr, decoded } = await outputs({ host: 'localhost:5173' });
    expect(decoded).toBe(link('http://localhost:5173'));
    expect(qr.headers['cache-control']).toBe('private, no-cache');
  });

  it("on every interface, keeps a Host naming one of this machine's addresses at the listen port, else uses localhost", async () => {
    await start({ HOST: '0.0.0.0' });
    const own = Object.values(networkInterfaces())
      .flat()
      .find((i) => i?.family === 'IPv4' && !i.internal)?.address;
    expect((await outputs({ host: 'evil.example' })).decoded).toBe(link('http://localhost:8787'));
    if (own) {
      expect((await outputs({ host: `${own}:8787` })).decoded).toBe(link(`http://${own}:8787`));
      expect((await outputs({ host: `${own}:9999` })).decoded).toBe(link('http://localhost:8787'));
    }
  });

  it('tells the dashboard whether TOUCHPOINT_PUBLIC_URL is set, and the origin links use', async () => {
    await start();
    const bare = await c.app.inject({ url: '/v1/admin/links', headers: admin(c.adminKey) });
    expect(bare.json()).toEqual({ origin: 'http://localhost:80', publicUrl: null });
    await c.close();
    await start({ TOUCHPOINT_PUBLIC_URL: 'https://cx.shop.example/' });
    const set = await c.app.inject({ url: '/v1/admin/links', headers: admin(c.adminKey) });
    expect(set.json()).toEqual({ origin: 'https://cx.shop.example', publicUrl: 'https://cx.shop.example/' });
  });

  it('uses TOUCHPOINT_PUBLIC_URL whatever the Host, and lets shared caches keep the QR code', async () => {
    await start({ TOUCHPOINT_PUBLIC_URL: 'https://cx.shop.example/' });
    const { qr, poster, decoded, adminLink } = await outputs({ host: 'evil.example' });
    expect(decoded).toBe(link('https://cx.shop.example'));
    expect(adminLink).toBe(link('https://cx.shop.example'));
    expect(poster.body).toContain(link('https://cx.shop.example'));
    expect(qr.headers['cache-control']).toBe('public, max-age=3600');
  });

  it("draws the kiosk thank-you's QR code of the survey's own link only: its https link or the site's /y/ page", async () => {
    await start();
    const qr = () => c.app.inject({ url: '/k/thanks-qr.svg?survey=nps', headers: { host: 'evil.example' } });
    const patch = (thankYouLink: unknown) =>
      c.app.inject({
        method: 'PATCH',
        url: '/v1/admin/sites/shop/surveys/nps',
        headers: admin(c.adminKey),
        payload: { thankYouLink },
      });
    // no link: nothing to draw
    expect((await qr()).statusCode).toBe(404);
    expect(
      (await patch({ kind: 'url', label: { en: 'Review us' }, url: 'https://reviews.example/shop' })).statusCode,
    ).toBe(200);
    const review = await qr();
    expect(review.statusCode).toBe(200);
    expect(review.headers['content-type']).toContain('image/svg+xml');
    expect(review.body).toBe(await qrSvg('https://reviews.example/shop'));
    expect((await patch({ kind: 'improvements' })).statusCode).toBe(200);
    const own = await qr();
    // the site's page on the collector's own origin, never the Host header's
    expect(own.body).toBe(await qrSvg('http://127.0.0.1:8787/y/shop/checkout'));
    expect(own.headers['cache-control']).toBe('private, no-cache');
    // an unknown survey, or a bad name: 404 and 400 naming the field
    expect((await c.app.inject({ url: '/k/thanks-qr.svg?survey=nope' })).statusCode).toBe(404);
    const bad = await c.app.inject({ url: '/k/thanks-qr.svg?survey=..%2Fx' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('survey');
  });
});
