import pg from 'pg';
import { expect, it } from 'vitest';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { RollupDeltas } from '../../src/store/postgres/rollup-deltas.js';
import { ROLLUP_SHARD_SETTING } from '../../src/store/postgres/rollup-shard.js';
import { describePostgres } from '../helpers/postgres.js';
import { aRecord } from '../helpers/records.js';
import { oneNpsSurvey, twoCollectors } from '../helpers/two-collectors.js';

/** One local day and store for every response here: they all count into the same rollup rows. */
const AT = '2026-11-04T10:00:00.000Z';

/**
 * Rollup shards (migrations/postgres/029_rollup_shards.sql, store/postgres/rollup-shard.ts): each collector
 * writes rollup rows of its own shard, so one collector's commit never waits for another's row locks, and
 * every count read is the sum over shards.
 */
describePostgres('PostgreSQL rollup shards, with two collectors on one database', (db) => {
  const two = twoCollectors(db, oneNpsSurvey);

  /** The NPS rollups summed over shards, and the same counted from the stored responses. */
  const npsCounts = async () => ({
    rollups: (
      await two.reader.query(`SELECT value, sum(count)::int AS n FROM score_rollups WHERE question = 'nps'
        GROUP BY value HAVING sum(count) <> 0 ORDER BY value`)
    ).rows,
    recount: (
      await two.reader.query(`SELECT (answers ->> 'nps')::int AS value, count(*)::int AS n FROM responses
        WHERE answers ? 'nps' GROUP BY 1 ORDER BY 1`)
    ).rows,
    answered: (await two.reader.query('SELECT sum(answered)::int AS n FROM response_counts')).rows[0]?.n as number,
    stored: (await two.reader.query('SELECT count(*)::int AS n FROM responses')).rows[0]?.n as number,
  });

  it('claims shard 0 for a collector alone, the lowest free number for the next, and 0 again once it is free', async () => {
    expect([two.a.rollupShard, two.b.rollupShard]).toEqual([0, 1]);
    await two.a.saveResponses([aRecord({ site: 's', survey: 'q', createdAt: AT, answers: { nps: 9 } })]);
    // One collector's rows all go to its shard: no extra rows.
    const { rows } = await two.reader.query(
      'SELECT DISTINCT shard FROM score_rollups UNION SELECT shard FROM response_counts',
    );
    expect(rows).toEqual([{ shard: 0 }]);
    await two.a.close();
    two.a = await openPostgresStore(two.url);
    expect(two.a.rollupShard).toBe(0);
    const c = await openPostgresStore(two.url);
    try {
      expect(c.rollupShard).toBe(2);
    } finally {
      await c.close();
    }
  });

  it("commits a response to a rollup key while another collector's transaction holds its row of that key, and keeps the rollups equal to a recount", async () => {
    await two.a.saveResponses([aRecord({ site: 's', survey: 'q', createdAt: AT, answers: { nps: 9 } })]);
    const [row] = (await two.reader.query('SELECT * FROM score_rollups')).rows;
    // Collector a in the middle of its next commit: its upsert of the same rollup row done, its COMMIT not yet.
    const held = new pg.Client({ connectionString: two.url });
    await held.connect();
    try {
      await held.query('SELECT set_config($1, $2, false)', [ROLLUP_SHARD_SETTING, String(two.a.rollupShard)]);
      const pid = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      await held.query('BEGIN');
      const deltas = new RollupDeltas();
      deltas.stage({
        scores: [{ ...row, key: 'held', count: 1 }],
        counts: [],
        vars: [],
        impact: [],
      });
      await deltas.flush(held);

      // Collector b saves an answer that counts into the same rollup key, while a's row stays locked.
      const saving = two.b.saveResponses([aRecord({ site: 's', survey: 'q', createdAt: AT, answers: { nps: 9 } })]);
      const blocked = async (): Promise<'blocked'> => {
        for (;;) {
          const { rows } = await two.reader.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))',
            [pid],
          );
          if ((rows[0]?.n ?? 0) > 0) return 'blocked';
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      let settled = false;
      const outcome = await Promise.race([
        saving.then(() => 'saved' as const),
        (async () => {
          const r = await blocked();
          return settled ? ('saved' as const) : r;
        })(),
      ]);
      settled = true;
      expect(outcome).toBe('saved');
      await saving;
    } finally {
      await held.query('ROLLBACK').catch(() => undefined);
      await held.end();
    }
    // Each collector's row of the key, summed by every reader.
    const { rows: shards } = await two.reader.query(
      "SELECT shard, count FROM score_rollups WHERE question = 'nps' ORDER BY shard",
    );
    expect(shards).toEqual([
      { shard: 0, count: 1 },
      { shard: 1, count: 1 },
    ]);
    const counts = await npsCounts();
    expect(counts.rollups).toEqual(counts.recount);
    expect(counts.answered).toBe(counts.stored);
  });

  it('keeps the rollups equal to a recount when two collectors write, erase and recount the same keys at once', async () => {
    const make = (nps: number) => aRecord({ site: 's', survey: 'q', createdAt: AT, answers: { nps } });
    const batches = (n: number) => Array.from({ length: n }, (_, i) => [make(i % 11), make((i * 7) % 11)]);
    const ab = [...batches(20).map((x) => two.a.saveResponses(x)), ...batches(20).map((x) => two.b.saveResponses(x))];
    await Promise.all(ab);
    expect((await two.reader.query('SELECT DISTINCT shard FROM score_rollups ORDER BY 1')).rows).toEqual([
      { shard: 0 },
      { shard: 1 },
    ]);
    // Responses counted through a taken out through b: a's shard keeps +1, b's gets −1, the sum is 0.
    const { rows: ids } = await two.reader.query<{ id: string }>('SELECT id FROM responses ORDER BY id LIMIT 15');
    for (const { id } of ids) expect(await two.b.deleteResponse('s', id)).toBe(true);
    let counts = await npsCounts();
    expect(counts.rollups).toEqual(counts.recount);
    expect(counts.answered).toBe(counts.stored);
    // A recount of the site empties every shard and counts into the recounting collector's.
    await two.a.rebuildVariableRollups('s');
    const stored = (await two.a.getSite('s'))!;
    await two.a.updateSite({ ...stored, settings: { ...stored.settings, timeZone: 'Europe/Berlin' } });
    counts = await npsCounts();
    expect(counts.rollups).toEqual(counts.recount);
    expect((await two.reader.query('SELECT DISTINCT shard FROM score_rollups')).rows).toEqual([{ shard: 0 }]);
  });
});
