import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { site } from '@touchpoint/shared';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-upgrade-'));
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('reads a site saved before a setting existed with that setting at its default (regression: 500 on GET site)', async () => {
  const store = new SqliteStore({ file: join(dir, 'old.db'), writer: 'inline' });
  await store.createSite(site.parse({ key: 'old', name: 'Old' }));
  store.db.prepare(`UPDATE sites SET settings = '{"cooldownHours":12}' WHERE key = 'old'`).run();
  expect((await store.getSite('old'))?.settings).toEqual({ cooldownHours: 12, followUpSlaHours: 48 });
  await store.close();
});
