import type { Database, Statement } from 'better-sqlite3';
import { bucketOf } from '../scoring/calendar.js';
import type { InsightRecord } from './record.js';

/** 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that ISO week's Monday. */
const WEEK = (day: string): string => `date(${day}, 'weekday 0', '-6 days')`;

/**
 * The counts a batch of stored analyses adds to the SQLite insight rollups (migration 028; before, row triggers
 * did one upsert per analysis or theme row and per table).
 *
 * `parts` are every count an analysis contributes: its response under theme '' and, with text, '*', and each of
 * its theme rows, with the response's day, channel, store, band and sentiment. These are the rows the triggers
 * of migrations 011, 021 and 023 (and 023's `insight_var_parts`) counted; the triggers that take an analysis back
 * out on deletion stay. The daily, channel and week rollups are summed from the batch's analyses in memory, one
 * upsert per key (a batch of 200 holds tens of keys, not hundreds of rows: before, the parts went through a
 * temporary table and a sort per table). Only the variable levels' rollup reads the stored rows, and only on a
 * site with a variable rolled up with its own levels.
 */
// The variable levels' upsert gathers a batch's parts into `temp.insight_parts` and its rolled-up variable levels
// into `temp.insight_levels`. The batch is named by its response ids in `temp.insight_batch`; each id's analysis
// row and theme rows must be the ones just inserted.
// CROSS JOIN keeps the batch the outer loop (SQLite never reorders it): the planner has no statistics for the
// temporary table and otherwise scanned every stored analysis, probing the batch for each.
const PARTS = `INSERT INTO temp.insight_parts (response_id, site, day, week, channel, touchpoint, theme, band,
    sentiment)
  SELECT ri.response_id, ri.site, ri.day, ${WEEK('ri.day')}, ri.channel, ri.touchpoint, t.theme, ri.band,
    coalesce(ri.sentiment, '') AS sentiment
  FROM temp.insight_batch b CROSS JOIN response_insights ri ON ri.response_id = b.response_id,
    (SELECT '' AS theme UNION ALL SELECT '*') t
  WHERE t.theme = '' OR ri.has_text = 1
  UNION ALL
  SELECT t.response_id, t.site, t.day, ${WEEK('t.day')}, t.channel, t.touchpoint, t.theme, t.band, t.sentiment
  FROM temp.insight_batch b CROSS JOIN response_insight_themes t ON t.response_id = b.response_id`;
const LEVELS = `INSERT INTO temp.insight_levels (response_id, variable, level)
  SELECT l.response_id, l.variable, l.level
  FROM temp.insight_batch b CROSS JOIN insight_var_levels l ON l.response_id = b.response_id`;

// Once per rolled-up variable level of the response: its day ('d') and, for a week before the week horizon
// (migration 033: later weeks are read from their days), its week over every store ('w') and its store's week
// ('s'). Not grouped first: a batch's rows here are mostly distinct (~4,000 rows, ~2,300 keys for 200
// responses with four levels each), so sorting them cost more than the upserts it saved (14 → 11 ms for such a
// batch, the same counts); rows with the same key add up through ON CONFLICT. A WHERE before ON CONFLICT is
// also what keeps SQLite's parser from reading ON as a join constraint.
const VAR_UPSERT = `INSERT INTO insight_var_rollups (site, variable, level, grain, day, channel, touchpoint, theme, band,
      sentiment, count)
    SELECT p.site, l.variable, l.level, g.grain,
      CASE g.grain WHEN 'd' THEN p.day ELSE p.week END,
      CASE g.grain WHEN 'd' THEN p.channel ELSE '' END,
      CASE g.grain WHEN 'w' THEN '' ELSE p.touchpoint END, p.theme,
      CASE g.grain WHEN 's' THEN '' ELSE p.band END,
      CASE g.grain WHEN 's' THEN '' ELSE p.sentiment END, 1
    FROM temp.insight_levels l CROSS JOIN temp.insight_parts p ON p.response_id = l.response_id
      CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w' UNION ALL SELECT 's') g
    WHERE g.grain = 'd' OR p.week < (SELECT monday FROM week_rollup_horizon)
    ON CONFLICT DO UPDATE SET count = count + excluded.count`;

/** The daily, channel and week rollups' upserts, one row of summed counts each (their keys in column order). */
const UPSERTS = {
  day: `INSERT INTO insight_rollups (site, day, touchpoint, theme, band, sentiment, count) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  channel: `INSERT INTO insight_channel_rollups (site, channel, theme, day, touchpoint, band, sentiment, count)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  week: `INSERT INTO insight_week_rollups (site, touchpoint, theme, week, band, sentiment, count)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET count = count + excluded.count`,
} as const;

/** Between the parts of a key in the sums: a character no id, day, theme, band or sentiment contains. */
const SEP = '\u0000';

/** Counts by key; each key's columns are kept once, beside its count. */
class Sums {
  private readonly rows = new Map<string, (string | number)[]>();
  add(columns: string[]): void {
    const key = columns.join(SEP);
    const row = this.rows.get(key);
    if (row) (row[row.length - 1] as number)++;
    else this.rows.set(key, [...columns, 1]);
  }
  writeTo(upsert: Statement): void {
    for (const row of this.rows.values()) upsert.run(row);
  }
}

/** Adds batches of freshly inserted analyses to the insight rollups, on one connection. */
export class SqliteInsightRollups {
  private readonly clear: Statement[];
  private readonly add: Statement<[string]>;
  private readonly parts: Statement;
  private readonly levels: Statement;
  private readonly varUpsert: Statement;
  private readonly upserts: { [K in keyof typeof UPSERTS]: Statement };
  private readonly ownLevels: Statement<[string]>;

  /** Creates the connection's temporary tables (call outside a transaction or inside, not on a query-only one). */
  constructor(db: Database) {
    db.exec(`CREATE TEMP TABLE IF NOT EXISTS insight_batch (response_id TEXT PRIMARY KEY) WITHOUT ROWID;
      CREATE TEMP TABLE IF NOT EXISTS insight_parts (response_id TEXT NOT NULL, site TEXT NOT NULL,
        day TEXT NOT NULL, week TEXT NOT NULL, channel TEXT NOT NULL, touchpoint TEXT NOT NULL, theme TEXT NOT NULL, band TEXT NOT NULL,
        sentiment TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS temp.insight_parts_response ON insight_parts (response_id);
      CREATE TEMP TABLE IF NOT EXISTS insight_levels (response_id TEXT NOT NULL, variable TEXT NOT NULL,
        level TEXT NOT NULL, PRIMARY KEY (response_id, variable)) WITHOUT ROWID`);
    this.clear = ['insight_batch', 'insight_parts', 'insight_levels'].map((t) => db.prepare(`DELETE FROM temp.${t}`));
    this.add = db.prepare('INSERT INTO temp.insight_batch (response_id) VALUES (?)');
    this.parts = db.prepare(PARTS);
    this.levels = db.prepare(LEVELS);
    this.varUpsert = db.prepare(VAR_UPSERT);
    this.upserts = {
      day: db.prepare(UPSERTS.day),
      channel: db.prepare(UPSERTS.channel),
      week: db.prepare(UPSERTS.week),
    };
    // What insight_var_levels asks of a variable, for any of the site's: rolled up with its own levels. `#device`
    // and `#trigger` are columns, never in `vars` (a variable's name starts with a letter or "_").
    this.ownLevels = db
      .prepare(
        `SELECT EXISTS (SELECT 1 FROM rollup_variables v WHERE v.site = ? AND v.scan_only = 0
          AND substr(v.variable, 1, 1) <> '#'
          AND NOT EXISTS (SELECT 1 FROM rollup_bins b WHERE b.site = v.site AND b.variable = v.variable))`,
      )
      .pluck();
  }

  /**
   * Counts the analyses of `records` (distinct responses, each inserted in this transaction as `insightRows`
   * makes its rows, and not yet counted) into every insight rollup table. Call inside the transaction that
   * inserted them.
   */
  count(records: readonly InsightRecord[]): void {
    const day = new Sums();
    const channel = new Sums();
    const week = new Sums();
    const sites = new Set<string>();
    const mondays = new Map<string, string>(); // a batch's days are few: each day's week computed once
    for (const r of records) {
      sites.add(r.site);
      const a = r.analysis;
      const sentiment = a?.analysed ? a.sentiment : '';
      let monday = mondays.get(r.day);
      if (monday === undefined) mondays.set(r.day, (monday = bucketOf(r.day, 'week').start));
      const part = (theme: string, themeSentiment: string) => {
        day.add([r.site, r.day, r.touchpoint, theme, r.band, themeSentiment]);
        channel.add([r.site, r.channel, theme, r.day, r.touchpoint, r.band, themeSentiment]);
        // Every store's row (by band and sentiment) and the store's own (neither).
        week.add([r.site, '', theme, monday, r.band, themeSentiment]);
        week.add([r.site, r.touchpoint, theme, monday, '', '']);
      };
      part('', sentiment);
      if (a) {
        part('*', sentiment);
        for (const t of a.themes) part(t.theme, t.sentiment);
      }
    }
    day.writeTo(this.upserts.day);
    channel.writeTo(this.upserts.channel);
    week.writeTo(this.upserts.week);
    if ([...sites].some((site) => this.ownLevels.get(site) === 1)) this.countVariableLevels(records);
  }

  /** The variable levels' rollup of a batch, from its stored rows (see insight_var_levels). */
  private countVariableLevels(records: readonly InsightRecord[]): void {
    for (const c of this.clear) c.run();
    for (const r of records) this.add.run(r.responseId);
    if (this.levels.run().changes > 0) {
      this.parts.run();
      this.varUpsert.run();
    }
    for (const c of this.clear) c.run();
  }
}
