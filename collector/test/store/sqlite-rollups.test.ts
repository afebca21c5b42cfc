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

it('keeps var_level_rollups (migration 024) equal to var_rollups summed over touchpoint and channel, built at upgrade and kept through writes, a recount and a deleted site', async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-rollups-'));
  const store = new SqliteStore({ file: join(dir, 'db.sqlite'), writer: 'inline' });
  await seedDemoCatalog(store);
  await seedDemoResponses(store, 400, { seed: 5, now: new Date('2026-11-20T00:00:00Z') });
  const summed = () =>
    store.db
      .prepare(
        `SELECT site, variable, day, survey, question, qtype, level, value, sum(count) AS count FROM var_rollups
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
      )
      .all();
  const kept = () =>
    store.db.prepare('SELECT * FROM var_level_rollups WHERE count <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8').all();
  expect(summed().length).toBeGreaterThan(100);
  expect(kept()).toEqual(summed());
  // Upgrading a database from before 024 builds the rows from var_rollups.
  store.db.exec(
    `DROP TABLE var_level_rollups; DROP TRIGGER var_rollups_level_insert;
    DROP TRIGGER var_rollups_level_count; DROP TRIGGER var_rollups_level_moved; DROP TRIGGER var_rollups_level_delete;
    DELETE FROM schema_migrations WHERE version = '024_var_level_rollups.sql'`,
  );
  expect(migrate(store.db)).toEqual(['024_var_level_rollups.sql']);
  expect(kept()).toEqual(summed());
  // More responses (upserts onto existing rows), then the recount (every var_rollups row deleted and rewritten).
  await seedDemoResponses(store, 200, { seed: 6, now: new Date('2026-11-20T00:00:00Z') });
  expect(kept()).toEqual(summed());
  await store.rebuildVariableRollups('demo');
  expect(kept()).toEqual(summed());
  expect(await store.deleteSite('demo')).toBe(true);
  expect(store.db.prepare('SELECT count(*) FROM var_level_rollups').pluck().get()).toBe(0);
  await store.close();
});
