import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { seedDemoCatalog, seedDemoResponses } from '../../src/seed/demo-data.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';

let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

it('backfills rollups for a database that holds responses from before the rollups', async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-rollups-'));
  const store = new SqliteStore({ file: join(dir, 'db.sqlite'), writer: 'inline' });
  await seedDemoCatalog(store);
  await seedDemoResponses(store, 600, { seed: 3, now: new Date('2026-11-20T00:00:00Z') });
  const snapshot = () => ({
    scores: store.db.prepare('SELECT * FROM score_rollups WHERE count <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 8').all(),
    counts: store.db.prepare('SELECT * FROM response_counts ORDER BY 1, 2, 3, 4, 5, 6').all(),
  });
  const kept = snapshot();
  expect(kept.scores.length).toBeGreaterThan(100);
  // Wind the database back to before migration 002 and migrate again.
  store.db.exec(`DROP TABLE score_rollups; DROP TABLE response_counts;
    DELETE FROM schema_migrations WHERE version = '002_rollups.sql'`);
  expect(migrate(store.db)).toEqual(['002_rollups.sql']);
  expect(snapshot()).toEqual(kept);
  await store.close();
});
