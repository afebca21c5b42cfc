import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

describe('POST /v1/events', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const post = (payload: unknown) => c.app.inject({ method: 'POST', url: '/v1/events', payload: payload as object });
  const impression = () => ({
    type: 'impression',
    id: randomUUID(),
    site: 'shop',
    survey: 'nps',
    createdAt: new Date().toISOString(),
    trigger: 'exit-intent:desktop',
  });

  it('stores an impression once however often it is sent', async () => {
    const e = impression();
    expect((await post(e)).json().results[0].status).toBe('created');
    expect((await post({ events: [e, impression()] })).json().results.map((r: { status: string }) => r.status)).toEqual(
      ['duplicate', 'created'],
    );
    await c.app.close();
    const db = new Database(c.dbPath, { readonly: true });
    expect(db.prepare('SELECT count(*) AS n, min(touchpoint) AS tp FROM events').get()).toEqual({
      n: 2,
      tp: 'checkout',
    });
    db.close();
  });

  it("keeps each kiosk's newest heartbeat, even when an older one arrives late", async () => {
    const beat = (at: string, queued: number) => ({
      type: 'heartbeat',
      id: randomUUID(),
      site: 'shop',
      touchpoint: 'store-12',
      kiosk: 'tablet-1',
      queued,
      createdAt: at,
    });
    const newer = new Date(Date.now() - 60_000).toISOString();
    await post(beat(newer, 0));
    await post(beat(new Date(Date.now() - 3_600_000).toISOString(), 7));
    // Listed through the store: the kiosk health view is issue 4's.
    const kiosks = await c.app.store.listKiosks('shop');
    expect(kiosks).toEqual([expect.objectContaining({ kiosk: 'tablet-1', queued: 0, lastSeenAt: newer })]);
  });

  it('answers 400 naming the field of a bad event', async () => {
    const res = await post({ ...impression(), type: 'click' });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('body.type');
    const neg = await post({
      type: 'heartbeat',
      id: randomUUID(),
      site: 'shop',
      kiosk: 'k',
      queued: -1,
      createdAt: new Date().toISOString(),
    });
    expect(neg.json().details[0].path).toBe('body.queued');
  });

  it('refuses events of an unknown survey', async () => {
    const res = await post({ ...impression(), survey: 'nope' });
    expect(res.statusCode).toBe(422);
    expect(res.json().code).toBe('TP_ERR_UNKNOWN_SURVEY');
  });
});

describe('GET /v1/admin/sites/:site/kiosks', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  it('shows each kiosk with its queue, and as offline when it has been silent for minutes', async () => {
    const beat = (kiosk: string, at: number, queued: number) =>
      c.app.inject({
        method: 'POST',
        url: '/v1/events',
        payload: {
          type: 'heartbeat',
          id: randomUUID(),
          site: 'shop',
          touchpoint: 'store-12',
          kiosk,
          queued,
          createdAt: new Date(at).toISOString(),
        },
      });
    await beat('fresh', Date.now() - 30_000, 2);
    await beat('silent', Date.now() - 10 * 60_000, 0);
    const res = await c.app.inject({ url: '/v1/admin/sites/shop/kiosks', headers: admin() });
    expect(res.json()).toEqual([
      expect.objectContaining({ kiosk: 'fresh', queued: 2, online: true, touchpoint: 'store-12' }),
      expect.objectContaining({ kiosk: 'silent', online: false }),
    ]);
  });
});
