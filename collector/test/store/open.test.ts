import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { site } from '@touchpoint/shared';
import { loadConfig } from '../../src/config.js';
import { openStore, storeKind } from '../../src/store/open.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

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

  // Until the PostgreSQL store is merged in (store/postgres), a postgres:// URL fails at boot, clearly.
  it('refuses a PostgreSQL URL clearly when the PostgreSQL store is not built in', async () => {
    await expect(openStore(loadConfig({ TOUCHPOINT_DB: 'postgres://localhost/tp' }))).rejects.toThrow(
      /PostgreSQL store is not built into this version/,
    );
  });
});
