import {
  impressionDeltas,
  rollupDeltas,
  type CountDelta,
  type RollupDeltas as PlanDeltas,
  type ScoreDelta,
} from '../plan/rollup-contribution.js';
import type { QuestionTypesAt } from '../plan/type-at-arrival.js';
import type { VarDelta } from '../plan/variable-rollup.js';
import type { ImpactDelta } from '../plan/impact-rollup.js';
import type { ShownEventRecord } from '../store.js';
import { together, type FinalStatement, type Queryable } from './db.js';
import { sumImpact, writeImpactDeltas } from './impact-rollups.js';
import { writeVariableDeltas } from './variable-rollups.js';
import { PgWeekSums, tieredUpsert, type TieredUpsert } from './week-tier.js';

/**
 * Rollup deltas of one transaction (tables of migrations/postgres/002_rollups.sql): the write plans'
 * deltas (plan/rollup-contribution.ts), summed in memory by key and upserted once at its end with one
 * statement per table: a batch of 500 responses costs two statements. Rows are written in key order, so
 * that two collectors committing at once lock them in the same order and never deadlock.
 */

const UPSERT_SCORES = `INSERT INTO score_rollups AS s (site, day, survey, touchpoint, channel, question, qtype, value,
  count) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
  $8::int[], $9::int[])
  ON CONFLICT (site, day, survey, touchpoint, channel, question, qtype, value, shard)
  DO UPDATE SET count = s.count + excluded.count`;

const SCORES: TieredUpsert = {
  table: 'score_rollups',
  sql: UPSERT_SCORES,
  columns: ['site', 'day', 'survey', 'touchpoint', 'channel', 'question', 'qtype', 'value', 'count'],
  types: ['text', 'text', 'text', 'text', 'text', 'text', 'text', 'int', 'int'],
};

const UPSERT_COUNTS = `INSERT INTO response_counts AS c (site, day, survey, touchpoint, channel, trigger, answered,
  impressions) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
  $7::int[], $8::int[])
  ON CONFLICT (site, day, survey, touchpoint, channel, trigger, shard)
  DO UPDATE SET answered = c.answered + excluded.answered, impressions = c.impressions + excluded.impressions`;

/** Rows of `map` in key order. */
const sorted = <T>(map: Map<string, T>): T[] =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** The rollup deltas of one transaction. */
export class RollupDeltas {
  private readonly scores = new Map<string, ScoreDelta>();
  private readonly counts = new Map<string, CountDelta>();
  private readonly vars = new Map<string, VarDelta>();
  private readonly impact = new Map<string, ImpactDelta>();

  /** Adds a write plan's deltas. */
  stage(deltas: PlanDeltas): void {
    for (const d of deltas.scores) {
      const sum = this.scores.get(d.key);
      if (sum) sum.count += d.count;
      else this.scores.set(d.key, { ...d });
    }
    for (const d of deltas.counts) {
      const sum = this.counts.get(d.key);
      if (sum) {
        sum.answered += d.answered;
        sum.impressions += d.impressions;
      } else this.counts.set(d.key, { ...d });
    }
    for (const d of deltas.vars) {
      const sum = this.vars.get(d.key);
      if (sum) sum.count += d.count;
      else this.vars.set(d.key, { ...d });
    }
    sumImpact(this.impact, deltas.impact);
  }

  /** Adds an impression (the response rate's denominator), on its local day in `timeZone`. */
  impression(e: ShownEventRecord, timeZone: string): void {
    this.stage(impressionDeltas(e, timeZone));
  }

  /** Adds a stored response's contribution, counted in the site's type history and time zone. */
  add(row: Parameters<typeof rollupDeltas>[0], types: QuestionTypesAt, timeZone: string): void {
    this.stage(rollupDeltas(row, 1, types, timeZone));
  }

  /**
   * Writes the deltas, inside the transaction that made them. `sumWeeks`: the write path sums the week rows of
   * deltas before the week horizon itself (PgWeekSums; the ingest's commits), rather than the triggers. `last`:
   * the transaction's statements that go out with its COMMIT (inTransaction), where the last upserts may go.
   */
  async flush(db: Queryable, sumWeeks = false, last?: FinalStatement[]): Promise<void> {
    const scores = sorted(this.scores).filter((d) => d.count !== 0);
    const counts = sorted(this.counts).filter((d) => d.answered !== 0 || d.impressions !== 0);
    const vars = [...this.vars.values()];
    const impact = new Map(this.impact);
    this.scores.clear();
    this.counts.clear();
    this.vars.clear();
    this.impact.clear();
    let oldest: string | null = null;
    if (sumWeeks)
      for (const list of [scores, vars]) for (const d of list) if (oldest === null || d.day < oldest) oldest = d.day;
    const weeks = oldest === null ? null : await PgWeekSums.begin(db, oldest);
    const tables = [
      () => this.writeScores(db, weeks, scores),
      () => this.writeCounts(db, counts),
      () => writeVariableDeltas(db, vars, weeks, last),
      () => writeImpactDeltas(db, impact),
    ] as const;
    // A week sum switches the week triggers off around its upsert with a transaction-wide setting
    // (PgWeekSums.upsert): then no other table's statement may run in between, and they go one after the other.
    if (weeks) for (const write of tables) await write();
    // Else each table's statements apart from the others' (their round trips overlap where the connection pipelines).
    else await together(db, ...tables);
  }

  private async writeScores(db: Queryable, weeks: PgWeekSums | null, scores: ScoreDelta[]): Promise<void> {
    if (scores.length > 0) {
      const col = <T>(f: (d: ScoreDelta) => T) => scores.map(f);
      await tieredUpsert(db, weeks, SCORES, [
        col((d) => d.site),
        col((d) => d.day),
        col((d) => d.survey),
        col((d) => d.touchpoint),
        col((d) => d.channel),
        col((d) => d.question),
        col((d) => d.qtype),
        col((d) => d.value),
        col((d) => d.count),
      ]);
    }
  }

  private async writeCounts(db: Queryable, counts: CountDelta[]): Promise<void> {
    if (counts.length > 0) {
      const col = <T>(f: (d: CountDelta) => T) => counts.map(f);
      await db.query(UPSERT_COUNTS, [
        col((d) => d.site),
        col((d) => d.day),
        col((d) => d.survey),
        col((d) => d.touchpoint),
        col((d) => d.channel),
        col((d) => d.trigger),
        col((d) => d.answered),
        col((d) => d.impressions),
      ]);
    }
  }
}
