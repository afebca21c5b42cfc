import { contribution, countsInScores, scoredValue, type RollupSource } from '../plan/rollup-contribution.js';
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
import type { Queryable } from './db.js';
import { typeHistory } from './question-types.js';
import { pgRollupFilteredHistograms } from './variable-rollup-queries.js';
import { pgTieredSource, pgWeekHorizon } from './week-tier.js';

/** Key of trigger groups for responses and impressions without a trigger. */
const NO_TRIGGER = '(none)';
/** The rollup column each grouping reads; `none` is one group. */
const GROUP_COLUMN = { none: "'all'", survey: 'survey', touchpoint: 'touchpoint', channel: 'channel', day: 'day' };

/** A WHERE clause with positional parameters, built up one condition at a time. */
export class Where {
  readonly params: unknown[] = [];
  private readonly parts: string[] = [];
  /** `$n` of a new parameter. */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }
  /** Adds a condition; `{}` in it is replaced by the parameter's `$n`. */
  and(sql: string, value?: unknown): this {
    this.parts.push(value === undefined ? sql : sql.replace('{}', this.param(value)));
    return this;
  }
  get sql(): string {
    return this.parts.join(' AND ');
  }
  /** A copy to add conditions to without changing this one. */
  copy(): Where {
    const out = new Where();
    out.params.push(...this.params);
    out.parts.push(...this.parts);
    return out;
  }
}

/** The first instant of local day `day` in the filter's time zone, as stored timestamps are written. */
const dayStart = (day: string, f: ScoreFilter): string =>
  new Date(localDayStart(day, f.timeZone ?? DEFAULT_TIME_ZONE)).toISOString();

/** WHERE over a rollup table (columns site, day, survey, touchpoint, channel). */
export function rollupWhere(site: string, f: Omit<ScoreFilter, 'vars'>): Where {
  const where = new Where().and('site = {}', site).and('day >= {}', f.from).and('day <= {}', f.to);
  for (const col of ['survey', 'touchpoint', 'channel'] as const) {
    if (f[col] !== undefined) where.and(`${col} = {}`, f[col]);
  }
  return where;
}

/**
 * WHERE over `responses` for a window. A variable filter matches the stored JSON value, so `var.tier=2`
 * finds the number 2 and the text "2", and `var.buyer=true` the boolean (as on SQLite).
 */
export function responseWhere(site: string, f: ScoreFilter): Where {
  const where = new Where()
    .and('site = {}', site)
    .and('created_at >= {}', dayStart(f.from, f))
    .and('created_at < {}', dayStart(addDays(f.to, 1), f));
  for (const col of ['survey', 'touchpoint', 'channel'] as const) {
    if (f[col] !== undefined) where.and(`${col} = {}`, f[col]);
  }
  for (const [name, value] of Object.entries(f.vars ?? {})) {
    const literal = /^(true|false|-?\d+(\.\d+)?([eE][+-]?\d+)?)$/.test(value) ? value : JSON.stringify(value);
    const path = where.param(name);
    const text = where.param(JSON.stringify(value));
    where.and(`(vars -> ${path}) IN (${text}::jsonb, {}::jsonb)`, literal);
  }
  if (f.verified === 'receipt') where.and(VERIFIED_BY_RECEIPT);
  return where;
}

/**
 * A response verified by a receipt: one a receipt QR code led to (receipt_scans, migration 012) that arrived
 * within the receipt's validity window, as on SQLite. For a query over `responses` without an alias.
 */
export const VERIFIED_BY_RECEIPT = `EXISTS (SELECT 1 FROM receipt_scans vs WHERE vs.site = responses.site
  AND vs.response_id = responses.id AND responses.received_at <= vs.valid_until)`;

/** A response row as the scans read it: the rollup columns, with node-postgres's boolean flag. */
interface ScanRow extends RollupSource {
  flagged: boolean;
}

/** The read side of scores on PostgreSQL: rollups for counts, a narrow scan for respondent-level rows. */
export class PgScoreQueries {
  constructor(private readonly db: Queryable) {}

  async histograms(site: string, q: HistogramQuery): Promise<HistogramRow[]> {
    // Rollups hold no receipts: that filter reads the responses; variables are rolled up unless scan-only.
    if (q.verified) return this.scanHistograms(site, q);
    if (q.vars && Object.keys(q.vars).length > 0)
      return (await pgRollupFilteredHistograms(this.db, site, q)) ?? this.scanHistograms(site, q);
    const where = rollupWhere(site, q).and('qtype = {}', q.qtype);
    if (q.question !== undefined) where.and('question = {}', q.question);
    if (q.questions !== undefined) {
      where.and(
        `(survey, question) IN (SELECT * FROM unnest({}::text[], ${where.param(q.questions.map((x) => x.question))}::text[]))`,
        q.questions.map((x) => x.survey),
      );
    }
    // Whole weeks from the week rollups (migration 032), unless the caller needs each day.
    const source =
      q.groupBy === 'day' && !q.weeks
        ? `score_rollups WHERE ${where.sql}`
        : pgTieredSource(
            'score_rollups',
            ['day', 'survey', 'touchpoint', 'channel', 'value', 'count'],
            where,
            await pgWeekHorizon(this.db),
          );
    // sum > 0 also hides a count that went below zero, should upkeep ever have missed a write.
    const { rows } = await this.db.query<HistogramRow>(
      `SELECT ${GROUP_COLUMN[q.groupBy]} AS key, value, sum(count) AS count FROM ${source}
      GROUP BY 1, 2 HAVING sum(count) > 0`,
      where.params,
    );
    return rows;
  }

  /** The same histograms from the responses themselves, through the rollups' own rule. */
  private async scanHistograms(site: string, q: HistogramQuery): Promise<HistogramRow[]> {
    const where = responseWhere(site, q);
    const zone = q.timeZone ?? DEFAULT_TIME_ZONE;
    const types = await typeHistory(this.db, [site]);
    const only = q.questions && new Set(q.questions.map((x) => `${x.survey}\u0000${x.question}`));
    const { rows } = await this.db.query<ScanRow>(
      `SELECT site, survey, touchpoint, channel, trigger, created_at, received_at, answers, flagged FROM responses
      WHERE ${where.sql}`,
      where.params,
    );
    const out = new Map<string, HistogramRow>();
    for (const raw of rows) {
      const c = contribution(raw, zone);
      if (c === null) continue;
      for (const [question, value] of c.scores) {
        if (q.question !== undefined && question !== q.question) continue;
        if (only && !only.has(`${raw.survey}\u0000${question}`)) continue;
        if (types.typeAt(raw.survey, question, raw.received_at) !== q.qtype) continue;
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
  async impactCounts(site: string, q: ImpactQuery): Promise<ImpactCountRow[] | null> {
    const pending = await this.db.query('SELECT 1 FROM variable_rollups_pending WHERE site = $1', [site]);
    if (pending.rows.length > 0) return null;
    if (q.pairs.length === 0) return [];
    const where = rollupWhere(site, q).and('qtype = {}', q.rating);
    const surveys = where.param(q.pairs.map((x) => x.survey));
    const questions = where.param(q.pairs.map((x) => x.question));
    const npsQuestions = where.param(q.pairs.map((x) => x.npsQuestion));
    where.and(
      `(survey, question, nps_question) IN (SELECT * FROM unnest(${surveys}::text[], ${questions}::text[], ${npsQuestions}::text[]))`,
    );
    const { rows } = await this.db.query<ImpactCountRow>(
      `SELECT touchpoint, value AS rating, nps_value AS loyalty, sum(count)::int AS count FROM impact_rollups
      WHERE ${where.sql} GROUP BY 1, 2, 3 HAVING sum(count) > 0`,
      where.params,
    );
    return rows;
  }

  async responseCounts(site: string, q: ExposureQuery): Promise<ExposureRow[]> {
    const where = rollupWhere(site, q);
    const key =
      q.groupBy === 'trigger'
        ? `CASE WHEN trigger = '' THEN '${NO_TRIGGER}' ELSE trigger END`
        : GROUP_COLUMN[q.groupBy];
    const { rows } = await this.db.query<ExposureRow>(
      `SELECT ${key} AS key, sum(answered) AS answered, sum(impressions) AS impressions FROM response_counts
      WHERE ${where.sql} GROUP BY 1`,
      where.params,
    );
    return rows;
  }

  async respondentRows(site: string, q: RespondentQuery): Promise<RespondentRow[]> {
    const surveys = [...new Set(q.questions.map((x) => x.survey))];
    if (surveys.length === 0) return [];
    const askedBy = new Map<string, string[]>();
    for (const x of q.questions) askedBy.set(x.survey, [...new Set([...(askedBy.get(x.survey) ?? []), x.question])]);
    const where = responseWhere(site, q).and('survey = ANY({}::text[])', surveys);
    const names = q.variables === 'all' ? null : q.variables;
    // With `qtype` (the query's, or a pair's own), an answer counts only under the type its question had
    // when the response arrived.
    const typeOf = new Map(q.questions.map((x) => [`${x.survey}\u0000${x.question}`, x.qtype ?? q.qtype]));
    const types = [...typeOf.values()].every((t) => t === undefined) ? null : await typeHistory(this.db, [site]);
    const { rows } = await this.db.query<{
      survey: string;
      touchpoint: string;
      channel: string;
      trigger: string | null;
      device: string | null;
      flagged: boolean;
      received_at: string;
      answers: Record<string, unknown>;
      vars: Record<string, string | number | boolean>;
    }>(
      `SELECT survey, touchpoint, channel, trigger, device, flagged, received_at, answers, vars FROM responses
      WHERE ${where.sql}`,
      where.params,
    );
    const out: RespondentRow[] = [];
    for (const raw of rows) {
      if (!countsInScores(raw)) continue;
      const answers: Record<string, number> = {};
      let any = false;
      for (const question of askedBy.get(raw.survey) ?? []) {
        const qtype = typeOf.get(`${raw.survey}\u0000${question}`);
        if (types && qtype !== undefined && types.typeAt(raw.survey, question, raw.received_at) !== qtype) continue;
        const value = scoredValue(raw.answers[question]);
        if (value !== null) {
          answers[question] = value;
          any = true;
        }
      }
      if (!any) continue;
      let vars: RespondentRow['vars'] = raw.vars;
      if (names) {
        vars = {};
        for (const name of names) if (name in raw.vars) vars[name] = raw.vars[name] as string | number | boolean;
      }
      const { survey, touchpoint, channel, trigger, device } = raw;
      out.push({ survey, touchpoint, channel, trigger, device, answers, vars });
    }
    return out;
  }
}
