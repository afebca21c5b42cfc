import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

describe('admin kiosks: names', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const beat = () =>
    c.app.inject({
      method: 'POST',
      url: '/v1/events',
      payload: {
        type: 'heartbeat',
        id: randomUUID(),
        site: 'shop',
        touchpoint: 'store-12',
        kiosk: 'tablet-1',
        queued: 0,
        createdAt: new Date().toISOString(),
      },
    });
  const name = (kiosk: string, body: unknown) =>
    c.app.inject({
      method: 'PUT',
      url: `/v1/admin/sites/shop/kiosks/${kiosk}/name`,
      headers: admin(c.adminKey),
      payload: body as object,
    });
  const list = async () =>
    (await c.app.inject({ url: '/v1/admin/sites/shop/kiosks', headers: admin(c.adminKey) })).json() as {
      kiosk: string;
      name: string | null;
    }[];

  it('names a kiosk, lists it by that name, and keeps the name through later heartbeats', async () => {
    await beat();
    expect((await list())[0]).toMatchObject({ kiosk: 'tablet-1', name: null });
    const res = await name('tablet-1', { name: '  Store 12, by the door ' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ kiosk: 'tablet-1', name: 'Store 12, by the door' });
    await beat();
    expect((await list())[0]).toMatchObject({ kiosk: 'tablet-1', name: 'Store 12, by the door' });
    await name('tablet-1', { name: null });
    expect((await list())[0]?.name).toBeNull();
  });

  it('answers 404 for a kiosk never heard from and 400 naming the field for an empty name', async () => {
    expect((await name('nope', { name: 'x' })).statusCode).toBe(404);
    await beat();
    const empty = await name('tablet-1', { name: ' ' });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().details[0].path).toBe('body.name');
  });
});
