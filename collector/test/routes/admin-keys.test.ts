import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { testSite } from '../helpers/fixtures.js';

describe('admin API: keys limited to named sites (agencies)', () => {
  let c: TestCollector;
  let agency = '';
  beforeEach(async () => {
    c = await startCollector();
    for (const site of [testSite, { key: 'outlet', name: 'Outlet' }]) {
      expect((await call('POST', '/v1/admin/sites', site, c.adminKey)).statusCode).toBe(201);
    }
    const created = await call(
      'POST',
      '/v1/admin/keys',
      { name: 'Agency', kind: 'admin', sites: ['shop'] },
      c.adminKey,
    );
    expect(created.statusCode).toBe(201);
    expect(created.json().key.sites).toEqual(['shop']);
    agency = created.json().secret as string;
  });
  afterEach(() => c.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown, key = agency) =>
    c.app.inject({ method, url, headers: admin(key), ...(payload ? { payload: payload as object } : {}) });

  it('lists only its own sites, and works on them', async () => {
    expect((await call('GET', '/v1/admin/sites')).json().map((s: { key: string }) => s.key)).toEqual(['shop']);
    expect((await call('GET', '/v1/admin/sites', undefined, c.adminKey)).json()).toHaveLength(2);
    expect((await call('PATCH', '/v1/admin/sites/shop', { name: 'Shop by the agency' })).statusCode).toBe(200);
    const tp = await call('POST', '/v1/admin/sites/shop/touchpoints', { id: 'web', name: 'Web', kind: 'web' });
    expect(tp.statusCode).toBe(201);
  });

  it('answers 404 for another site and everything in it, as if it did not exist', async () => {
    for (const [method, url] of [
      ['GET', '/v1/admin/sites/outlet'],
      ['PATCH', '/v1/admin/sites/outlet'],
      ['DELETE', '/v1/admin/sites/outlet'],
      ['GET', '/v1/admin/sites/outlet/responses'],
      ['GET', '/v1/admin/sites/outlet/rules'],
      ['GET', '/v1/admin/sites/outlet/scores'],
    ] as const) {
      const res = await call(method, url, method === 'PATCH' ? { name: 'Taken over' } : undefined);
      expect(`${method} ${url} ${res.statusCode}`).toBe(`${method} ${url} 404`);
      expect(res.json().code).toBe('TP_ERR_NOT_FOUND');
    }
    expect((await call('GET', '/v1/admin/sites/outlet', undefined, c.adminKey)).json().name).toBe('Outlet');
  });

  it('answers 403 when it would create a site outside its list or manage keys', async () => {
    expect((await call('POST', '/v1/admin/sites', { key: 'brand-new', name: 'New' })).statusCode).toBe(403);
    expect((await call('GET', '/v1/admin/keys')).statusCode).toBe(403);
    const escalate = await call('POST', '/v1/admin/keys', { name: 'Everything', kind: 'admin' });
    expect(escalate.statusCode).toBe(403);
    expect(escalate.json().code).toBe('TP_ERR_FORBIDDEN');
  });

  it('lists an unlimited key with sites null', async () => {
    const keys = (await call('GET', '/v1/admin/keys', undefined, c.adminKey)).json() as {
      name: string;
      sites: unknown;
    }[];
    expect(keys.map((k) => [k.name, k.sites])).toEqual([
      ['Bootstrap admin key (TOUCHPOINT_ADMIN_KEY)', null],
      ['Agency', ['shop']],
    ]);
  });
});
