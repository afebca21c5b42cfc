import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

describe('smoke', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  it('stores a response and lists it', async () => {
    const r = aResponse();
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: r });
    expect(res.json()).toEqual({ results: [{ id: r.id, status: 'created' }] });
    const list = await c.app.inject({ url: '/v1/admin/sites/shop/responses', headers: admin() });
    expect(list.json().items).toHaveLength(1);
    console.log(list.json().items[0]);
    const bad = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses: [r, { ...r, answers: { nps: 11 } }] } });
    console.log(bad.statusCode, bad.body);
    const bad2 = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { ...r, createdAt: 'x' } });
    console.log(bad2.statusCode, bad2.body);
  });
});
