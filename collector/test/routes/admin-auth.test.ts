import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
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
    expect(created).toMatchObject({ kind: 'admin', prefix: key.slice('tp_admin_'.length, 'tp_admin_'.length + 8) });
    expect(list.map((k: { prefix: string }) => k.prefix.length <= 8)).toEqual(list.map(() => true));
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

  describe('brute force', () => {
    /** Failed authentications a client may make in a minute (AUTH_FAILURES_PER_MINUTE). */
    const ALLOWED = 20;
    const attacker = '203.0.113.7';
    const from = (remoteAddress: string, key: string) =>
      c.app.inject({ url: '/v1/admin/sites', headers: admin(key), remoteAddress });
    afterEach(() => vi.useRealTimers());

    it('answers 429 with Retry-After after 20 failed authentications a minute, even to the right key', async () => {
      for (let i = 0; i < ALLOWED; i++) expect((await from(attacker, `wrong-guess-${i}`)).statusCode).toBe(401);
      const blocked = await from(attacker, 'wrong-guess-next');
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json().code).toBe('TP_ERR_RATE_LIMITED');
      const retryAfter = Number(blocked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(0);
      expect(retryAfter).toBeLessThanOrEqual(60);
      // The limiter answers before the key is looked at: a right guess now gets the same 429.
      expect((await from(attacker, ADMIN_KEY)).statusCode).toBe(429);
      expect((await from('198.51.100.2', ADMIN_KEY)).statusCode).toBe(200);
    });

    it('counts a request without a key as a failure, and lets the client try again after the minute', async () => {
      vi.useFakeTimers({ toFake: ['Date'] });
      for (let i = 0; i < ALLOWED; i++) {
        expect((await c.app.inject({ url: '/v1/admin/sites', remoteAddress: attacker })).statusCode).toBe(401);
      }
      expect((await from(attacker, ADMIN_KEY)).statusCode).toBe(429);
      vi.setSystemTime(Date.now() + 61_000);
      expect((await from(attacker, ADMIN_KEY)).statusCode).toBe(200);
    });

    it('does not count successful authentications', async () => {
      for (let i = 0; i < ALLOWED * 2; i++) expect((await from(attacker, ADMIN_KEY)).statusCode).toBe(200);
      expect((await from(attacker, 'wrong-guess')).statusCode).toBe(401);
    });
  });
});
