import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { site } from '@touchpoint/shared';
import { loadConfig } from '../../src/config.js';
import { openStore, storeKind } from '../../src/store/open.js';
import { StoreUnavailableError } from '../../src/store/errors.js';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { describePostgres } from '../helpers/postgres.js';

describe('openStore', () => {
  it('tells a PostgreSQL URL from an SQLite file path', () => {
    expect(storeKind('postgres://tp@db.internal:5432/touchpoint')).toBe('postgres');
    expect(storeKind('postgresql://localhost/tp')).toBe('postgres');
    expect(storeKind('./data/touchpoint.db')).toBe('sqlite');
    expect(storeKind('/var/lib/postgres/touchpoint.db')).toBe('sqlite');
    expect(storeKind(':memory:')).toBe('sqlite');
  });

  it('opens an SQLite file path as a migrated SQLite store', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-open-'));
    const store = await openStore(loadConfig({ TOUCHPOINT_DB: join(dir, 'x.db'), TOUCHPOINT_WRITER: 'inline' }));
    try {
      expect(store).toBeInstanceOf(SqliteStore);
      expect(await store.createSite(site.parse({ key: 's', name: 'S' }))).toBe(true);
    } finally {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('answers StoreUnavailableError for a PostgreSQL URL whose server cannot be reached', async () => {
    // Port 1 (tcpmux) has no PostgreSQL behind it: the connection is refused at once.
    await expect(openStore(loadConfig({ TOUCHPOINT_DB: 'postgres://tp@127.0.0.1:1/tp' }))).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
  });
});

describePostgres('openStore on PostgreSQL', (db) => {
  it('opens a postgres:// URL as a migrated PostgreSQL store', async () => {
    const store = await openStore(loadConfig({ TOUCHPOINT_DB: db().url }));
    try {
      expect(store).toBeInstanceOf(PostgresStore);
      expect(await store.createSite(site.parse({ key: 's', name: 'S' }))).toBe(true);
      expect((await store.sites.get('s'))?.site.name).toBe('S');
    } finally {
      await store.close();
    }
  });
});
