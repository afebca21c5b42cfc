import type { Survey } from '@touchpoint/shared';
import { contribution, type RollupSource } from '../sqlite/rollups.js';
import type { ShownEventRecord } from '../store.js';
import type { Queryable } from './db.js';

/**
 * Rollup deltas of one transaction (tables of migrations/postgres/002_rollups.sql), summed in memory and
 * upserted once at its end with one statement per table: a batch of 500 responses costs two statements.
 * `contribution` (the rule shared with SQLite) decides what a response adds. Rows are written in key
 * order, so that two collectors committing at once lock them in the same order and never deadlock.
 */

interface ScoreDelta {
  site: string;
  day: string;
  survey: string;
  touchpoint: string;
  channel: string;
  question: string;
  qtype: string | null;
  value: number;
  count: number;
}

interface CountDelta {
  site: string;
  day: string;
  survey: string;
  touchpoint: string;
  channel: string;
  trigger: string;
  answered: number;
  impressions: number;
}

const SEP = '\u0000';

const UPSERT_SCORES = `INSERT INTO score_rollups AS s (site, day, survey, touchpoint, channel, question, qtype, value,
  count) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
  $8::int[], $9::int[])
  ON CONFLICT (site, day, survey, touchpoint, channel, question, value)
  DO UPDATE SET count = s.count + excluded.count, qtype = coalesce(excluded.qtype, s.qtype)`;

const UPSERT_COUNTS = `INSERT INTO response_counts AS c (site, day, survey, touchpoint, channel, trigger, answered,
  impressions) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[],
  $7::int[], $8::int[])
  ON CONFLICT (site, day, survey, touchpoint, channel, trigger)
  DO UPDATE SET answered = c.answered + excluded.answered, impressions = c.impressions + excluded.impressions`;

/** Rows of `map` in key order. */
const sorted = <T>(map: Map<string, T>): T[] =>
  [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

/** The rollup deltas of one transaction. */
export class RollupDeltas {
  private readonly scores = new Map<string, ScoreDelta>();
  private readonly counts = new Map<string, CountDelta>();

  /** `surveyOf` gives a survey as stored, for the question types (null qtype when unknown). */
  constructor(private readonly surveyOf: (site: string, survey: string) => Survey | undefined) {}

  /** Adds a response's contribution: sign 1 when it is stored, −1 when it goes or is replaced. */
  add(row: RollupSource, sign: 1 | -1): void {
    const c = contribution(row);
    if (c === null) return;
    const base = `${row.site}${SEP}${c.day}${SEP}${row.survey}${SEP}${row.touchpoint}${SEP}${row.channel}`;
    for (const [question, value] of c.scores) {
      const key = `${base}${SEP}${question}${SEP}${value}`;
      const delta = this.scores.get(key);
      if (delta) delta.count += sign;
      else {
        const { site, survey, touchpoint, channel } = row;
        const qtype = this.surveyOf(site, survey)?.questions.find((q) => q.id === question)?.type ?? null;
        this.scores.set(key, { site, day: c.day, survey, touchpoint, channel, question, qtype, value, count: sign });
      }
    }
    this.count(row, c.day, row.trigger, c.answered * sign, 0);
  }

  /** Adds an impression (the response rate's denominator). */
  impression(e: ShownEventRecord): void {
    this.count(e, e.createdAt.slice(0, 10), e.trigger, 0, 1);
  }

  private count(
    row: { site: string; survey: string; touchpoint: string; channel: string },
    day: string,
    trigger: string | null,
    answered: number,
    impressions: number,
  ): void {
    if (answered === 0 && impressions === 0) return;
    const t = trigger ?? '';
    const key = `${row.site}${SEP}${day}${SEP}${row.survey}${SEP}${row.touchpoint}${SEP}${row.channel}${SEP}${t}`;
    const delta = this.counts.get(key);
    if (delta) {
      delta.answered += answered;
      delta.impressions += impressions;
    } else {
      const { site, survey, touchpoint, channel } = row;
      this.counts.set(key, { site, day, survey, touchpoint, channel, trigger: t, answered, impressions });
    }
  }

  /** Writes the deltas, inside the transaction that made them. */
  async flush(db: Queryable): Promise<void> {
    const scores = sorted(this.scores).filter((d) => d.count !== 0);
    const counts = sorted(this.counts).filter((d) => d.answered !== 0 || d.impressions !== 0);
    this.scores.clear();
    this.counts.clear();
    if (scores.length > 0) {
      const col = <T>(f: (d: ScoreDelta) => T) => scores.map(f);
      await db.query(UPSERT_SCORES, [
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
