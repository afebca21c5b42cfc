import { expect, it } from 'vitest';
import type { Channel } from '@touchpoint/shared';
import { Dice, rng } from '../../src/seed/random.js';
import { fillPendingLevelRollups } from '../../src/store/postgres/level-rollups.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { RespondentColumn, ResponseRecord } from '../../src/store/store.js';
import { describePostgres } from '../helpers/postgres.js';
import { aRecord } from '../helpers/records.js';
import { twoCollectors } from '../helpers/two-collectors.js';
import {
  CHANNELS,
  expectBinnedAndScanOnly,
  generatedVars,
  generatedVisit,
  mergeDeleteErase,
  QUERY,
  recountInLocalDays,
  rollupSite,
  summedRollupsCases,
  type SummedRollups,
} from './postgres-summed-rollups-cases.js';
import { counted, tallied } from './variable-counts-contract.js';

const COLUMNS: RespondentColumn[] = ['channel', 'device', 'trigger', 'touchpoint', 'survey'];

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
  const two = twoCollectors(db, rollupSite);

  const kept = async () => (await two.reader.query(LEVELS)).rows;
  const summed = async () => (await two.reader.query(SUMMED)).rows;
  /** The stored level rows equal var_rollups summed (unless told), and the store's counts equal the scan's. */
  const check = async (store: PostgresStore, timeZone = 'UTC', compareRows = true) => {
    if (compareRows) expect(await kept()).toEqual(await summed());
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
        ...generatedVisit(dice),
        vars: {
          segment: dice.pick(['gold', 'new', '2']),
          ...generatedVars(dice, i),
        },
        ...over,
      });
  };

  const rollups: SummedRollups = {
    table: 'var_level_rollups',
    rows: 'level',
    // 029 again after 026: the re-created table gets its rollup shard column.
    migrations: ['026_var_level_rollups.sql', '029_rollup_shards.sql'],
    reads: 'reading',
    two,
    maker,
    kept,
    check,
    fillPending: fillPendingLevelRollups,
    filledOnOpen: (store) => store.levelRollupsFilled,
  };

  it('keeps var_level_rollups equal to var_rollups summed through merges, flags, deletion, erasure, binning, a time-zone recount and the variable recount, and reads them as the scan counts', async () => {
    const make = maker(26);
    const first = Array.from({ length: 300 }, (_, i) => make(i));
    for (let i = 0; i < first.length; i += 50) await two.a.saveResponses(first.slice(i, i + 50));
    // bill was binned and order went scan only on the way.
    await expectBinnedAndScanOnly(two);
    expect((await two.reader.query("SELECT 1 FROM rollup_bins WHERE variable = 'bill'")).rowCount).toBe(1);
    await check(two.a);
    // Partial responses completed on the other collector: their rollups move to the merged answers and variables.
    // Then one deleted and a respondent erased.
    await mergeDeleteErase(rollups, first, (r) => ({
      ...r,
      partial: false,
      answers: { nps: 10 },
      vars: { ...r.vars, segment: 'gold' },
    }));
    // A new time zone recounts every rollup of the site in local days.
    await recountInLocalDays(rollups);
  });

  summedRollupsCases(rollups);

  it('reads the counts by variable from var_level_rollups without a touchpoint or channel filter, from var_rollups with one', async () => {
    const make = maker(4);
    await two.a.saveResponses(Array.from({ length: 120 }, (_, i) => make(i, { partial: false, durationMs: null })));
    // The levels of segment counted (respondents without one are counted under null, the total less these).
    const levelsOf = async (over: { channel?: Channel }) =>
      (
        await two.a.variableCounts('s', { ...QUERY, ...over, columns: [], variables: ['segment'] })
      ).vars[0]?.values.filter((v) => v.value !== null).length;
    expect(await levelsOf({})).toBe(3);
    expect(await levelsOf({ channel: 'web' })).toBe(3);
    // Level rows zeroed by hand: only the read without a filter of touchpoint or channel loses its counts.
    await two.reader.query('UPDATE var_level_rollups SET count = 0');
    expect(await levelsOf({})).toBe(0);
    expect(await levelsOf({ channel: 'web' })).toBe(3);
  });
});
