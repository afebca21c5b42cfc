import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { site, survey, touchpoint, type Channel } from '@touchpoint/shared';
import { Dice, rng } from '../../src/seed/random.js';
import { fillPendingCellRollups } from '../../src/store/postgres/level-rollups.js';
import { migrate } from '../../src/store/postgres/migrate.js';
import { openPool } from '../../src/store/postgres/db.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { ModelCellQuery, ModelCells, ResponseRecord } from '../../src/store/store.js';
import { createDatabase, describePostgres } from '../helpers/postgres.js';
import { aRecord } from '../helpers/records.js';

/** The level cap of the test site: small, so that a numeric variable is binned and a text one goes scan only. */
const LEVEL_CAP = 8;
const CHANNELS: Channel[] = ['web', 'kiosk', 'qr'];
const DAYS = ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03'];
/** The variables the model crosses: two of `vars` and the device column. */
const VARIABLES = ['segment', 'tier', '#device'];
const QUERY = {
  from: '2026-10-31',
  to: '2026-11-03',
  qtype: 'nps' as const,
  questions: [
    { survey: 'a', question: 'nps' },
    { survey: 'b', question: 'nps' },
  ],
};

/** var_cell_rollups as kept, summed over rollup shards (migration 029: two stores write two), zero counts left out. */
const CELLS = `SELECT site, variable, day, survey, touchpoint, channel, question, qtype, level, sum(count)::int AS count
  FROM var_cell_rollups GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;
/** var_rollups summed over the answer value: what var_cell_rollups must hold. */
const SUMMED = `SELECT site, variable, day, survey, touchpoint, channel, question, qtype, level, sum(count)::int AS count
  FROM var_rollups GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`;

type LevelRow = ModelCells['levels'][number];
const levelKey = (r: Omit<LevelRow, 'count'>) =>
  JSON.stringify([r.variable, r.level, r.survey, r.touchpoint, r.channel]);
/** Level rows in one order, counts as numbers. */
const canonical = (rows: readonly LevelRow[]): LevelRow[] =>
  rows
    .map((r) => ({ ...r, count: Number(r.count) }))
    .sort((a, b) => (levelKey(a) < levelKey(b) ? -1 : levelKey(a) > levelKey(b) ? 1 : 0));

/**
 * PostgreSQL's cell rollups (migration 030): var_rollups without the answer value, which the multivariable model
 * reads for each variable's levels by survey, touchpoint and channel. They must hold exactly var_rollups' sums
 * after every write path (ingest, merges on another collector, deletion, erasure, binning, scan only, a question
 * retyped, a survey archived, a time-zone recount, the variable recount, two collectors at once), equal a recount
 * from the responses, be summed from var_rollups after an upgrade, and give the model the answer it had from
 * var_rollups.
 */
describePostgres('PostgreSQL cell rollups (migration 030)', (db) => {
  let url: string;
  let a: PostgresStore;
  let b: PostgresStore;
  let reader: pg.Client;

  beforeEach(async () => {
    url = await createDatabase(db().base);
    a = await openPostgresStore(url);
    b = await openPostgresStore(url);
    reader = new pg.Client({ connectionString: url });
    await reader.connect();
    await a.createSite(site.parse({ key: 's', name: 'S', settings: { rollupLevelCap: LEVEL_CAP } }));
    for (const id of ['tp', 'tp2', 'tp3'])
      await a.createTouchpoint('s', touchpoint.parse({ id, name: id, kind: 'store' }));
    const nps = { id: 'nps', type: 'nps', text: { en: 'NPS' } };
    const sat = { id: 'sat', type: 'csat', text: { en: 'CSAT' } };
    await a.createSurvey('s', survey.parse({ id: 'a', name: 'A', questions: [nps, sat] }));
    await a.createSurvey('s', survey.parse({ id: 'b', name: 'B', questions: [nps] }));
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close(), reader.end()]);
  });

  const kept = async () => (await reader.query(CELLS)).rows;
  const summed = async () => (await reader.query(SUMMED)).rows;

  const modelQuery = (timeZone: string, cells: ModelCellQuery['cells']): ModelCellQuery => ({
    ...QUERY,
    timeZone,
    variables: VARIABLES,
    cells,
  });
  /** The model's levels by cell as the store reads them; with `fromVarRollups` as for a site still pending. */
  const modelLevels = async (
    store: PostgresStore,
    timeZone: string,
    cells: ModelCellQuery['cells'],
    fromVarRollups = false,
  ) => {
    // Marked pending for this read only (unless it is already).
    const marked =
      fromVarRollups &&
      (await reader.query("INSERT INTO var_cell_rollups_pending VALUES ('s') ON CONFLICT DO NOTHING")).rowCount === 1;
    try {
      const read = await store.modelCells('s', modelQuery(timeZone, cells));
      expect(read).not.toBeNull();
      return canonical(read?.levels ?? []);
    } finally {
      if (marked) await reader.query("DELETE FROM var_cell_rollups_pending WHERE site = 's'");
    }
  };

  /**
   * The variables' levels by survey, touchpoint and channel counted from the respondent rows (the scan): one
   * count per scored answer, as the rollups count them.
   */
  const recounted = async (store: PostgresStore, timeZone: string): Promise<LevelRow[]> => {
    const rows = await store.respondentRows('s', { ...QUERY, timeZone, variables: ['segment', 'tier'] });
    expect(rows.length).toBeGreaterThan(20);
    const tally = new Map<string, LevelRow>();
    for (const r of rows) {
      for (const _answer of Object.values(r.answers)) {
        for (const variable of VARIABLES) {
          // Device is counted under null without one; a variable the response does not carry, not at all.
          const value = variable === '#device' ? r.device : r.vars[variable];
          if (value === undefined) continue;
          const row = {
            variable,
            level: JSON.stringify(value),
            survey: r.survey,
            touchpoint: r.touchpoint,
            channel: r.channel,
          };
          const t = tally.get(levelKey(row));
          if (t) t.count++;
          else tally.set(levelKey(row), { ...row, count: 1 });
        }
      }
    }
    return canonical([...tally.values()]);
  };

  /**
   * The stored cell rows equal var_rollups summed over the answer (unless told), the model's levels read from
   * them equal a recount from the respondent rows, and equal what the model read from var_rollups before 030.
   */
  const check = async (store: PostgresStore, timeZone = 'UTC', opts = { cells: true }) => {
    if (opts.cells) expect(await kept()).toEqual(await summed());
    const levels = await modelLevels(store, timeZone, ['survey', 'touchpoint', 'channel']);
    expect(levels.length).toBeGreaterThan(20);
    expect(levels).toEqual(await recounted(store, timeZone));
    expect(levels).toEqual(await modelLevels(store, timeZone, ['survey', 'touchpoint', 'channel'], true));
    // Fewer cell columns: the others '' and their counts summed.
    expect(await modelLevels(store, timeZone, ['touchpoint'])).toEqual(
      await modelLevels(store, timeZone, ['touchpoint'], true),
    );
  };

  /** Generated responses over three touchpoints, three channels and four days. */
  const maker = (seed: number) => {
    const dice = new Dice(rng(seed));
    return (i: number, over: Partial<ResponseRecord> = {}): ResponseRecord => {
      const id = dice.pick(['a', 'b']);
      const answers: Record<string, number> = {};
      if (dice.chance(0.9)) answers.nps = dice.pick([0, 6, 7, 9, 10]);
      if (id === 'a' && dice.chance(0.5)) answers.sat = dice.pick([1, 3, 5]);
      return aRecord({
        id: dice.uuid(),
        survey: id,
        touchpoint: dice.pick(['tp', 'tp2', 'tp3']),
        channel: dice.pick(CHANNELS),
        answers,
        createdAt: `${dice.pick(DAYS)}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:30:00.000Z`,
        receivedAt: '2026-11-04T00:00:00.000Z',
        partial: dice.chance(0.2),
        durationMs: dice.chance(0.1) ? 1 : null,
        trigger: dice.pick([null, 'exit-intent']),
        device: dice.pick([null, 'mobile', 'desktop']),
        respondentId: dice.chance(0.05) ? 'erase-me' : null,
        vars: {
          ...(dice.chance(0.85) ? { segment: dice.pick(['gold', 'new', '2']) } : {}),
          tier: dice.pick([1, 2, true]),
          // Numeric with more levels than the cap: binned once it passes it.
          bill: Math.round(dice.next() * 500) / 10,
          // Text with more levels than the cap: scan only once it passes it (its rows deleted).
          ...(dice.chance(0.5) ? { order: `o${i}` } : {}),
        },
        ...over,
      });
    };
  };

  it('keeps var_cell_rollups equal to var_rollups summed and to a recount through ingest, merges, deletion, erasure, binning, a retyped question, an archived survey, a time-zone recount and the variable recount; the model reads the same levels', async () => {
    const make = maker(30);
    const first = Array.from({ length: 300 }, (_, i) => make(i));
    // Six first, under the level cap: bill and order have rows of their own levels before the cap is passed.
    await a.saveResponses(first.slice(0, 6));
    expect((await reader.query("SELECT 1 FROM var_cell_rollups WHERE variable = 'order'")).rowCount).toBeGreaterThan(0);
    for (let i = 6; i < first.length; i += 50) await a.saveResponses(first.slice(i, i + 50));
    // bill was binned and order went scan only on the way: their cell rows follow.
    const { rows: vars } = await reader.query<{ variable: string; scan_only: number }>(
      "SELECT variable, scan_only FROM rollup_variables WHERE variable IN ('bill', 'order') ORDER BY 1",
    );
    expect(vars).toEqual([
      { variable: 'bill', scan_only: 0 },
      { variable: 'order', scan_only: 1 },
    ]);
    expect((await reader.query("SELECT 1 FROM var_cell_rollups WHERE variable = 'order'")).rowCount).toBe(0);
    const { rows: billLevels } = await reader.query<{ n: number }>(
      "SELECT count(DISTINCT level)::int AS n FROM var_cell_rollups WHERE variable = 'bill'",
    );
    expect(billLevels[0]?.n).toBeLessThanOrEqual(LEVEL_CAP);
    await check(a);
    // Partial responses completed on the other collector (its own rollup shard): their cell rows move to the
    // merged variables, and a merge that changes the answer only leaves them as they were.
    await b.saveResponses(
      first
        .filter((r) => r.partial)
        .map((r, i) => ({
          ...r,
          partial: false,
          answers: { ...r.answers, nps: 10 },
          vars: i % 2 === 0 ? { ...r.vars, segment: 'gold' } : r.vars,
        })),
    );
    await check(b);
    expect(await a.deleteResponse('s', first[3]!.id)).toBe(true);
    expect((await a.deleteRespondent('s', 'erase-me')).responses).toBeGreaterThan(0);
    await check(a);
    // b.nps retyped: answers arriving after it are CES, so no longer in the NPS model; those before still are.
    const retyped = { id: 'nps', type: 'ces', text: { en: 'CES' } };
    expect(await a.updateSurvey('s', survey.parse({ id: 'b', name: 'B', questions: [retyped] }))).toBe(true);
    await a.saveResponses(
      Array.from({ length: 60 }, (_, i) => make(300 + i, { survey: 'b', receivedAt: '2026-11-05T00:00:00.000Z' })),
    );
    await check(a);
    // Survey a archived (it has answers): they keep counting.
    expect(await a.deleteSurvey('s', 'a')).toBe(true);
    await check(a);
    // The rows as kept equal the variable recount's from the responses.
    const before = await kept();
    expect(await a.rebuildVariableRollups('s')).toBe(await a.countResponses('s'));
    expect(await kept()).toEqual(before);
    await check(a);
    // A new time zone recounts every rollup of the site in local days.
    const s = await a.getSite('s');
    expect(await a.updateSite({ ...s!, settings: { ...s!.settings, timeZone: 'Pacific/Kiritimati' } })).toBe(true);
    const { rows: moved } = await reader.query("SELECT 1 FROM var_cell_rollups WHERE day = '2026-11-04'");
    expect(moved.length).toBeGreaterThan(0);
    await check(a, 'Pacific/Kiritimati');
    expect(await a.rebuildVariableRollups('s')).toBe(await a.countResponses('s'));
    await check(a, 'Pacific/Kiritimati');
    expect(await a.deleteSite('s')).toBe(true);
    expect((await reader.query('SELECT 1 FROM var_cell_rollups')).rowCount).toBe(0);
  });

  it('keeps the cell rows exact with two collectors writing the same cell rows at once, without a deadlock', async () => {
    const makeA = maker(1);
    const makeB = maker(2);
    const batches = (make: ReturnType<typeof maker>) =>
      Array.from({ length: 12 }, (_, k) =>
        Array.from({ length: 40 }, (_, i) => make(k * 40 + i, { partial: false, respondentId: null })),
      );
    const [ofA, ofB] = [batches(makeA), batches(makeB)];
    const results = await Promise.allSettled([
      (async () => {
        for (const batch of ofA) await a.saveResponses(batch);
      })(),
      (async () => {
        for (const batch of ofB) await b.saveResponses(batch);
      })(),
      ...ofA.slice(0, 4).map((batch) => b.saveResponses(batch.map((r) => ({ ...r, answers: { nps: 3 } })))),
    ]);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(await a.countResponses('s')).toBe(2 * 12 * 40);
    await check(a);
  });

  it('sums var_cell_rollups from var_rollups after an upgrade from before migration 030, the model reading var_rollups until then', async () => {
    const make = maker(3);
    await a.saveResponses(Array.from({ length: 200 }, (_, i) => make(i)));
    const before = await kept();
    expect(before.length).toBeGreaterThan(50);
    await reader.query(
      `DROP TABLE var_cell_rollups, var_cell_rollups_pending;
      DELETE FROM schema_migrations WHERE version = '030_var_cell_rollups.sql'`,
    );
    const pool = openPool(url, 2);
    try {
      expect(await migrate(pool)).toEqual(['030_var_cell_rollups.sql']);
      // The migration only marks the site: its cell rows are summed after a store opens.
      expect(await kept()).toEqual([]);
      // Pending, the model reads var_rollups: the same levels as the recount. Writes meanwhile add their deltas.
      await check(a, 'UTC', { cells: false });
      await a.saveResponses(Array.from({ length: 60 }, (_, i) => make(200 + i)));
      await check(a, 'UTC', { cells: false });
      expect(await fillPendingCellRollups(pool)).toEqual(['s']);
      expect(await fillPendingCellRollups(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
    await check(a);
    // A store opening sums what is pending by itself.
    await reader.query("INSERT INTO var_cell_rollups_pending VALUES ('s'); UPDATE var_cell_rollups SET count = 0");
    const c = await openPostgresStore(url);
    try {
      expect(await c.cellRollupsFilled).toEqual(['s']);
    } finally {
      await c.close();
    }
    await check(a);
    // The variable recount fills a pending site too.
    await reader.query("INSERT INTO var_cell_rollups_pending VALUES ('s'); UPDATE var_cell_rollups SET count = 0");
    await a.rebuildVariableRollups('s');
    expect((await reader.query('SELECT 1 FROM var_cell_rollups_pending')).rowCount).toBe(0);
    await check(a);
  });

  it('reads the levels by cell from var_cell_rollups once the site is summed, from var_rollups while it is pending', async () => {
    const make = maker(4);
    await a.saveResponses(Array.from({ length: 120 }, (_, i) => make(i, { partial: false, durationMs: null })));
    const levels = await modelLevels(a, 'UTC', ['touchpoint']);
    expect(levels.length).toBeGreaterThan(10);
    // Cell rows zeroed by hand: only the read from them loses its counts.
    await reader.query('UPDATE var_cell_rollups SET count = 0');
    expect(await modelLevels(a, 'UTC', ['touchpoint'])).toEqual([]);
    expect(await modelLevels(a, 'UTC', ['touchpoint'], true)).toEqual(levels);
  });
});
