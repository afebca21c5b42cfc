import type { Database, Statement } from 'better-sqlite3';
import type { SiteCache } from '../store/site-cache.js';
import type { StaffRoster } from '@touchpoint/shared';
import { DEFAULT_TAXONOMY } from './default-taxonomy.js';
import type { InsightRecord, ResponseForInsight, SurveyShape } from './record.js';
import { surveyShape } from './record.js';
import { insightRow, pendingCutoff, watchesForCompletion } from './recording.js';
import { SqliteInsightRollups } from './sqlite-insight-rollups.js';
import { applyThemeRules } from './sqlite-theme-rules.js';
import type { InsightConfig, InsightConfigEdit } from './insight-store.js';
import type { Taxonomy } from './types.js';

/** A response waiting to be analysed, with its rowid (the worker's watermark). */
export interface PendingResponse extends ResponseForInsight {
  row: number;
  partial: boolean;
  updatedAt: string;
}

/** An analysis to record, with what recording needs of its response (not its answers). */
export interface AnalysisToSave {
  record: InsightRecord;
  response: Pick<PendingResponse, 'partial' | 'createdAt' | 'updatedAt'>;
}

/**
 * Analyses on their way to another thread, as one JSON string: cheaper to pass on than a structured clone of
 * the objects (the main thread only hands it from the insight thread to the writer thread), and without the
 * responses' answers, which recording does not read.
 */
export const encodeAnalyses = (analyses: readonly AnalysisToSave[]): string =>
  JSON.stringify(
    analyses.map(({ record, response: r }) => ({
      record,
      response: { partial: r.partial, createdAt: r.createdAt, updatedAt: r.updatedAt },
    })),
  );

/** The analyses `encodeAnalyses` wrote. */
export const decodeAnalyses = (encoded: string): AnalysisToSave[] => JSON.parse(encoded) as AnalysisToSave[];

interface ResponseRow {
  row: number;
  id: string;
  site: string;
  survey: string;
  touchpoint: string;
  channel: string;
  answers: string;
  locale: string | null;
  created_at: string;
  updated_at: string;
  partial: number;
}

/** The worker's name in insight_progress. */
const WORKER = 'insights';

const toPending = (r: ResponseRow): PendingResponse => ({
  row: r.row,
  id: r.id,
  site: r.site,
  survey: r.survey,
  touchpoint: r.touchpoint,
  channel: r.channel,
  answers: JSON.parse(r.answers) as Record<string, unknown>,
  locale: r.locale,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  partial: r.partial === 1,
});

/** A `response_insights` row, its columns in the order of `InsightRow`'s fields. */
const INSERT_INSIGHT = `INSERT INTO response_insights (response_id, site, touchpoint, channel, day, band, score,
  has_text, language, analysed, sentiment, question, analysis) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;

const SELECT_RESPONSE = `SELECT rowid AS row, id, site, survey, touchpoint, channel, answers, locale, created_at, updated_at,
  partial FROM responses`;

/**
 * The SQLite side of verbatim insights: settings, the worker's queue (responses after a rowid watermark,
 * and partial ones to look at again), and writes of analyses with their rollups (each batch's counts added by
 * SqliteInsightRollups; taken back out by triggers when an analysis is deleted).
 */
export class SqliteInsights {
  private readonly after: Statement<[number, number]>;
  private readonly changedPending: Statement<[number]>;
  private readonly insert: Statement;
  private readonly insertFirst: Statement;
  private readonly anyWatched: Statement<[]>;
  private readonly insertTheme: Statement;
  private readonly insertStaff: Statement;
  private readonly remove: Statement<[string]>;
  private readonly maxRow: Statement<[]>;
  private readonly progress: Statement<[string]>;
  private readonly setProgress: Statement<[string, number]>;
  private readonly watch: Statement<[string, string, string]>;
  private readonly unwatch: Statement<[string]>;
  private readonly unwatchStale: Statement<[string]>;
  /** made on the first save: it creates a temporary table, which a query-only connection (the insight thread's) may not */
  private rollups: SqliteInsightRollups | null = null;

  /** `sites`: the writer's site cache (the store's edit verbs invalidate it); without one, each batch reads afresh */
  constructor(
    readonly db: Database,
    private readonly sites?: SiteCache,
  ) {
    this.after = db.prepare(`${SELECT_RESPONSE} WHERE rowid > ? ORDER BY rowid LIMIT ?`);
    this.changedPending =
      db.prepare(`SELECT r.rowid AS row, r.id, r.site, r.survey, r.touchpoint, r.channel, r.answers, r.locale,
      r.created_at, r.updated_at, r.partial FROM insight_pending p JOIN responses r ON r.id = p.response_id
      WHERE r.updated_at <> p.updated_at LIMIT ?`);
    this.insert = db.prepare(INSERT_INSIGHT);
    this.insertTheme =
      db.prepare(`INSERT INTO response_insight_themes (response_id, site, touchpoint, channel, day, band,
      theme, sentiment) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
    this.insertStaff =
      db.prepare(`INSERT INTO response_insight_staff (response_id, site, touchpoint, channel, day, staff,
      sentiment) VALUES (?, ?, ?, ?, ?, ?, ?)`);
    this.insertFirst = db.prepare(`${INSERT_INSIGHT} ON CONFLICT (response_id) DO NOTHING`);
    this.remove = db.prepare('DELETE FROM response_insights WHERE response_id = ?');
    this.anyWatched = db.prepare<[]>('SELECT 1 FROM insight_pending LIMIT 1');
    this.maxRow = db.prepare<[]>('SELECT max(rowid) FROM responses').pluck();
    this.progress = db.prepare<[string]>('SELECT last_row FROM insight_progress WHERE worker = ?').pluck();
    this.setProgress = db.prepare(`INSERT INTO insight_progress (worker, last_row) VALUES (?, ?)
      ON CONFLICT (worker) DO UPDATE SET last_row = excluded.last_row`);
    this.watch = db.prepare(`INSERT INTO insight_pending (response_id, updated_at, since) VALUES (?, ?, ?)
      ON CONFLICT (response_id) DO UPDATE SET updated_at = excluded.updated_at`);
    this.unwatch = db.prepare('DELETE FROM insight_pending WHERE response_id = ?');
    this.unwatchStale = db.prepare('DELETE FROM insight_pending WHERE since < ?');
  }

  /** A site's taxonomy and roster. */
  config(site: string): InsightConfig {
    const row = this.db.prepare('SELECT taxonomy, roster FROM insight_config WHERE site = ?').get(site) as
      { taxonomy: string | null; roster: string } | undefined;
    return {
      taxonomy: row?.taxonomy ? (JSON.parse(row.taxonomy) as Taxonomy) : DEFAULT_TAXONOMY,
      isDefault: !row?.taxonomy,
      roster: row ? (JSON.parse(row.roster) as StaffRoster) : { staff: [] },
    };
  }

  /**
   * Replaces a site's taxonomy (null: back to the default) or roster, and deletes its stored emerging themes
   * (they were clustered against the old settings).
   */
  saveConfig(site: string, edit: InsightConfigEdit): void {
    const current = this.config(site);
    const taxonomy = edit.taxonomy === undefined ? (current.isDefault ? null : current.taxonomy) : edit.taxonomy;
    this.forgetEmerging(site);
    this.db
      .prepare(
        `INSERT INTO insight_config (site, taxonomy, roster, updated_at) VALUES (?, ?, ?, ?)
        ON CONFLICT (site) DO UPDATE SET taxonomy = excluded.taxonomy, roster = excluded.roster,
        updated_at = excluded.updated_at`,
      )
      .run(
        site,
        taxonomy ? JSON.stringify(taxonomy) : null,
        JSON.stringify(edit.roster ?? current.roster),
        new Date().toISOString(),
      );
  }

  /** Deletes a site's stored emerging themes (after its analyses were all replaced). */
  forgetEmerging(site: string): void {
    this.db.prepare('DELETE FROM insight_emerging WHERE site = ?').run(site);
  }

  /** Each survey's free-text and NPS questions, by "site/survey". */
  surveyShapes(): Map<string, SurveyShape> {
    const rows = this.db.prepare('SELECT site, id, definition FROM surveys').all() as {
      site: string;
      id: string;
      definition: string;
    }[];
    return new Map(rows.map((r) => [`${r.site}/${r.id}`, surveyShape(JSON.parse(r.definition) as never)]));
  }

  /** Where the worker stopped. */
  watermark(): number {
    const v = this.progress.get(WORKER);
    return typeof v === 'number' ? v : 0;
  }

  /**
   * Responses after the watermark, then partial ones that changed since they were analysed. Only reads (the
   * insight thread calls it on its own connection): `stepBack` is a watermark that `save` must record even
   * when nothing is new.
   */
  nextBatch(limit: number): { fresh: PendingResponse[]; changed: PendingResponse[]; stepBack: number | null } {
    // SQLite gives a new row max(rowid) + 1: after the newest rows were deleted, that is at or below the
    // watermark, which then steps back so the new rows are not skipped.
    const max = (this.maxRow.get() as number | null) ?? 0;
    let watermark = this.watermark();
    let stepBack: number | null = null;
    if (max < watermark) watermark = stepBack = max;
    const fresh = (this.after.all(watermark, limit) as ResponseRow[]).map(toPending);
    const changed = (this.changedPending.all(limit) as ResponseRow[]).map(toPending);
    return { fresh, changed, stepBack };
  }

  /**
   * The responses after `row` and after the watermark, while the batch that ends at `row` is still being
   * recorded (the insight thread reads ahead): only new ones; partial responses that changed are left to the
   * next `nextBatch`, which sees their watches as that batch left them.
   */
  freshAfter(row: number, limit: number): PendingResponse[] {
    return (this.after.all(Math.max(row, this.watermark()), limit) as ResponseRow[]).map(toPending);
  }

  /** A site's responses after `row` (the backfill's pages). */
  sitePage(site: string, row: number, limit: number): PendingResponse[] {
    const rows = this.db
      .prepare(`${SELECT_RESPONSE} WHERE site = ? AND rowid > ? ORDER BY rowid LIMIT ?`)
      .all(site, row, limit) as ResponseRow[];
    return rows.map(toPending);
  }

  /**
   * Stores analyses in one transaction, replacing earlier ones of the same responses; moves the watermark
   * to `watermark` when given; partial responses are watched until completed or PENDING_MAX_AGE_MS old.
   *
   * The one place where analyses are recorded. Its commit skips the fsync (`synchronous=NORMAL` for this
   * transaction only): an analysis can be computed again, and in WAL mode a lost tail of the log loses it
   * together with its watermark, so a crash only makes the worker analyse those responses again. The next
   * durable commit (any ingest) syncs the log with it.
   */
  save(records: readonly AnalysisToSave[], watermark?: number, now = new Date()): void {
    const since = now.toISOString();
    const stale = pendingCutoff(now);
    // NORMAL is 1; OFF (0, the demo seed) stays off. SQLite refuses the change inside a transaction.
    const synchronous = this.db.inTransaction ? 1 : (this.db.pragma('synchronous', { simple: true }) as number);
    if (synchronous > 1) this.db.pragma('synchronous = NORMAL');
    // A response analysed twice in one batch is recorded once, with its last analysis: the rollups count each
    // analysis stored in this batch once, after its rows are in (SqliteInsightRollups).
    const last = new Map(records.map((r) => [r.record.responseId, r]));
    if (last.size < records.length) records = [...last.values()];
    this.rollups ??= new SqliteInsightRollups(this.db);
    const rollups = this.rollups;
    try {
      // IMMEDIATE: it reads (the theme rules) before it writes, so it takes the write lock first rather than
      // find its snapshot stale when another connection (a CLI backfill, the server) committed meanwhile.
      this.db
        .transaction(() => {
          applyThemeRules(this.db, records, now, this.sites); // closed-loop rules on themes: before the rows below replace these
          // Most batches hold no response watched for completion: then nothing is unwatched row by row.
          const anyWatched = this.anyWatched.get() !== undefined;
          for (const { record, response } of records) {
            const a = record.analysis;
            const id = record.responseId;
            const row = insightRow(record);
            const columns = [
              id,
              row.site,
              row.touchpoint,
              row.channel,
              row.day,
              row.band,
              row.score,
              row.hasText ? 1 : 0,
              row.language,
              row.analysed ? 1 : 0,
              row.sentiment,
              row.question,
              row.analysis ? JSON.stringify(row.analysis) : null,
            ];
            // A first analysis is inserted; an analysis again replaces the stored one, whose delete triggers take
            // its counts back out of the rollups (and whose theme and staff rows cascade away).
            if (this.insertFirst.run(columns).changes === 0) {
              this.remove.run(id);
              this.insert.run(columns);
            }
            if (a) {
              const { site, touchpoint, channel, day, band } = record;
              for (const t of a.themes)
                this.insertTheme.run(id, site, touchpoint, channel, day, band, t.theme, t.sentiment);
              for (const p of a.staff) this.insertStaff.run(id, site, touchpoint, channel, day, p.staff, p.sentiment);
            }
            if (watchesForCompletion(response, now)) this.watch.run(id, response.updatedAt, since);
            else if (anyWatched) this.unwatch.run(id);
          }
          rollups.count(records.map((r) => r.record));
          this.unwatchStale.run(stale);
          if (watermark !== undefined) this.setProgress.run(WORKER, watermark);
        })
        .immediate();
    } finally {
      if (synchronous > 1) this.db.pragma(`synchronous = ${synchronous}`);
    }
  }
}
