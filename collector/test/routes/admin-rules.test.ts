import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultRules } from '../../src/closed-loop/default-rules.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { testSite } from '../helpers/fixtures.js';

describe('admin API: a site’s default rules', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
  });
  afterEach(() => c.close());

  const call = (method: 'GET' | 'POST' | 'DELETE', url: string, payload?: unknown, key = c.adminKey) =>
    c.app.inject({ method, url, headers: admin(key), ...(payload ? { payload: payload as object } : {}) });

  /** Everything the rules routes could write, read through a connection of its own. */
  const ruleTables = () => {
    const db = new Database(c.dbPath, { readonly: true });
    try {
      return {
        rules: db.prepare('SELECT * FROM rules ORDER BY site, id').all(),
        defaults: db.prepare('SELECT * FROM rule_defaults ORDER BY site').all(),
      };
    } finally {
      db.close();
    }
  };

  it('gives a new site its default rules when it is created', async () => {
    expect((await call('POST', '/v1/admin/sites', testSite)).statusCode).toBe(201);
    expect(ruleTables().rules).toHaveLength(defaultRules().length);
    expect((await call('GET', '/v1/admin/sites/shop/rules')).json()).toEqual(defaultRules());
  });

  it('leaves the database unchanged when a read-only key lists rules, even of a site without rules', async () => {
    await call('POST', '/v1/admin/sites', testSite);
    const read = (await call('POST', '/v1/admin/keys', { name: 'Analyst', kind: 'read' })).json().secret as string;
    await call('GET', '/v1/admin/me', undefined, read); // records the key's first use, which is not the point here
    const before = ruleTables();
    expect((await call('GET', '/v1/admin/sites/shop/rules', undefined, read)).statusCode).toBe(200);
    expect((await call('GET', '/v1/admin/sites/shop/rules/thank-you', undefined, read)).statusCode).toBe(200);
    expect(ruleTables()).toEqual(before);

    for (const r of defaultRules()) await call('DELETE', `/v1/admin/sites/shop/rules/${r.id}`);
    const empty = ruleTables();
    expect(empty.rules).toEqual([]);
    expect((await call('GET', '/v1/admin/sites/shop/rules', undefined, read)).json()).toEqual([]);
    expect(ruleTables()).toEqual(empty);
  });
});
