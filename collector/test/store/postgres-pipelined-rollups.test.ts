import { describe, expect, it } from 'vitest';
import type pg from 'pg';
import type { Queryable } from '../../src/store/postgres/db.js';
import { formatDay } from '../../src/scoring/calendar.js';
import { RollupDeltas } from '../../src/store/postgres/rollup-deltas.js';
import { NO_TYPE_HISTORY } from '../../src/store/plan/type-at-arrival.js';

/**
 * A connection that pipelines (as the writer thread's do), recording how many statements were out at once. It
 * stands in for PostgreSQL because what is checked is the order statements leave in, which a real server
 * cannot report; the rollups these statements write are checked on a real one (postgres-week-rollups.test.ts,
 * whose collector `b` commits on the writer thread).
 */
class PipelinedRecorder {
  readonly pipeline = true;
  private out = 0;
  mostOut = 0;
  readonly sent: string[] = [];

  query(text: string): Promise<pg.QueryResult> {
    this.sent.push(text.replace(/\s+/g, ' ').slice(0, 60));
    this.mostOut = Math.max(this.mostOut, ++this.out);
    // The week horizon is two weeks back; every other statement finds nothing.
    const rows = /FROM week_rollup_horizon/.test(text) ? [{ monday: formatDay(Date.now() - 14 * 86_400_000) }] : [];
    return new Promise((resolve) =>
      setTimeout(() => {
        this.out--;
        resolve({ rows, rowCount: rows.length } as unknown as pg.QueryResult);
      }, 2),
    );
  }
}

/** A stored response's rollup source on `day`, with two variables. */
const response = (day: string) => ({
  site: 's',
  survey: 'q',
  touchpoint: 'tp',
  channel: 'web',
  trigger: null,
  created_at: `${day}T10:00:00.000Z`,
  received_at: `${day}T10:00:00.000Z`,
  answers: { nps: 9 },
  device: 'mobile',
  vars: { segment: 'gold', region: 'north' },
});

describe('PostgreSQL rollup upserts on a pipelining connection', () => {
  it('overlaps the tables’ statements when no week rows are summed', async () => {
    const db = new PipelinedRecorder();
    const deltas = new RollupDeltas();
    deltas.add(response(formatDay(Date.now())), NO_TYPE_HISTORY, 'UTC');
    await deltas.flush(db as unknown as Queryable, true);
    expect(db.mostOut).toBeGreaterThan(1);
  });

  it('sends them one at a time when it sums week rows, whose setting switches the week triggers off around each upsert', async () => {
    const db = new PipelinedRecorder();
    const deltas = new RollupDeltas();
    // Before the horizon: this transaction sums its week rows itself (PgWeekSums).
    deltas.add(response(formatDay(Date.now() - 30 * 86_400_000)), NO_TYPE_HISTORY, 'UTC');
    await deltas.flush(db as unknown as Queryable, true);
    expect(db.sent.some((s) => s.includes('set_config'))).toBe(true);
    expect(db.mostOut).toBe(1);
  });
});
