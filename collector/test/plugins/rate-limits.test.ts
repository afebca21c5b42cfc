import { afterEach, describe, expect, it, vi } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

describe('rate limits count items, not requests', () => {
  let c: TestCollector;
  afterEach(async () => {
    vi.useRealTimers();
    await c?.close();
  });

  /** A collector with every limit at its default, unless `env` says otherwise. */
  async function start(env: Record<string, string> = {}): Promise<void> {
    c = await startCollector({ env: { TOUCHPOINT_RATE_LIMIT: '600', ...env } });
    await seedCatalog(c);
    // One instant from here on: allowances are counted in fixed minutes from the epoch, and a test that ran
    // across a minute's end would see its allowance start over (CI saw 200 where 429 was due).
    vi.useFakeTimers({ toFake: ['Date'] });
  }
  const post = (url: string, payload: object) => c.app.inject({ method: 'POST', url, payload });
  const stored = async () =>
    (await c.app.inject({ url: '/v1/admin/sites/shop/responses?limit=500', headers: admin() })).json().items.length;
  const detractors = (n: number) => Array.from({ length: n }, () => aResponse({ answers: { nps: 0 } }));

  it('refuses one request with 100 detractors with 429 and Retry-After, and stores none of them', async () => {
    await start();
    const res = await post('/v1/responses', { responses: detractors(100) });
    expect(res.statusCode).toBe(429);
    expect(res.json().code).toBe('TP_ERR_RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json().message).toContain('nothing was stored');
    expect(await stored()).toBe(0);
    const cases = await c.app.inject({ url: '/v1/admin/sites/shop/cases', headers: admin() });
    expect(cases.json()).toEqual([]);
  });

  it("counts every response of a batch against the client's allowance", async () => {
    await start({ TOUCHPOINT_RESPONSE_LIMIT: '10' });
    expect((await post('/v1/responses', { responses: detractors(8) })).statusCode).toBe(200);
    expect((await post('/v1/responses', { responses: detractors(3) })).statusCode).toBe(429);
    expect((await post('/v1/responses', { responses: detractors(2) })).statusCode).toBe(200);
    expect((await post('/v1/responses', aResponse())).statusCode).toBe(429);
    expect(await stored()).toBe(10);
  });

  it('counts every event of a batch too', async () => {
    await start({ TOUCHPOINT_EVENT_LIMIT: '5' });
    const impression = () => ({
      id: crypto.randomUUID(),
      site: 'shop',
      type: 'impression',
      survey: 'nps',
      createdAt: new Date().toISOString(),
    });
    const six = Array.from({ length: 6 }, impression);
    expect((await post('/v1/events', { events: six })).statusCode).toBe(429);
    expect((await post('/v1/events', { events: six.slice(0, 5) })).statusCode).toBe(200);
  });

  it("lets a kiosk sync a day's offline queue, on its own allowance per kiosk and touchpoint", async () => {
    await start({ TOUCHPOINT_RESPONSE_LIMIT: '5' });
    const dayAgo = Date.now() - 86_400_000;
    const queue = Array.from({ length: 600 }, (_, i) =>
      aResponse({
        touchpoint: 'store-12',
        createdAt: new Date(dayAgo + i * 60_000).toISOString(),
        context: { channel: 'kiosk', kiosk: 'tablet-1', durationMs: 5000, vars: {} },
      }),
    );
    for (let i = 0; i < queue.length; i += 50) {
      expect((await post('/v1/responses', { responses: queue.slice(i, i + 50) })).statusCode).toBe(200);
    }
    expect(await stored()).toBe(500); // the page's limit: all 600 are there
    // The web allowance of the same client is untouched by the kiosk's.
    expect((await post('/v1/responses', { responses: detractors(5) })).statusCode).toBe(200);
  });

  it('serves site configs past the request limit that still holds for posts', async () => {
    await start({ TOUCHPOINT_RATE_LIMIT: '8', TOUCHPOINT_RESPONSE_LIMIT: '0' }); // seeding takes 4 requests
    const configs: number[] = [];
    for (let i = 0; i < 20; i++) configs.push((await c.app.inject({ url: '/v1/sites/shop/config' })).statusCode);
    expect(new Set(configs)).toEqual(new Set([200]));
    // a site's loader carries its rules: counted like the config, not the posts' allowance
    const loaders: number[] = [];
    for (let i = 0; i < 20; i++) loaders.push((await c.app.inject({ url: '/widget.js?site=shop' })).statusCode);
    expect(loaders.filter((s) => s === 429)).toEqual([]);
    const posts: number[] = [];
    for (let i = 0; i < 6; i++) posts.push((await post('/v1/responses', aResponse())).statusCode);
    expect(posts).toEqual([200, 200, 200, 200, 429, 429]);
  });
});
