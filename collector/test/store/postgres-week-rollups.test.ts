import { expect, it } from 'vitest';
import { Dice, rng } from '../../src/seed/random.js';
import { openPool } from '../../src/store/postgres/db.js';
import { installPgWeekTriggers, PgWeekHorizon, pgWeekHorizon } from '../../src/store/postgres/week-tier.js';
import type { ResponseRecord } from '../../src/store/store.js';
import { describePostgres } from '../helpers/postgres.js';
import { aRecord } from '../helpers/records.js';
import { twoCollectors } from '../helpers/two-collectors.js';
import { rollupSite } from './postgres-summed-rollups-cases.js';

/** Each week table of migration 032, its day table, and the key columns besides site and day. */
const WEEK_TABLES = [
  ['score_week_rollups', 'score_rollups', 'site, survey, touchpoint, channel, question, qtype, value'],
  ['var_level_week_rollups', 'var_level_rollups', 'site, variable, survey, question, qtype, level, value'],
  ['var_cell_week_rollups', 'var_cell_rollups', 'site, variable, survey, touchpoint, channel, question, qtype, level'],
  [
    'var_pair_week_rollups',
    'var_pair_rollups',
    'site, survey, question, qtype, variable_a, level_a, variable_b, level_b',
  ],
] as const;

/** Days over seven weeks, Thursday 1 October to Wednesday 18 November 2026. */
const DAYS = Array.from({ length: 49 }, (_, i) => new Date(Date.UTC(2026, 9, 1 + i)).toISOString().slice(0, 10));

/**
 * PostgreSQL's week rollups (migration 032): each day table summed by ISO week before the horizon, kept by row
 * triggers for writes to earlier days, the horizon moved on by a collector while others write.
 */
describePostgres('PostgreSQL week rollups (migration 032)', (db) => {
  const two = twoCollectors(db, rollupSite);

  /** Responses over DAYS, two surveys, three touchpoints, two variables. */
  const maker = (seed: number) => {
    const dice = new Dice(rng(seed));
    return (over: Partial<ResponseRecord> = {}): ResponseRecord =>
      aRecord({
        id: dice.uuid(),
        survey: dice.pick(['a', 'b']),
        touchpoint: dice.pick(['tp', 'tp2', 'tp3']),
        channel: dice.pick(['web', 'kiosk', 'qr'] as const),
        answers: { nps: dice.pick([0, 5, 7, 8, 9, 10]) },
        createdAt: `${dice.pick(DAYS)}T${String(Math.floor(dice.next() * 24)).padStart(2, '0')}:30:00.000Z`,
        receivedAt: '2026-11-20T00:00:00.000Z',
        partial: dice.chance(0.2),
        respondentId: dice.chance(0.05) ? 'erase-me' : null,
        vars: { segment: dice.pick(['gold', 'new']), region: dice.pick(['north', 'south', 'east']) },
        ...over,
      });
  };

  /** Every week table equals its day table's days before the horizon summed by week (date_trunc here). */
  const expectEqual = async () => {
    for (const [week, day, keys] of WEEK_TABLES) {
      const kept = await two.reader.query(
        `SELECT ${keys}, week, sum(count)::int AS count FROM ${week} GROUP BY ${keys}, week HAVING sum(count) <> 0
        ORDER BY ${keys}, week`,
      );
      const summed = await two.reader.query(
        `SELECT ${keys}, to_char(date_trunc('week', day::timestamp), 'YYYY-MM-DD') AS week, sum(count)::int AS count
        FROM ${day} WHERE day < (SELECT monday FROM week_rollup_horizon) GROUP BY ${groups(keys)}
        HAVING sum(count) <> 0 ORDER BY ${keys}, week`,
      );
      expect(kept.rows, week).toEqual(summed.rows);
    }
  };

  /** GROUP BY 1, 2, … over the key columns and the week. */
  const groups = (keys: string) => Array.from({ length: keys.split(',').length + 1 }, (_, i) => i + 1).join(', ');

  /** Moves the horizon back to `monday` (its week rows and later ones gone), as if those weeks were live. */
  const rewind = async (monday: string) => {
    await two.reader.query('UPDATE week_rollup_horizon SET monday = $1', [monday]);
    for (const [week] of WEEK_TABLES) await two.reader.query(`DELETE FROM ${week} WHERE week >= $1`, [monday]);
    await installPgWeekTriggers(two.reader);
  };

  it('keeps the week rows equal to the day rows summed by week through writes of two collectors, merges, erasure, a time-zone recount and a moved horizon', async () => {
    const make = maker(1);
    const first = Array.from({ length: 300 }, () => make());
    // (Each store's first commit looks at the horizon, by the clock: nothing to move. The next look is minutes
    // away, so only this test moves it.)
    await two.a.saveResponses(first);
    const { rows } = await two.reader.query('SELECT count(*)::int AS n FROM var_pair_week_rollups WHERE count <> 0');
    expect(rows[0].n).toBeGreaterThan(50);
    await expectEqual();
    // Partials completed on the other collector with another level (rows move), a deletion, an erasure.
    await two.b.saveResponses(
      first.filter((r) => r.partial).map((r) => ({ ...r, partial: false, vars: { ...r.vars, region: 'west' } })),
    );
    expect(await two.b.deleteResponse('s', first[0]!.id)).toBe(true);
    await two.a.deleteRespondent('s', 'erase-me');
    await expectEqual();
    // Live weeks: from 2 November on, writes leave the week rows be, until the horizon moves past them.
    await rewind('2026-11-02');
    await two.b.saveResponses(Array.from({ length: 200 }, () => make()));
    await expectEqual();
    const pool = openPool(two.url, 2);
    try {
      expect(await new PgWeekHorizon(pool).advance(Date.parse('2026-11-25T12:00:00Z'))).toBe(3);
      expect(await pgWeekHorizon(two.reader)).toBe('2026-11-23');
      await expectEqual();
      // The remade triggers keep the weeks the horizon passed.
      await two.a.saveResponses(Array.from({ length: 100 }, () => make()));
      await expectEqual();
    } finally {
      await pool.end();
    }
    // A new time zone recounts every day row of the site.
    const s = await two.a.getSite('s');
    expect(await two.a.updateSite({ ...s!, settings: { ...s!.settings, timeZone: 'Pacific/Kiritimati' } })).toBe(true);
    await expectEqual();
    expect(await two.a.deleteSite('s')).toBe(true);
    for (const [week] of WEEK_TABLES) {
      const left = await two.reader.query(`SELECT count(*)::int AS n FROM ${week}`);
      expect(left.rows[0].n, week).toBe(0);
    }
  });

  it("remakes the triggers of an earlier release, which would count the write path's own week sums again", async () => {
    const horizon = await pgWeekHorizon(two.reader);
    // The triggers as the release before the write path summed its own week rows made them.
    for (const [, day] of WEEK_TABLES) {
      const run = `EXECUTE FUNCTION ${day}_week('${horizon}')`;
      await two.reader.query(`CREATE OR REPLACE TRIGGER ${day}_week_insert AFTER INSERT ON ${day} FOR EACH ROW
        WHEN (NEW.day < '${horizon}') ${run}`);
      await two.reader.query(`CREATE OR REPLACE TRIGGER ${day}_week_update AFTER UPDATE ON ${day} FOR EACH ROW
        WHEN (OLD.day < '${horizon}' OR NEW.day < '${horizon}') ${run}`);
    }
    await installPgWeekTriggers(two.reader);
    const { rows } = await two.reader.query(
      `SELECT count(*)::int AS n FROM pg_trigger WHERE tgname LIKE '%\\_week\\_%' AND NOT tgisinternal
        AND pg_get_triggerdef(oid) LIKE '%touchpoint.week_sums%'`,
    );
    expect(rows[0].n).toBe(WEEK_TABLES.length * 3);
    // A bulk write into past weeks (the write path sums them), then merges of some of it (updates).
    const make = maker(3);
    const old = Array.from({ length: 200 }, () => make());
    await two.a.saveResponses(old);
    await two.b.saveResponses(old.filter((r) => r.partial).map((r) => ({ ...r, partial: false, answers: { nps: 3 } })));
    await expectEqual();
  });

  it('moves the horizon while two collectors write: no write fails, none is missed, and reads equal the day rows', async () => {
    const make = maker(2);
    // Each store's first commit looks at the horizon (by the clock: nothing to move); the next look is minutes
    // away, so the move below is the only one.
    await two.a.saveResponses(Array.from({ length: 50 }, () => make()));
    await two.b.saveResponses(Array.from({ length: 50 }, () => make()));
    await rewind('2026-10-05');
    const pool = openPool(two.url, 2);
    try {
      const writes = (store: typeof two.a) => async () => {
        for (let k = 0; k < 15; k++) await store.saveResponses(Array.from({ length: 20 }, () => make()));
      };
      const [, , moved] = await Promise.all([
        writes(two.a)(),
        writes(two.b)(),
        new PgWeekHorizon(pool).advance(Date.parse('2026-11-25T12:00:00Z')),
      ]);
      expect(moved).toBe(7);
      await expectEqual();
      expect(await two.a.countResponses('s')).toBe(700);
      // The window's whole weeks come from the week rows: the same histograms as the day rows alone.
      // Windows with days at both ends, from a Monday to a Sunday (whole weeks only: no day arm has a day),
      // from a Monday, and inside one week.
      const windows = [
        ['2026-10-01', '2026-11-18'],
        ['2026-10-05', '2026-11-15'],
        ['2026-10-05', '2026-11-18'],
        ['2026-10-06', '2026-10-08'],
      ] as const;
      for (const [from, to] of windows) {
        const query = {
          from,
          to,
          qtype: 'nps' as const,
          questions: [
            { survey: 'a', question: 'nps' },
            { survey: 'b', question: 'nps' },
          ],
        };
        const byDays = await two.reader.query(
          `SELECT touchpoint AS key, value, sum(count)::int AS count FROM score_rollups WHERE site = 's'
          AND day >= $1 AND day <= $2 AND qtype = 'nps' GROUP BY 1, 2 HAVING sum(count) > 0 ORDER BY 1, 2`,
          [from, to],
        );
        const read = await two.b.scoreHistograms('s', { ...query, groupBy: 'touchpoint' });
        const sorted = read
          .map((r) => ({ ...r, count: Number(r.count) }))
          .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : x.value - y.value));
        expect(sorted, `${from}…${to}`).toEqual(byDays.rows);
        // The model's reads too (score, level, cell and pair rollups), against the scan.
        const cells = await two.b.modelCells('s', {
          ...query,
          variables: ['segment', 'region'],
          cells: ['touchpoint'],
        });
        expect(cells?.pairs.length, `${from}…${to}`).toBeGreaterThan(0);
      }
    } finally {
      await pool.end();
    }
  });
});
