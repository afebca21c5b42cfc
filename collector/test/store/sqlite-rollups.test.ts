import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { bucketOf } from '../../src/scoring/calendar.js';
import { seedDemoCatalog, seedDemoResponses } from '../../src/seed/demo-data.js';
import { migrate } from '../../src/store/sqlite/migrate.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { installWeekTriggers, WeekHorizon, weekHorizon } from '../../src/store/sqlite/week-tier.js';
import { wholeWeeks } from '../../src/store/week-rollups.js';

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

/** Each week table of migration 032, its day table, and the key columns besides site and day. */
const WEEK_TABLES = [
  ['score_week_rollups', 'score_rollups', 'survey, touchpoint, channel, question, qtype, value'],
  ['var_level_week_rollups', 'var_rollups', 'variable, survey, question, qtype, level, value'],
  ['var_cell_week_rollups', 'var_rollups', 'variable, survey, touchpoint, channel, question, qtype, level'],
  ['var_pair_week_rollups', 'var_pair_rollups', 'survey, question, qtype, variable_a, level_a, variable_b, level_b'],
] as const;

it('keeps the week rollups (migration 032) equal to their day rollups summed by ISO week, built at upgrade and kept through writes, merges, a recount, a time-zone change and a deleted site', async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-rollups-'));
  const store = new SqliteStore({ file: join(dir, 'db.sqlite'), writer: 'inline' });
  await seedDemoCatalog(store);
  await seedDemoResponses(store, 300, { seed: 7, now: new Date('2026-11-20T00:00:00Z') });
  /**
   * The day table's days before the horizon summed by the Monday of each one's ISO week (computed here, not by
   * SQLite's date()).
   */
  const summed = (day: string, keys: string) => {
    const out = new Map<string, number>();
    const rows = store.db
      .prepare(`SELECT site, day, ${keys}, count FROM ${day} WHERE day < ?`)
      .raw()
      .all(weekHorizon(store.db)) as unknown[][];
    for (const [site, d, ...rest] of rows) {
      const count = rest.pop() as number;
      const key = JSON.stringify([site, bucketOf(d as string, 'week').start, ...rest]);
      out.set(key, (out.get(key) ?? 0) + count);
    }
    return [...out].filter(([, n]) => n !== 0).sort(([a], [b]) => (a < b ? -1 : 1));
  };
  const kept = (week: string, keys: string) =>
    (store.db.prepare(`SELECT site, week, ${keys}, count FROM ${week} WHERE count <> 0`).raw().all() as unknown[][])
      .map((r) => [JSON.stringify(r.slice(0, -1)), r.at(-1)] as [string, number])
      .sort(([a], [b]) => (a < b ? -1 : 1));
  const expectEqual = () => {
    for (const [week, day, keys] of WEEK_TABLES) expect(kept(week, keys), week).toEqual(summed(day, keys));
  };
  expect(summed('var_pair_rollups', WEEK_TABLES[3][2]).length).toBeGreaterThan(100);
  expectEqual();
  // Upgrading a database from before 032 builds the week rows from the day rows.
  for (const [week, day] of WEEK_TABLES) {
    store.db.exec(`DROP TABLE ${week}`);
    const triggers = store.db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? AND name LIKE '%week%'")
      .pluck()
      .all(day) as string[];
    for (const t of triggers) store.db.exec(`DROP TRIGGER ${t}`);
  }
  store.db.exec("DROP TABLE week_rollup_horizon; DELETE FROM schema_migrations WHERE version = '032_week_rollups.sql'");
  expect(migrate(store.db)).toEqual(['032_week_rollups.sql']);
  expectEqual();
  // More responses, partial ones completed (upserts, rows moved), the variable recount, a new time zone (every
  // day row recounted), the site deleted.
  await seedDemoResponses(store, 200, { seed: 8, now: new Date('2026-11-20T00:00:00Z') });
  expectEqual();
  // Live traffic: days from the horizon on have no week rows and writes there leave them be, until the writer
  // moves the horizon past their week and sums it.
  store.db.exec("UPDATE week_rollup_horizon SET monday = '2026-10-05'");
  installWeekTriggers(store.db);
  for (const [week] of WEEK_TABLES) store.db.exec(`DELETE FROM ${week} WHERE week >= '2026-10-05'`);
  await seedDemoResponses(store, 200, { seed: 11, now: new Date('2026-11-20T00:00:00Z') });
  expectEqual();
  const kept0 = kept(WEEK_TABLES[3][0], WEEK_TABLES[3][2]).length;
  const horizon = new WeekHorizon(store.db);
  expect(store.db.transaction(() => horizon.advance(Date.parse('2026-11-25T12:00:00Z')))()).toBe(7);
  expect(weekHorizon(store.db)).toBe('2026-11-23');
  // Not again within the next check.
  expect(store.db.transaction(() => horizon.advance(Date.parse('2026-11-25T12:05:00Z')))()).toBe(0);
  expect(kept(WEEK_TABLES[3][0], WEEK_TABLES[3][2]).length).toBeGreaterThan(kept0);
  expectEqual();
  // The triggers now keep the weeks the horizon passed.
  await seedDemoResponses(store, 100, { seed: 12, now: new Date('2026-11-20T00:00:00Z') });
  expectEqual();
  await store.rebuildVariableRollups('demo');
  expectEqual();
  const site = await store.getSite('demo');
  expect(await store.updateSite({ ...site!, settings: { ...site!.settings, timeZone: 'Pacific/Auckland' } })).toBe(
    true,
  );
  expectEqual();
  expect(await store.deleteSite('demo')).toBe(true);
  for (const [week] of WEEK_TABLES) expect(store.db.prepare(`SELECT count(*) FROM ${week}`).pluck().get()).toBe(0);
  await store.close();
});

it('reads a window from whole weeks and the days around them as from its days alone', async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-rollups-'));
  const store = new SqliteStore({ file: join(dir, 'db.sqlite'), writer: 'inline' });
  await seedDemoCatalog(store);
  await seedDemoResponses(store, 400, { seed: 9, now: new Date('2026-11-20T00:00:00Z') });
  // And some around the turn of the year.
  await seedDemoResponses(store, 200, { seed: 10, now: new Date('2026-01-20T00:00:00Z') });
  const byDays = store.db.prepare(
    `SELECT touchpoint AS key, value, sum(count) AS count FROM score_rollups WHERE site = 'demo' AND day >= ?
    AND day <= ? AND qtype = 'nps' GROUP BY 1, 2 HAVING sum(count) > 0 ORDER BY 1, 2`,
  );
  const perDay = store.db.prepare(
    `SELECT day, value, sum(count) AS count FROM score_rollups WHERE site = 'demo' AND day >= ? AND day <= ?
    AND qtype = 'nps' GROUP BY 1, 2 HAVING sum(count) > 0`,
  );
  const week = (rows: { key: string; value: number; count: number }[]) => {
    const out = new Map<string, number>();
    for (const r of rows) {
      const key = `${bucketOf(r.key, 'week').key} ${r.value}`;
      out.set(key, (out.get(key) ?? 0) + r.count);
    }
    return [...out].sort(([a], [b]) => (a < b ? -1 : 1));
  };
  const sorted = <T extends { key: string; value: number }>(rows: T[]) =>
    [...rows].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.value - b.value));
  // Windows inside one week, from a Monday, to a Sunday, across a year's end, whole weeks only, and 90 days.
  const windows = [
    ['2026-11-03', '2026-11-06'],
    ['2026-11-02', '2026-11-08'],
    ['2026-10-26', '2026-11-15'],
    ['2026-10-27', '2026-11-15'],
    ['2026-10-26', '2026-11-14'],
    ['2026-08-23', '2026-11-20'],
    ['2025-12-24', '2026-01-13'],
    ['2026-09-01', '2026-09-30'],
  ];
  let weeksRead = 0;
  const check = async () => {
    for (const [from, to] of windows) {
      const q = { from: from!, to: to!, qtype: 'nps' as const, questions: await npsQuestions(store) };
      expect(sorted(await store.scoreHistograms('demo', { ...q, groupBy: 'touchpoint' })), `${from}…${to}`).toEqual(
        byDays.all(from, to),
      );
      const weekRows = await store.scoreHistograms('demo', { ...q, groupBy: 'day', weeks: true });
      const dayRows = perDay.all(from, to) as { day: string; value: number; count: number }[];
      expect(week(weekRows), `${from}…${to} by week`).toEqual(week(dayRows.map((r) => ({ ...r, key: r.day }))));
      if (wholeWeeks(from!, to! < weekHorizon(store.db) ? to! : weekHorizon(store.db)) !== null) {
        weeksRead++;
        // Whole weeks come as one row per value, keyed by their Monday.
        expect(weekRows.length, `${from}…${to}`).toBeLessThan(dayRows.length);
      }
    }
  };
  await check();
  expect(weeksRead).toBe(7);
  // A horizon inside the windows: the weeks from it on have no week rows and are read by day.
  store.db.exec("UPDATE week_rollup_horizon SET monday = '2026-10-05'");
  installWeekTriggers(store.db);
  for (const table of [
    'score_week_rollups',
    'var_level_week_rollups',
    'var_cell_week_rollups',
    'var_pair_week_rollups',
  ])
    store.db.exec(`DELETE FROM ${table} WHERE week >= '2026-10-05'`);
  weeksRead = 0;
  await check();
  expect(weeksRead).toBe(3);
  await store.close();
});

/** Every NPS question of the demo's surveys, as a (survey, question) list. */
async function npsQuestions(store: SqliteStore) {
  const surveys = await store.listSurveys('demo');
  return surveys.flatMap((s) =>
    s.questions.filter((q) => q.type === 'nps').map((q) => ({ survey: s.id, question: q.id })),
  );
}

it('undoes a horizon move that fails, whole, and lets the commit around it go on', async () => {
  dir = mkdtempSync(join(tmpdir(), 'touchpoint-rollups-'));
  const store = new SqliteStore({ file: join(dir, 'db.sqlite'), writer: 'inline' });
  await seedDemoCatalog(store);
  await seedDemoResponses(store, 100, { seed: 13, now: new Date('2026-11-20T00:00:00Z') });
  store.db.exec("UPDATE week_rollup_horizon SET monday = '2026-10-05'");
  for (const [week] of WEEK_TABLES) store.db.exec(`DELETE FROM ${week} WHERE week >= '2026-10-05'`);
  installWeekTriggers(store.db);
  const horizon = new WeekHorizon(store.db);
  // The last of the move's sums fails (its table is gone), after the score weeks were summed.
  store.db.exec('DROP TRIGGER var_pair_rollups_week_insert; DROP TRIGGER var_pair_rollups_week_update');
  store.db.exec('DROP TRIGGER var_pair_rollups_week_delete; DROP TABLE var_pair_week_rollups');
  const moved = store.db.transaction(() => {
    store.db.prepare("INSERT INTO health_probe (id, at) VALUES (1, 'x') ON CONFLICT DO NOTHING").run();
    return horizon.advance(Date.parse('2026-11-25T12:00:00Z'));
  })();
  expect(moved).toBe(0);
  expect(weekHorizon(store.db)).toBe('2026-10-05');
  const weeks = store.db.prepare("SELECT count(*) FROM score_week_rollups WHERE week >= '2026-10-05'");
  expect(weeks.pluck().get()).toBe(0);
  expect(store.db.prepare('SELECT count(*) FROM health_probe').pluck().get()).toBe(1);
  await store.close();
});
