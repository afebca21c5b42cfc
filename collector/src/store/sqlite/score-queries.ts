import type { Database } from 'better-sqlite3';
import { addDays } from '../../scoring/calendar.js';
import { DEFAULT_TIME_ZONE, localDayStart } from '../../scoring/time-zone.js';
import type {
  ExposureQuery,
  ExposureRow,
  HistogramQuery,
  HistogramRow,
  ImpactCountRow,
  ImpactQuery,
  RespondentQuery,
  RespondentRow,
  ScoreFilter,
} from '../store.js';
import { contribution, countsInScores, scoredValue, type RollupSource } from '../plan/rollup-contribution.js';
import { ROLLUP_COLUMNS, type SqliteRollups } from './rollups.js';
import type { Where } from './query.js';
import { tieredSource } from './week-tier.js';
import type { SqliteQuestionTypes } from './question-types.js';
import { rollupFilteredHistograms } from './variable-rollup-queries.js';

/** Sorts after every ISO timestamp: the end of an open type window. */
const AFTER_EVERY_TIME = '\uffff';
/** Key of trigger groups for responses and impressions without a trigger. */
export const NO_TRIGGER = '(none)';

/** The rollup column each grouping reads; `none` is one group. */
const GROUP_COLUMN = { none: "'all'", survey: 'survey', touchpoint: 'touchpoint', channel: 'channel', day: 'day' };

/** Columns respondentRows selects before the answers: survey, touchpoint, channel, trigger, device, flagged. */
const FIXED_COLUMNS = 6;

/** A JSON path naming one object key (ids and variable names never hold a double quote). */
export const keyPath = (key: string): string => `$."${key}"`;

/** The first instant of local day `day` in the filter's time zone, as stored timestamps are written. */
const dayStart = (day: string, f: ScoreFilter): string =>
  new Date(localDayStart(day, f.timeZone ?? DEFAULT_TIME_ZONE)).toISOString();

/** WHERE over a rollup table (columns site, day, survey, touchpoint, channel). */
export function rollupWhere(site: string, f: Omit<ScoreFilter, 'vars'>): Where {
  const where: Where = {
    sql: 'site = @site AND day >= @from AND day <= @to',
    params: { site, from: f.from, to: f.to },
  };
  for (const col of ['survey', 'touchpoint', 'channel'] as const) {
    const value = f[col];
    if (value !== undefined) {
      where.sql += ` AND ${col} = @${col}`;
      where.params[col] = value;
    }
  }
  return where;
}

/**
 * WHERE over `responses` for a window. A variable filter matches the JSON text of the stored value, so
 * `var.tier=2` finds the number 2 and the text "2", and `var.buyer=true` the boolean.
 */
export function responseWhere(site: string, f: ScoreFilter): Where {
  const where: Where = {
    sql: 'site = @site AND created_at >= @start AND created_at < @end',
    params: { site, start: dayStart(f.from, f), end: dayStart(addDays(f.to, 1), f) },
  };
  for (const col of ['survey', 'touchpoint', 'channel'] as const) {
    const value = f[col];
    if (value !== undefined) {
      where.sql += ` AND ${col} = @${col}`;
      where.params[col] = value;
    }
  }
  Object.entries(f.vars ?? {}).forEach(([name, value], i) => {
    const literal = /^(true|false|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(value)
      ? JSON.stringify(JSON.parse(value))
      : null;
    where.sql += ` AND (vars -> @varPath${i}) IN (@varText${i}, @varLiteral${i})`;
    where.params[`varPath${i}`] = keyPath(name);
    where.params[`varText${i}`] = JSON.stringify(value);
    where.params[`varLiteral${i}`] = literal ?? JSON.stringify(value);
  });
  if (f.verified === 'receipt') where.sql += ` AND ${VERIFIED_BY_RECEIPT}`;
  return where;
}

/**
 * A response verified by a receipt: one a receipt QR code led to (receipt_scans, 012_receipts.sql) that
 * arrived within the receipt's validity window. For a query over `responses` without an alias.
 */
export const VERIFIED_BY_RECEIPT = `EXISTS (SELECT 1 FROM receipt_scans vs WHERE vs.site = responses.site
  AND vs.response_id = responses.id AND responses.received_at <= vs.valid_until)`;

/**
 * SQL reading the answer to `question` (bound as @question`i`) of the surveys `q` lists. With `q.qtype`,
 * NULL where the question had another type when the response arrived (question-types.ts), so the scans
 * count exactly what the rollups count; a question that always had the type is read unwrapped.
 */
export function answerSql(
  types: SqliteQuestionTypes,
  site: string,
  q: RespondentQuery,
  question: string,
  i: number,
  where: Where,
): string {
  const read = `json_extract(answers, @question${i})`;
  const listed = q.questions.filter((x) => x.question === question);
  if (q.qtype === undefined && listed.every((x) => x.qtype === undefined)) return read;
  const parts: string[] = [];
  let gated = false;
  listed.forEach(({ survey, qtype: own }, j) => {
    const name = `tq${i}_${j}`;
    where.params[name] = survey;
    const qtype = own ?? q.qtype;
    const windows = qtype === undefined ? null : types.windows(site, survey, question, qtype);
    if (windows === null) return parts.push(`survey = @${name}`);
    gated = true;
    windows.forEach(([from, to], k) => {
      where.params[`${name}_${k}from`] = from;
      where.params[`${name}_${k}to`] = to ?? AFTER_EVERY_TIME;
      parts.push(`(survey = @${name} AND received_at >= @${name}_${k}from AND received_at < @${name}_${k}to)`);
    });
    return parts.length;
  });
  return gated ? `iif(${parts.join(' OR ') || '0'}, ${read}, NULL)` : read;
}

/** The read side of scores in SQLite: rollups for counts, a narrow scan for respondent-level rows. */
export class SqliteScoreQueries {
  constructor(
    private readonly db: Database,
    private readonly rollups: SqliteRollups,
  ) {}

  histograms(site: string, q: HistogramQuery): HistogramRow[] {
    if ((q.vars && Object.keys(q.vars).length > 0) || q.verified)
      return rollupFilteredHistograms(this.db, site, q) ?? this.scanHistograms(site, q);
    const where = rollupWhere(site, q);
    where.sql += ' AND qtype = @qtype';
    where.params.qtype = q.qtype;
    if (q.question !== undefined) {
      where.sql += ' AND question = @question';
      where.params.question = q.question;
    }
    if (q.questions !== undefined) {
      const pairs = q.questions.map(({ survey, question }, i) => {
        where.params[`pairSurvey${i}`] = survey;
        where.params[`pairQuestion${i}`] = question;
        return `(@pairSurvey${i}, @pairQuestion${i})`;
      });
      where.sql += pairs.length > 0 ? ` AND (survey, question) IN (VALUES ${pairs.join(', ')})` : ' AND 0';
    }
    // Whole weeks from the week rollups (migration 032), unless the caller needs each day.
    const source =
      q.groupBy === 'day' && !q.weeks
        ? `score_rollups WHERE ${where.sql}`
        : tieredSource(this.db, 'score_rollups', ['day', 'survey', 'touchpoint', 'channel', 'value', 'count'], where);
    // sum > 0 also hides a count that went below zero, should upkeep ever have missed a write.
    return this.db
      .prepare(
        `SELECT ${GROUP_COLUMN[q.groupBy]} AS key, value, sum(count) AS count FROM ${source}
        GROUP BY 1, 2 HAVING sum(count) > 0`,
      )
      .all(where.params) as HistogramRow[];
  }

  /** The same histograms from the responses themselves, through the rollups' own rule. */
  private scanHistograms(site: string, q: HistogramQuery): HistogramRow[] {
    const where = responseWhere(site, q);
    const zone = q.timeZone ?? DEFAULT_TIME_ZONE;
    const only = q.questions && new Set(q.questions.map((x) => `${x.survey}\u0000${x.question}`));
    const out = new Map<string, HistogramRow>();
    const rows = this.db.prepare(`SELECT ${ROLLUP_COLUMNS} FROM responses WHERE ${where.sql}`).iterate(where.params);
    for (const raw of rows as Iterable<Omit<RollupSource, 'answers'> & { answers: string }>) {
      const c = contribution({ ...raw, answers: JSON.parse(raw.answers) as Record<string, unknown> }, zone);
      if (c === null) continue;
      for (const [question, value] of c.scores) {
        if (q.question !== undefined && question !== q.question) continue;
        if (only && !only.has(`${raw.survey}\u0000${question}`)) continue;
        if (this.rollups.questionTypes.at(site, raw.survey, question, raw.received_at) !== q.qtype) continue;
        const key = q.groupBy === 'none' ? 'all' : q.groupBy === 'day' ? c.day : raw[q.groupBy];
        const id = `${key}\u0000${value}`;
        const row = out.get(id);
        if (row) row.count++;
        else out.set(id, { key, value, count: 1 });
      }
    }
    return [...out.values()];
  }

  /** See `Store.impactCounts`: the impact rollups (migration 020), or null while the site awaits its recount. */
  impactCounts(site: string, q: ImpactQuery): ImpactCountRow[] | null {
    if (this.db.prepare('SELECT 1 FROM variable_rollups_pending WHERE site = ?').get(site)) return null;
    if (q.pairs.length === 0) return [];
    const where = rollupWhere(site, q);
    where.sql += ' AND qtype = @qtype';
    where.params.qtype = q.rating;
    const pairs = q.pairs.map(({ survey, question, npsQuestion }, i) => {
      where.params[`pairSurvey${i}`] = survey;
      where.params[`pairQuestion${i}`] = question;
      where.params[`pairNps${i}`] = npsQuestion;
      return `(@pairSurvey${i}, @pairQuestion${i}, @pairNps${i})`;
    });
    where.sql += ` AND (survey, question, nps_question) IN (VALUES ${pairs.join(', ')})`;
    return this.db
      .prepare(
        `SELECT touchpoint, value AS rating, nps_value AS loyalty, sum(count) AS count FROM impact_rollups
        WHERE ${where.sql} GROUP BY 1, 2, 3 HAVING sum(count) > 0`,
      )
      .all(where.params) as ImpactCountRow[];
  }

  responseCounts(site: string, q: ExposureQuery): ExposureRow[] {
    const where = rollupWhere(site, q);
    const key = q.groupBy === 'trigger' ? `iif(trigger = '', '${NO_TRIGGER}', trigger)` : GROUP_COLUMN[q.groupBy];
    return this.db
      .prepare(
        `SELECT ${key} AS key, sum(answered) AS answered, sum(impressions) AS impressions FROM response_counts
        WHERE ${where.sql} GROUP BY 1`,
      )
      .all(where.params) as ExposureRow[];
  }

  respondentRows(site: string, q: RespondentQuery): RespondentRow[] {
    const surveys = [...new Set(q.questions.map((x) => x.survey))];
    const questions = [...new Set(q.questions.map((x) => x.question))];
    if (surveys.length === 0) return [];
    const asked = new Set(q.questions.map((x) => `${x.survey}\u0000${x.question}`));
    const where = responseWhere(site, q);
    where.sql += ` AND survey IN (${surveys.map((_, i) => `@survey${i}`).join(', ')})`;
    surveys.forEach((s, i) => (where.params[`survey${i}`] = s));
    const answerCols = questions.map((question, i) => {
      where.params[`question${i}`] = keyPath(question);
      return `${answerSql(this.rollups.questionTypes, site, q, question, i, where)} AS a${i}`;
    });
    const names = q.variables === 'all' ? null : q.variables;
    const varCols = !names
      ? ['vars']
      : names.map((name, i) => {
          where.params[`variable${i}`] = keyPath(name);
          return `vars -> @variable${i} AS v${i}`;
        });
    const sql = `SELECT survey, touchpoint, channel, trigger, device, flagged, ${[...answerCols, ...varCols].join(', ')}
      FROM responses WHERE ${where.sql}`;
    // Per survey, the indexes (in `questions`) of the answers it was asked for.
    const askedBy = new Map(
      surveys.map((survey) => [
        survey,
        questions.flatMap((question, i) => (asked.has(`${survey}\u0000${question}`) ? [i] : [])),
      ]),
    );
    const firstVar = FIXED_COLUMNS + questions.length;
    const out: RespondentRow[] = [];
    // Raw rows (arrays) skip building an object per row: this loop runs for every response of the window.
    for (const raw of this.db.prepare(sql).raw().iterate(where.params) as Iterable<unknown[]>) {
      if (!countsInScores({ flagged: raw[5] as number })) continue;
      const survey = raw[0] as string;
      const answers: Record<string, number> = {};
      let any = false;
      for (const i of askedBy.get(survey) ?? []) {
        const value = scoredValue(raw[FIXED_COLUMNS + i]);
        if (value !== null) {
          answers[questions[i] as string] = value;
          any = true;
        }
      }
      if (!any) continue;
      let vars: RespondentRow['vars'] = {};
      if (!names) vars = JSON.parse(raw[firstVar] as string) as RespondentRow['vars'];
      else {
        names.forEach((name, i) => {
          const text = raw[firstVar + i];
          if (typeof text === 'string') vars[name] = JSON.parse(text) as string | number | boolean;
        });
      }
      out.push({
        survey,
        touchpoint: raw[1] as string,
        channel: raw[2] as string,
        trigger: raw[3] as string | null,
        device: raw[4] as string | null,
        answers,
        vars,
      });
    }
    return out;
  }
}
