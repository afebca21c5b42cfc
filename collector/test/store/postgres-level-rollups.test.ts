import pg from 'pg';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { site, survey, touchpoint, type Channel } from '@touchpoint/shared';
import { Dice, rng } from '../../src/seed/random.js';
import { fillPendingLevelRollups } from '../../src/store/postgres/level-rollups.js';
import { migrate } from '../../src/store/postgres/migrate.js';
import { openPool } from '../../src/store/postgres/db.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { RespondentColumn, ResponseRecord } from '../../src/store/store.js';
import { createDatabase, describePostgres } from '../helpers/postgres.js';
import { aRecord } from '../helpers/records.js';
import { counted, tallied } from './variable-counts-contract.js';

/** The level cap of the test site: small, so that a numeric variable is binned and a text one goes scan only. */
const LEVEL_CAP = 8;
const COLUMNS: RespondentColumn[] = ['channel', 'device', 'trigger', 'touchpoint', 'survey'];
const CHANNELS: Channel[] = ['web', 'kiosk', 'qr'];
const DAYS = ['2026-10-31', '2026-11-01', '2026-11-02', '2026-11-03'];
const QUERY = {
  from: '2026-10-31',
  to: '2026-11-03',
  qtype: 'nps' as const,
  questions: [
    { survey: 'a', question: 'nps' },
    { survey: 'b', question: 'nps' },
  ],
};

/** var_level_rollups as kept, summed over rollup shards (migration 029: two stores write two), zero counts left out. */
const LEVELS = `SELECT site, variable, day, survey, question, qtype, level, value, sum(count)::int AS count
  FROM var_level_rollups GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`;
/** var_rollups summed over touchpoint and channel: what var_level_rollups must hold. */
const SUMMED = `SELECT site, variable, day, survey, question, qtype, level, value, sum(count)::int AS count
  FROM var_rollups GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`;

/**
 * PostgreSQL's level rollups (migration 026): var_rollups summed over touchpoint and channel, which the driver
 * screen and segments read when they filter by neither. They must hold exactly var_rollups' sums after every
 * write path (inserts, merges, flags, deletion, erasure, binning, scan only, a time-zone recount, the variable
 * recount, two collectors at once), be summed from var_rollups after an upgrade and copied by `touchpoint migrate`
 * (migrate-to-postgres.test.ts), and the reads from them must equal the scan.
 */
describePostgres('PostgreSQL level rollups (migration 026)', (db) => {
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
    await a.createSurvey('s', survey.parse({ id: 'a', name: 'A', questions: [nps] }));
    await a.createSurvey('s', survey.parse({ id: 'b', name: 'B', questions: [nps] }));
  });
  afterEach(async () => {
    await Promise.all([a.close(), b.close(), reader.end()]);
  });

  const kept = async () => (await reader.query(LEVELS)).rows;
  const summed = async () => (await reader.query(SUMMED)).rows;
  /** The stored level rows equal var_rollups summed (unless told), and the store's counts equal the scan's. */
  const check = async (store: PostgresStore, timeZone = 'UTC', opts = { levels: true }) => {
    if (opts.levels) expect(await kept()).toEqual(await summed());
    const query = { ...QUERY, timeZone };
    // bill is binned: its counts per bin are variable-bins-contract.ts's; its level rows are compared above.
    const asked = ['segment', 'tier'];
    const rows = await store.respondentRows('s', { ...query, variables: asked });
    expect(rows.length).toBeGreaterThan(20);
    expect(await counted(store, { ...query, columns: COLUMNS, variables: asked })).toEqual(
      tallied(rows, COLUMNS, asked),
    );
    expect((await store.variableCounts('s', { ...query, columns: COLUMNS, variables: asked })).source).toBe('rollup');
  };

  /** Generated responses over three touchpoints, three channels and four days. */
  const maker = (seed: number) => {
    const dice = new Dice(rng(seed));
    return (i: number, over: Partial<ResponseRecord> = {}): ResponseRecord =>
      aRecord({
        id: dice.uuid(),
        survey: dice.pick(['a', 'b']),
        touchpoint: dice.pick(['tp', 'tp2', 'tp3']),
        channel: dice.pick(CHANNELS),
        answers: dice.chance(0.9) ? { nps: dice.pick([0, 6, 7, 9, 10]) } : {},
        createdAt: `${dice.pick(DAYS)}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:30:00.000Z`,
        receivedAt: '2026-11-04T00:00:00.000Z',
        partial: dice.chance(0.2),
        durationMs: dice.chance(0.1) ? 1 : null,
        trigger: dice.pick([null, 'exit-intent']),
        device: dice.pick([null, 'mobile', 'desktop']),
        respondentId: dice.chance(0.05) ? 'erase-me' : null,
        vars: {
          segment: dice.pick(['gold', 'new', '2']),
          tier: dice.pick([1, 2, true]),
          // Numeric with more levels than the cap: binned once it passes it.
          bill: Math.round(dice.next() * 500) / 10,
          // Text with more levels than the cap: scan only once it passes it (its rows deleted).
          ...(dice.chance(0.5) ? { order: `o${i}` } : {}),
        },
        ...over,
      });
  };

  it('keeps var_level_rollups equal to var_rollups summed through merges, flags, deletion, erasure, binning, a time-zone recount and the variable recount, and reads them as the scan counts', async () => {
    const make = maker(26);
    const first = Array.from({ length: 300 }, (_, i) => make(i));
    for (let i = 0; i < first.length; i += 50) await a.saveResponses(first.slice(i, i + 50));
    // bill was binned and order went scan only on the way.
    const { rows: vars } = await reader.query<{ variable: string; scan_only: number }>(
      "SELECT variable, scan_only FROM rollup_variables WHERE variable IN ('bill', 'order') ORDER BY 1",
    );
    expect(vars).toEqual([
      { variable: 'bill', scan_only: 0 },
      { variable: 'order', scan_only: 1 },
    ]);
    expect((await reader.query("SELECT 1 FROM rollup_bins WHERE variable = 'bill'")).rowCount).toBe(1);
    await check(a);
    // Partial responses completed on the other collector: their rollups move to the merged answers and variables.
    await b.saveResponses(
      first
        .filter((r) => r.partial)
        .map((r) => ({ ...r, partial: false, answers: { nps: 10 }, vars: { ...r.vars, segment: 'gold' } })),
    );
    await check(b);
    expect(await a.deleteResponse('s', first[3]!.id)).toBe(true);
    expect((await a.deleteRespondent('s', 'erase-me')).responses).toBeGreaterThan(0);
    await check(a);
    // A new time zone recounts every rollup of the site in local days.
    const s = await a.getSite('s');
    expect(await a.updateSite({ ...s!, settings: { ...s!.settings, timeZone: 'Pacific/Kiritimati' } })).toBe(true);
    const { rows: moved } = await reader.query("SELECT 1 FROM var_level_rollups WHERE day = '2026-11-04'");
    expect(moved.length).toBeGreaterThan(0);
    await check(a, 'Pacific/Kiritimati');
    expect(await a.rebuildVariableRollups('s')).toBe(await a.countResponses('s'));
    await check(a, 'Pacific/Kiritimati');
    expect(await a.deleteSite('s')).toBe(true);
    expect((await reader.query('SELECT 1 FROM var_level_rollups')).rowCount).toBe(0);
  });

  it('keeps the level rows exact with two collectors writing the same level rows at once, without a deadlock', async () => {
    const makeA = maker(1);
    const makeB = maker(2);
    // Each commit writes rows of every touchpoint and channel: the two collectors lock overlapping level rows.
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

  it('sums var_level_rollups from var_rollups after an upgrade from before migration 026, reading var_rollups until then', async () => {
    const make = maker(3);
    await a.saveResponses(Array.from({ length: 200 }, (_, i) => make(i)));
    const before = await kept();
    expect(before.length).toBeGreaterThan(50);
    await reader.query(
      `DROP TABLE var_level_rollups, var_level_rollups_pending;
      DELETE FROM schema_migrations WHERE version IN ('026_var_level_rollups.sql', '029_rollup_shards.sql')`,
    );
    const pool = openPool(url, 2);
    try {
      // 029 again after it: the re-created table gets its rollup shard column.
      expect(await migrate(pool)).toEqual(['026_var_level_rollups.sql', '029_rollup_shards.sql']);
      // The migration only marks the site: its level rows are summed after a store opens.
      expect(await kept()).toEqual([]);
      // Pending, the site reads var_rollups: the same counts as the scan. Writes meanwhile add their deltas.
      await check(a, 'UTC', { levels: false });
      await a.saveResponses(Array.from({ length: 60 }, (_, i) => make(200 + i)));
      await check(a, 'UTC', { levels: false });
      expect(await fillPendingLevelRollups(pool)).toEqual(['s']);
      expect(await fillPendingLevelRollups(pool)).toEqual([]);
    } finally {
      await pool.end();
    }
    await check(a);
    // A store opening sums what is pending by itself.
    await reader.query("INSERT INTO var_level_rollups_pending VALUES ('s'); UPDATE var_level_rollups SET count = 0");
    const c = await openPostgresStore(url);
    try {
      expect(await c.levelRollupsFilled).toEqual(['s']);
    } finally {
      await c.close();
    }
    await check(a);
  });

  it('reads the counts by variable from var_level_rollups without a touchpoint or channel filter, from var_rollups with one', async () => {
    const make = maker(4);
    await a.saveResponses(Array.from({ length: 120 }, (_, i) => make(i, { partial: false, durationMs: null })));
    // The levels of segment counted (respondents without one are counted under null, the total less these).
    const levelsOf = async (over: { channel?: Channel }) =>
      (await a.variableCounts('s', { ...QUERY, ...over, columns: [], variables: ['segment'] })).vars[0]?.values.filter(
        (v) => v.value !== null,
      ).length;
    expect(await levelsOf({})).toBe(3);
    expect(await levelsOf({ channel: 'web' })).toBe(3);
    // Level rows zeroed by hand: only the read without a filter of touchpoint or channel loses its counts.
    await reader.query('UPDATE var_level_rollups SET count = 0');
    expect(await levelsOf({})).toBe(0);
    expect(await levelsOf({ channel: 'web' })).toBe(3);
  });
});
