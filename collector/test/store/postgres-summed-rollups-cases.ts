import type pg from 'pg';
import { expect, it } from 'vitest';
import { site, survey, touchpoint, type Channel } from '@touchpoint/shared';
import type { Dice } from '../../src/seed/random.js';
import { migrate } from '../../src/store/postgres/migrate.js';
import { openPool } from '../../src/store/postgres/db.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { ResponseRecord } from '../../src/store/store.js';
import type { TwoCollectors } from '../helpers/two-collectors.js';

/** The level cap of the test site: small, so that a numeric variable is binned and a text one goes scan only. */
export const LEVEL_CAP = 8;
export const CHANNELS: Channel[] = ['web', 'kiosk', 'qr'];
export const DAYS = ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03'];
export const QUERY = {
  from: '2026-10-31',
  to: '2026-11-03',
  qtype: 'nps' as const,
  questions: [
    { survey: 'a', question: 'nps' },
    { survey: 'b', question: 'nps' },
  ],
};

/**
 * Seeds site `s` (level cap LEVEL_CAP) with touchpoints tp, tp2 and tp3, survey a of an NPS question and
 * `alsoInA`, survey b of an NPS question.
 */
export async function rollupSite(a: PostgresStore, alsoInA: object[] = []): Promise<void> {
  await a.createSite(site.parse({ key: 's', name: 'S', settings: { rollupLevelCap: LEVEL_CAP } }));
  for (const id of ['tp', 'tp2', 'tp3'])
    await a.createTouchpoint('s', touchpoint.parse({ id, name: id, kind: 'store' }));
  const nps = { id: 'nps', type: 'nps', text: { en: 'NPS' } };
  await a.createSurvey('s', survey.parse({ id: 'a', name: 'A', questions: [nps, ...alsoInA] }));
  await a.createSurvey('s', survey.parse({ id: 'b', name: 'B', questions: [nps] }));
}

/**
 * What every generated response draws after its survey, touchpoint, channel and answers: when and how it came and
 * from whom (spread where the makers had these fields, so that the dice are drawn in the same order).
 */
export const generatedVisit = (dice: Dice) => ({
  createdAt: `${dice.pick(DAYS)}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:30:00.000Z`,
  receivedAt: '2026-11-04T00:00:00.000Z',
  partial: dice.chance(0.2),
  durationMs: dice.chance(0.1) ? 1 : null,
  trigger: dice.pick([null, 'exit-intent']),
  device: dice.pick([null, 'mobile', 'desktop']),
  respondentId: dice.chance(0.05) ? 'erase-me' : null,
});

/** The variables every generated response draws after segment (response `i`). */
export const generatedVars = (dice: Dice, i: number) => ({
  tier: dice.pick([1, 2, true]),
  // Numeric with more levels than the cap: binned once it passes it.
  bill: Math.round(dice.next() * 500) / 10,
  // Text with more levels than the cap: scan only once it passes it (its rows deleted).
  ...(dice.chance(0.5) ? { order: `o${i}` } : {}),
});

/**
 * A table PostgreSQL keeps summed from var_rollups (var_level_rollups of migration 026, var_cell_rollups of 030),
 * as its test file sees it.
 */
export interface SummedRollups {
  /** the table; `${table}_pending` lists the sites whose rows are still to be summed */
  table: string;
  /** what the tests' names call its rows: 'level', 'cell' */
  rows: string;
  /** the migration that creates it, then any run again after it (their versions in schema_migrations) */
  migrations: [string, ...string[]];
  /** the test's name on the reads of a pending site: '{reads} var_rollups until then' */
  reads: string;
  /** the file's two collectors on one database (helpers/two-collectors.ts), site `s` seeded */
  two: TwoCollectors;
  /** generated responses over three touchpoints, three channels and four days, from a seed */
  maker: (seed: number) => (i: number, over?: Partial<ResponseRecord>) => ResponseRecord;
  /** the table's rows as kept, summed over rollup shards, zero counts left out */
  kept: () => Promise<unknown[]>;
  /** the store's reads in `timeZone` equal the scan's, and (unless `rows` is false) the table equals var_rollups summed */
  check: (store: PostgresStore, timeZone?: string, rows?: boolean) => Promise<void>;
  /** sums the rows of every pending site through `pool`, returning the sites */
  fillPending: (pool: pg.Pool) => Promise<string[]>;
  /** the sites a store summed by itself on opening */
  filledOnOpen: (store: PostgresStore) => Promise<string[]>;
  /** the variable recount sums a pending site too (checked when true) */
  recountFills?: boolean;
}

/**
 * The cases every table summed from var_rollups must pass: exact rows with two collectors writing the same rows at
 * once, and the upgrade from before its migration (the site pending and read from var_rollups until it is summed).
 */
export function summedRollupsCases(t: SummedRollups): void {
  const { two, maker, kept, check } = t;
  const pending = `${t.table}_pending`;
  const [created] = t.migrations;

  it(`keeps the ${t.rows} rows exact with two collectors writing the same ${t.rows} rows at once, without a deadlock`, async () => {
    const makeA = maker(1);
    const makeB = maker(2);
    // Each commit writes rows of every touchpoint and channel: the two collectors lock overlapping rows.
    const batches = (make: ReturnType<typeof maker>) =>
      Array.from({ length: 12 }, (_, k) =>
        Array.from({ length: 40 }, (_, i) => make(k * 40 + i, { partial: false, respondentId: null })),
      );
    const [ofA, ofB] = [batches(makeA), batches(makeB)];
    const results = await Promise.allSettled([
      (async () => {
        for (const batch of ofA) await two.a.saveResponses(batch);
      })(),
      (async () => {
        for (const batch of ofB) await two.b.saveResponses(batch);
      })(),
      ...ofA.slice(0, 4).map((batch) => two.b.saveResponses(batch.map((r) => ({ ...r, answers: { nps: 3 } })))),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await two.a.countResponses('s')).toBe(2 * 12 * 40);
    await check(two.a);
  });

  it(`sums ${t.table} from var_rollups after an upgrade from before migration ${created.slice(0, 3)}, ${t.reads} var_rollups until then`, async () => {
    const make = maker(3);
    await two.a.saveResponses(Array.from({ length: 200 }, (_, i) => make(i)));
    const before = await kept();
    expect(before.length).toBeGreaterThan(50);
    await two.reader.query(
      `DROP TABLE ${t.table}, ${pending};
      DELETE FROM schema_migrations WHERE version IN (${t.migrations.map((m) => `'${m}'`).join(', ')})`,
    );
    const pool = openPool(two.url, 2);
    try {
      expect(await migrate(pool)).toEqual(t.migrations);
      // The migration only marks the site: its rows are summed after a store opens.
      expect(await kept()).toEqual([]);
      // Pending, the site reads var_rollups: the same counts as the scan. Writes meanwhile add their deltas.
      await check(two.a, 'UTC', false);
      await two.a.saveResponses(Array.from({ length: 60 }, (_, i) => make(200 + i)));
      await check(two.a, 'UTC', false);
      expect(await t.fillPending(pool)).toEqual(['s']);
      expect(await t.fillPending(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
    await check(two.a);
    // A store opening sums what is pending by itself.
    await two.reader.query(`INSERT INTO ${pending} VALUES ('s'); UPDATE ${t.table} SET count = 0`);
    const c = await openPostgresStore(two.url);
    try {
      expect(await t.filledOnOpen(c)).toEqual(['s']);
    } finally {
      await c.close();
    }
    await check(two.a);
    if (!t.recountFills) return;
    // The variable recount fills a pending site too.
    await two.reader.query(`INSERT INTO ${pending} VALUES ('s'); UPDATE ${t.table} SET count = 0`);
    await two.a.rebuildVariableRollups('s');
    expect((await two.reader.query(`SELECT 1 FROM ${pending}`)).rowCount).toBe(0);
    await check(two.a);
  });
}

/**
 * The end of each file's test through every write path: a new time zone recounts every rollup of the site in
 * local days (rows move to 2026-11-04 in Pacific/Kiritimati), the variable recount after it keeps them, and the
 * site deleted leaves no rows.
 */
export async function recountInLocalDays(t: SummedRollups): Promise<void> {
  const { two, check } = t;
  const s = await two.a.getSite('s');
  expect(await two.a.updateSite({ ...s!, settings: { ...s!.settings, timeZone: 'Pacific/Kiritimati' } })).toBe(true);
  const { rows: moved } = await two.reader.query(`SELECT 1 FROM ${t.table} WHERE day = '2026-11-04'`);
  expect(moved.length).toBeGreaterThan(0);
  await check(two.a, 'Pacific/Kiritimati');
  expect(await two.a.rebuildVariableRollups('s')).toBe(await two.a.countResponses('s'));
  await check(two.a, 'Pacific/Kiritimati');
  expect(await two.a.deleteSite('s')).toBe(true);
  expect((await two.reader.query(`SELECT 1 FROM ${t.table}`)).rowCount).toBe(0);
}

/** bill was binned and order went scan only on the way (the site's responses passed the level cap). */
export async function expectBinnedAndScanOnly(two: TwoCollectors): Promise<void> {
  const { rows: vars } = await two.reader.query<{ variable: string; scan_only: number }>(
    "SELECT variable, scan_only FROM rollup_variables WHERE variable IN ('bill', 'order') ORDER BY 1",
  );
  expect(vars).toEqual([
    { variable: 'bill', scan_only: 0 },
    { variable: 'order', scan_only: 1 },
  ]);
}

/**
 * The partial responses of `first` completed on the other collector (its own rollup shard) as `merged` makes
 * them, then `first[3]` deleted and respondent 'erase-me' erased: checked after each.
 */
export async function mergeDeleteErase(
  t: SummedRollups,
  first: ResponseRecord[],
  merged: (r: ResponseRecord, i: number) => ResponseRecord,
): Promise<void> {
  const { two, check } = t;
  await two.b.saveResponses(first.filter((r) => r.partial).map(merged));
  await check(two.b);
  expect(await two.a.deleteResponse('s', first[3]!.id)).toBe(true);
  expect((await two.a.deleteRespondent('s', 'erase-me')).responses).toBeGreaterThan(0);
  await check(two.a);
}
