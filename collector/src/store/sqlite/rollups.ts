import type { Database, Statement } from 'better-sqlite3';
import type { Survey } from '@touchpoint/shared';
import type { ShownEventRecord } from '../store.js';
import { SqliteQuestionTypes } from './question-types.js';

/**
 * Rollups kept current on write (tables in migrations/sqlite/002_rollups.sql). Every change of a stored
 * response goes through `add(row, ±1)`; `contribution` below is the only place that decides what a row
 * adds. Deltas are staged per caller of the group commit and written once per transaction, summed, so a
 * batch of 500 responses costs a few dozen upserts rather than a thousand.
 */

/** The columns of a stored response that decide what it adds to the rollups. */
export interface RollupSource {
  site: string;
  survey: string;
  touchpoint: string;
  channel: string;
  trigger: string | null;
  /** ISO 8601 UTC, as the responses table keeps it */
  created_at: string;
  /** first arrival (ISO 8601 UTC): an answer counts as the type its question had then (question-types.ts) */
  received_at: string;
  answers: Readonly<Record<string, unknown>>;
  /** set by the misuse filter (migration 004); absent or 0 counts */
  flagged?: number | boolean | null;
}

/** What to select from `responses` to build a RollupSource (answers still as JSON text). */
export const ROLLUP_COLUMNS = 'site, survey, touchpoint, channel, trigger, created_at, received_at, answers, flagged';

/** Whether a stored response counts in scores and response rates at all: flagged ones (misuse) do not. */
export function countsInScores(row: Pick<RollupSource, 'flagged'>): boolean {
  return !row.flagged;
}

/** How an answer counts in scores: integers (scale and thumbs answers, the only numeric ones) as themselves. */
export function scoredValue(answer: unknown): number | null {
  return typeof answer === 'number' && Number.isInteger(answer) ? answer : null;
}

/** What one stored response adds to the rollups. */
export interface Contribution {
  /** 'YYYY-MM-DD' (UTC) of created_at */
  day: string;
  /** 1 when the respondent answered anything (the response rate's numerator) */
  answered: number;
  /** [question, value] of each scored answer */
  scores: [string, number][];
}

/**
 * THE rule of what a stored response counts for, used by the rollups and by every scan that must agree
 * with them (respondent rows use `countsInScores` and `scoredValue`, its two halves). The migration's
 * backfill applies the same rule to the rows present at that time.
 */
export function contribution(row: RollupSource): Contribution | null {
  if (!countsInScores(row)) return null;
  const scores: [string, number][] = [];
  let answers = 0;
  for (const [question, answer] of Object.entries(row.answers)) {
    answers++;
    const value = scoredValue(answer);
    if (value !== null) scores.push([question, value]);
  }
  return { day: row.created_at.slice(0, 10), answered: answers > 0 ? 1 : 0, scores };
}

/** A pending change of one score_rollups row. */
interface ScoreDelta {
  site: string;
  day: string;
  survey: string;
  touchpoint: string;
  channel: string;
  question: string;
  /** '' when the question was not in its survey */
  qtype: string;
  value: number;
  count: number;
}

/** A pending change of one response_counts row. */
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

/** Question id → type, per survey. */
type QuestionTypes = ReadonlyMap<string, string>;

const SEP = '\u0000';

/** The rollup upkeep of the SQLite store. Synchronous: it runs inside the store's transactions. */
export class SqliteRollups {
  private staged = { scores: new Map<string, ScoreDelta>(), counts: new Map<string, CountDelta>() };
  private pending = { scores: new Map<string, ScoreDelta>(), counts: new Map<string, CountDelta>() };
  private readonly types = new Map<string, QuestionTypes>();
  /** the type history every answer is counted under */
  readonly questionTypes: SqliteQuestionTypes;
  private readonly selectSurvey: Statement<[string, string], { definition: string }>;
  private readonly upsertScore: Statement;
  private readonly upsertCount: Statement;

  constructor(private readonly db: Database) {
    this.questionTypes = new SqliteQuestionTypes(db);
    this.selectSurvey = db.prepare('SELECT definition FROM surveys WHERE site = ? AND id = ?');
    // Positional parameters: one upsert per touched rollup row and commit, no object to bind from.
    this.upsertScore = db.prepare(`INSERT INTO score_rollups (site, day, survey, touchpoint, channel, question,
      qtype, value, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET count = count + excluded.count`);
    this.upsertCount = db.prepare(`INSERT INTO response_counts (site, day, survey, touchpoint, channel, trigger,
      answered, impressions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET answered = answered + excluded.answered,
        impressions = impressions + excluded.impressions`);
  }

  /** The question types of a survey as defined now (cached until a survey changes); scores use `questionTypes`. */
  typesOf(site: string, survey: string): QuestionTypes {
    const key = site + SEP + survey;
    let types = this.types.get(key);
    if (!types) {
      const row = this.selectSurvey.get(site, survey);
      const questions = row ? (JSON.parse(row.definition) as Survey).questions : [];
      types = new Map(questions.map((q) => [q.id, q.type]));
      this.types.set(key, types);
    }
    return types;
  }

  /** Forgets cached question types; the store calls it whenever a survey is created, changed or deleted. */
  forgetSurveys(): void {
    this.types.clear();
    this.questionTypes.forget();
  }

  /** Stages a response's contribution: sign 1 when it is stored, −1 when it goes or is replaced. */
  add(row: RollupSource, sign: 1 | -1): void {
    const c = contribution(row);
    if (c === null) return;
    const base = `${row.site}${SEP}${c.day}${SEP}${row.survey}${SEP}${row.touchpoint}${SEP}${row.channel}`;
    for (const [question, value] of c.scores) {
      const qtype = this.questionTypes.at(row.site, row.survey, question, row.received_at) ?? '';
      const key = `${base}${SEP}${question}${SEP}${qtype}${SEP}${value}`;
      const delta = this.staged.scores.get(key);
      if (delta) delta.count += sign;
      else {
        const { site, survey, touchpoint, channel } = row;
        this.staged.scores.set(key, {
          site,
          day: c.day,
          survey,
          touchpoint,
          channel,
          question,
          qtype,
          value,
          count: sign,
        });
      }
    }
    this.count(row, c.day, row.trigger, c.answered * sign, 0);
  }

  /** Stages an impression (the response rate's denominator). */
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
    const delta = this.staged.counts.get(key);
    if (delta) {
      delta.answered += answered;
      delta.impressions += impressions;
    } else {
      const { site, survey, touchpoint, channel } = row;
      this.staged.counts.set(key, { site, day, survey, touchpoint, channel, trigger: t, answered, impressions });
    }
  }

  /** Keeps what was staged since the last keep/drop (its caller's savepoint committed). */
  keep(): void {
    for (const [key, d] of this.staged.scores) {
      const p = this.pending.scores.get(key);
      if (p) p.count += d.count;
      else this.pending.scores.set(key, d);
    }
    for (const [key, d] of this.staged.counts) {
      const p = this.pending.counts.get(key);
      if (p) {
        p.answered += d.answered;
        p.impressions += d.impressions;
      } else this.pending.counts.set(key, d);
    }
    this.drop();
  }

  /** Drops what was staged since the last keep/drop (its caller's savepoint rolled back). */
  drop(): void {
    this.staged = { scores: new Map(), counts: new Map() };
  }

  /** Writes the kept deltas; call inside the transaction that made them. Clears them even if it fails. */
  flush(): void {
    const { scores, counts } = this.pending;
    this.pending = { scores: new Map(), counts: new Map() };
    this.drop();
    for (const d of scores.values()) {
      if (d.count === 0) continue;
      this.upsertScore.run(d.site, d.day, d.survey, d.touchpoint, d.channel, d.question, d.qtype, d.value, d.count);
    }
    for (const d of counts.values()) {
      if (d.answered === 0 && d.impressions === 0) continue;
      this.upsertCount.run(d.site, d.day, d.survey, d.touchpoint, d.channel, d.trigger, d.answered, d.impressions);
    }
  }

  /** Deletes the responses matching `where` and takes their contributions out, in one transaction. */
  deleteResponses(where: string, params: readonly string[]): number {
    return this.db
      .transaction(() => {
        const rows = this.db.prepare(`SELECT ${ROLLUP_COLUMNS} FROM responses WHERE ${where}`).all(...params);
        for (const r of rows as (Omit<RollupSource, 'answers'> & { answers: string })[]) {
          this.add({ ...r, answers: JSON.parse(r.answers) as Record<string, unknown> }, -1);
        }
        const deleted = this.db.prepare(`DELETE FROM responses WHERE ${where}`).run(...params).changes;
        this.keep();
        this.flush();
        return deleted;
        // IMMEDIATE: it reads before it writes, and another connection (the writer thread) may commit between.
      })
      .immediate();
  }
}
