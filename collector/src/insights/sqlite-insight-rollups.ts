import type { Database, Statement } from 'better-sqlite3';

/** 'weekday 0' moves to the coming Sunday (or stays on one); six days back is that ISO week's Monday. */
const WEEK = (day: string): string => `date(${day}, 'weekday 0', '-6 days')`;

/**
 * The counts a batch of stored analyses adds to the SQLite insight rollups, as one grouped upsert per rollup
 * table (migration 028; before, row triggers did one upsert per analysis or theme row and per table).
 *
 * A batch is named by its response ids in `temp.insight_batch`; each id's analysis row and theme rows must be
 * the ones just inserted, counted once: `parts` is every count an analysis contributes — its response under
 * theme '' and, with text, '*', and each of its theme rows — with the response's day, channel, store, band and
 * sentiment. These are the rows the triggers of migrations 011, 021 and 023 (and 023's `insight_var_parts`)
 * counted; the triggers that take an analysis back out on deletion stay.
 */
// Each count a batch contributes is gathered once into `temp.insight_parts`, and the batch's rolled-up variable
// levels into `temp.insight_levels`; the four upserts read those (before, each evaluated the joins again). The
// variable levels' upsert starts from the levels, so a batch without any costs it nothing.
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

// `WHERE true` before ON CONFLICT: SQLite's parser would otherwise read ON as a join constraint.
const STATEMENTS = [
  `INSERT INTO insight_rollups (site, day, touchpoint, theme, band, sentiment, count)
    SELECT p.site, p.day, p.touchpoint, p.theme, p.band, p.sentiment, count(*) FROM temp.insight_parts p WHERE true
    GROUP BY p.site, p.day, p.touchpoint, p.theme, p.band, p.sentiment
    ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  `INSERT INTO insight_channel_rollups (site, channel, theme, day, touchpoint, band, sentiment, count)
    SELECT p.site, p.channel, p.theme, p.day, p.touchpoint, p.band, p.sentiment, count(*)
    FROM temp.insight_parts p WHERE true
    GROUP BY p.site, p.channel, p.theme, p.day, p.touchpoint, p.band, p.sentiment
    ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  // Every store's row (by band and sentiment) and the store's own (neither).
  `INSERT INTO insight_week_rollups (site, touchpoint, theme, week, band, sentiment, count)
    SELECT p.site, CASE k.own WHEN 1 THEN p.touchpoint ELSE '' END, p.theme, p.week,
      CASE k.own WHEN 1 THEN '' ELSE p.band END, CASE k.own WHEN 1 THEN '' ELSE p.sentiment END, count(*)
    FROM temp.insight_parts p, (SELECT 0 AS own UNION ALL SELECT 1) k WHERE true
    GROUP BY 1, 2, 3, 4, 5, 6
    ON CONFLICT DO UPDATE SET count = count + excluded.count`,
  // Once per rolled-up variable level of the response: its day ('d'), its week over every store ('w'), and its
  // store's week ('s'). Not grouped first, unlike the three above: a batch's rows here are mostly distinct (~4,000
  // rows, ~2,300 keys for 200 responses with four levels each), so sorting them cost more than the upserts it
  // saved (14 → 11 ms for such a batch, the same counts); rows with the same key add up through ON CONFLICT.
  `INSERT INTO insight_var_rollups (site, variable, level, grain, day, channel, touchpoint, theme, band,
      sentiment, count)
    SELECT p.site, l.variable, l.level, g.grain,
      CASE g.grain WHEN 'd' THEN p.day ELSE p.week END,
      CASE g.grain WHEN 'd' THEN p.channel ELSE '' END,
      CASE g.grain WHEN 'w' THEN '' ELSE p.touchpoint END, p.theme,
      CASE g.grain WHEN 's' THEN '' ELSE p.band END,
      CASE g.grain WHEN 's' THEN '' ELSE p.sentiment END, 1
    FROM temp.insight_levels l CROSS JOIN temp.insight_parts p ON p.response_id = l.response_id
      CROSS JOIN (SELECT 'd' AS grain UNION ALL SELECT 'w' UNION ALL SELECT 's') g WHERE true
    ON CONFLICT DO UPDATE SET count = count + excluded.count`,
];

/** Adds batches of freshly inserted analyses to the insight rollups, on one connection. */
export class SqliteInsightRollups {
  private readonly clear: Statement[];
  private readonly add: Statement<[string]>;
  private readonly gather: Statement[];
  private readonly upserts: Statement[];

  /** Creates the connection's `temp.insight_batch` (call outside a transaction or inside, not on a query-only one). */
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
    this.gather = [db.prepare(PARTS), db.prepare(LEVELS)];
    this.upserts = STATEMENTS.map((sql) => db.prepare(sql));
  }

  /**
   * Counts the analyses of `responseIds` (distinct, each inserted in this transaction and not yet counted) into
   * every insight rollup table. Call inside the transaction that inserted them.
   */
  count(responseIds: Iterable<string>): void {
    for (const c of this.clear) c.run();
    for (const id of responseIds) this.add.run(id);
    for (const g of this.gather) g.run();
    for (const upsert of this.upserts) upsert.run();
    for (const c of this.clear) c.run();
  }
}
