import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, ADMIN_KEY, startCollector, type TestCollector } from '../helpers/collector.js';
import { testSite } from '../helpers/fixtures.js';

describe('admin API authentication', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
  });
  afterEach(() => c.close());

  const createKey = async (kind: 'admin' | 'read') => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/keys',
      headers: admin(),
      payload: { name: `${kind} key`, kind },
    });
    expect(res.statusCode).toBe(201);
    return res.json().secret as string;
  };

  it('answers 401 without a key', async () => {
    const res = await c.app.inject({ url: '/v1/admin/sites' });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('TP_ERR_UNAUTHORIZED');
  });

  it('answers 401 to a wrong key', async () => {
    const res = await c.app.inject({ url: '/v1/admin/sites', headers: admin('wrong-key-wrong-key') });
    expect(res.statusCode).toBe(401);
  });

  it('lets a read-only key read but answers 403 to its writes', async () => {
    const read = await createKey('read');
    expect((await c.app.inject({ url: '/v1/admin/sites', headers: admin(read) })).statusCode).toBe(200);
    const write = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites',
      headers: admin(read),
      payload: testSite,
    });
    expect(write.statusCode).toBe(403);
    expect(write.json().code).toBe('TP_ERR_FORBIDDEN');
    expect((await c.app.inject({ url: '/v1/admin/sites', headers: admin() })).json()).toEqual([]);
  });

  it('tells a key its own name and kind, and lists the keys to admin keys only', async () => {
    const read = await createKey('read');
    expect((await c.app.inject({ url: '/v1/admin/me', headers: admin(read) })).json()).toMatchObject({
      name: 'read key',
      kind: 'read',
    });
    const list = await c.app.inject({ url: '/v1/admin/keys', headers: admin(read) });
    expect(list.statusCode).toBe(403);
    expect(list.json().code).toBe('TP_ERR_FORBIDDEN');
    expect((await c.app.inject({ url: '/v1/admin/me', headers: admin() })).json().kind).toBe('admin');
  });

  it('lets a created admin key write, and a revoked key nothing', async () => {
    const key = await createKey('admin');
    expect(
      (await c.app.inject({ method: 'POST', url: '/v1/admin/sites', headers: admin(key), payload: testSite }))
        .statusCode,
    ).toBe(201);
    const list = (await c.app.inject({ url: '/v1/admin/keys', headers: admin() })).json();
    const created = list.find((k: { name: string }) => k.name === 'admin key');
    expect(created).toMatchObject({ kind: 'admin', prefix: key.slice(0, 12) });
    expect(JSON.stringify(list)).not.toContain(key);
    await c.app.inject({ method: 'DELETE', url: `/v1/admin/keys/${created.id}`, headers: admin() });
    expect((await c.app.inject({ url: '/v1/admin/sites', headers: admin(key) })).statusCode).toBe(401);
  });

  it('stores keys only as hashes', async () => {
    const key = await createKey('read');
    await c.app.close();
    const db = new Database(c.dbPath, { readonly: true });
    const rows = db.prepare('SELECT * FROM api_keys').all();
    db.close();
    expect(rows.length).toBe(2);
    const dump = JSON.stringify(rows) + readFileSync(c.dbPath, 'latin1');
    expect(dump).not.toContain(key);
    expect(dump).not.toContain(ADMIN_KEY);
  });
});
