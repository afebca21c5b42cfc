import { expect, it } from 'vitest';
import { survey } from '@touchpoint/shared';
import { Dice, rng } from '../../src/seed/random.js';
import { fillPendingCellRollups } from '../../src/store/postgres/level-rollups.js';
import type { PostgresStore } from '../../src/store/postgres/postgres-store.js';
import type { ModelCellQuery, ModelCells, ResponseRecord } from '../../src/store/store.js';
import { describePostgres } from '../helpers/postgres.js';
import { aRecord } from '../helpers/records.js';
import { twoCollectors } from '../helpers/two-collectors.js';
import {
  CHANNELS,
  expectBinnedAndScanOnly,
  generatedVars,
  generatedVisit,
  mergeDeleteErase,
  LEVEL_CAP,
  QUERY,
  recountInLocalDays,
  rollupSite,
  summedRollupsCases,
  type SummedRollups,
} from './postgres-summed-rollups-cases.js';

/** The variables the model crosses: two of `vars` and the device column. */
const VARIABLES = ['segment', 'tier', '#device'];

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
  const two = twoCollectors(db, (a) => rollupSite(a, [{ id: 'sat', type: 'csat', text: { en: 'CSAT' } }]));

  const kept = async () => (await two.reader.query(CELLS)).rows;
  const summed = async () => (await two.reader.query(SUMMED)).rows;

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
      (await two.reader.query("INSERT INTO var_cell_rollups_pending VALUES ('s') ON CONFLICT DO NOTHING")).rowCount ===
        1;
    try {
      const read = await store.modelCells('s', modelQuery(timeZone, cells));
      expect(read).not.toBeNull();
      return canonical(read?.levels ?? []);
    } finally {
      if (marked) await two.reader.query("DELETE FROM var_cell_rollups_pending WHERE site = 's'");
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
  const check = async (store: PostgresStore, timeZone = 'UTC', compareRows = true) => {
    if (compareRows) expect(await kept()).toEqual(await summed());
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
        ...generatedVisit(dice),
        vars: {
          ...(dice.chance(0.85) ? { segment: dice.pick(['gold', 'new', '2']) } : {}),
          ...generatedVars(dice, i),
        },
        ...over,
      });
    };
  };

  const rollups: SummedRollups = {
    table: 'var_cell_rollups',
    rows: 'cell',
    migrations: ['030_var_cell_rollups.sql'],
    reads: 'the model reading',
    two,
    maker,
    kept,
    check,
    fillPending: fillPendingCellRollups,
    filledOnOpen: (store) => store.cellRollupsFilled,
    recountFills: true,
  };

  it('keeps var_cell_rollups equal to var_rollups summed and to a recount through ingest, merges, deletion, erasure, binning, a retyped question, an archived survey, a time-zone recount and the variable recount; the model reads the same levels', async () => {
    const make = maker(30);
    const first = Array.from({ length: 300 }, (_, i) => make(i));
    // Six first, under the level cap: bill and order have rows of their own levels before the cap is passed.
    await two.a.saveResponses(first.slice(0, 6));
    expect(
      (await two.reader.query("SELECT 1 FROM var_cell_rollups WHERE variable = 'order'")).rowCount,
    ).toBeGreaterThan(0);
    for (let i = 6; i < first.length; i += 50) await two.a.saveResponses(first.slice(i, i + 50));
    // bill was binned and order went scan only on the way: their cell rows follow.
    await expectBinnedAndScanOnly(two);
    expect((await two.reader.query("SELECT 1 FROM var_cell_rollups WHERE variable = 'order'")).rowCount).toBe(0);
    const { rows: billLevels } = await two.reader.query<{ n: number }>(
      "SELECT count(DISTINCT level)::int AS n FROM var_cell_rollups WHERE variable = 'bill'",
    );
    expect(billLevels[0]?.n).toBeLessThanOrEqual(LEVEL_CAP);
    await check(two.a);
    // Partial responses completed on the other collector (its own rollup shard): their cell rows move to the
    // merged variables, and a merge that changes the answer only leaves them as they were.
    // Then one deleted and a respondent erased.
    await mergeDeleteErase(rollups, first, (r, i) => ({
      ...r,
      partial: false,
      answers: { ...r.answers, nps: 10 },
      vars: i % 2 === 0 ? { ...r.vars, segment: 'gold' } : r.vars,
    }));
    // b.nps retyped: answers arriving after it are CES, so no longer in the NPS model; those before still are.
    const retyped = { id: 'nps', type: 'ces', text: { en: 'CES' } };
    expect(await two.a.updateSurvey('s', survey.parse({ id: 'b', name: 'B', questions: [retyped] }))).toBe(true);
    await two.a.saveResponses(
      Array.from({ length: 60 }, (_, i) => make(300 + i, { survey: 'b', receivedAt: '2026-11-05T00:00:00.000Z' })),
    );
    await check(two.a);
    // Survey a archived (it has answers): they keep counting.
    expect(await two.a.deleteSurvey('s', 'a')).toBe(true);
    await check(two.a);
    // The rows as kept equal the variable recount's from the responses.
    const before = await kept();
    expect(await two.a.rebuildVariableRollups('s')).toBe(await two.a.countResponses('s'));
    expect(await kept()).toEqual(before);
    await check(two.a);
    // A new time zone recounts every rollup of the site in local days.
    await recountInLocalDays(rollups);
  });

  summedRollupsCases(rollups);

  it('reads the levels by cell from var_cell_rollups once the site is summed, from var_rollups while it is pending', async () => {
    const make = maker(4);
    await two.a.saveResponses(Array.from({ length: 120 }, (_, i) => make(i, { partial: false, durationMs: null })));
    const levels = await modelLevels(two.a, 'UTC', ['touchpoint']);
    expect(levels.length).toBeGreaterThan(10);
    // Cell rows zeroed by hand: only the read from them loses its counts.
    await two.reader.query('UPDATE var_cell_rollups SET count = 0');
    expect(await modelLevels(two.a, 'UTC', ['touchpoint'])).toEqual([]);
    expect(await modelLevels(two.a, 'UTC', ['touchpoint'], true)).toEqual(levels);
  });
});
