import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

describe('admin API: a touchpoint’s journey stage', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const send = (method: 'GET' | 'PATCH' | 'POST', url: string, payload?: object) =>
    c.app.inject({ method, url, headers: admin(c.adminKey), ...(payload ? { payload } : {}) });

  it('sets the stage with a PATCH that leaves the other fields as they were, and clears it with null', async () => {
    const set = await send('PATCH', '/v1/admin/sites/shop/touchpoints/checkout', { stage: 'buy' });
    expect(set.statusCode, set.body).toBe(200);
    const got = (await send('GET', '/v1/admin/sites/shop/touchpoints/checkout')).json();
    expect(got).toMatchObject({ id: 'checkout', name: 'Checkout page', kind: 'web', stage: 'buy' });

    const renamed = await send('PATCH', '/v1/admin/sites/shop/touchpoints/checkout', { name: 'Checkout' });
    expect(renamed.json()).toMatchObject({ name: 'Checkout', stage: 'buy' });

    await send('PATCH', '/v1/admin/sites/shop/touchpoints/checkout', { stage: null });
    expect((await send('GET', '/v1/admin/sites/shop/touchpoints/checkout')).json().stage).toBeUndefined();
  });

  it('creates a touchpoint with a stage, and names the field of a bad one in a 400', async () => {
    const made = await send('POST', '/v1/admin/sites/shop/touchpoints', {
      id: 'help-desk',
      name: 'Help desk',
      kind: 'store',
      stage: 'get-help',
    });
    expect(made.statusCode, made.body).toBe(201);
    const list = (await send('GET', '/v1/admin/sites/shop/touchpoints')).json();
    const rows = Array.isArray(list) ? list : (list.touchpoints ?? list.items);
    expect(rows.find((t: { id: string }) => t.id === 'help-desk')).toMatchObject({ stage: 'get-help' });
    const bad = await send('PATCH', '/v1/admin/sites/shop/touchpoints/checkout', { stage: 'Get Help!' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('stage');
  });
});
