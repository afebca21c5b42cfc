import type { Database, Statement } from 'better-sqlite3';
import { analysisMayAct } from '../closed-loop/theme-rules.js';
import { SiteCache } from '../store/site-cache.js';
import { SqliteClosedLoop } from '../store/sqlite/closed-loop/index.js';
import { toResponse, type ResponseRow } from '../store/sqlite/rows.js';
import { SqliteSiteSource } from '../store/sqlite/site-source.js';
import type { InsightRecord } from './record.js';
import { firstAnalysisSteps } from './recording.js';

/**
 * Runs the closed loop's rules on themes and sentiment as analyses are stored, inside the transaction that
 * stores them (call `apply` before the new analyses are written: it tells a first analysis from a repeat
 * by what is stored already). Outbox rows and cases commit with the analyses, or roll back with them.
 */
export class SqliteThemeRules {
  private readonly loop: SqliteClosedLoop;
  private readonly source: SqliteSiteSource;
  private readonly response: Statement<[string], ResponseRow>;
  private readonly analysedBefore: Statement<[string, string]>;

  constructor(db: Database) {
    this.source = new SqliteSiteSource(db);
    // Only `applyLoop` is used here, which writes the steps computed below and reads no site.
    this.loop = new SqliteClosedLoop(db, new SiteCache(this.source));
    this.response = db.prepare('SELECT * FROM responses WHERE id = ?');
    // Analysed before and not waiting for completion: the rules ran then (or the response was partial).
    this.analysedBefore = db.prepare(`SELECT 1 FROM response_insights WHERE response_id = ?
      AND NOT EXISTS (SELECT 1 FROM insight_pending WHERE response_id = ?)`);
  }

  /**
   * Fires the rules for each complete response analysed for the first time, arrived within the max age.
   * `sites`: the writer's site cache, which the store's edit verbs invalidate; without one, the sites are read
   * afresh for this batch.
   */
  apply(
    records: readonly { record: InsightRecord; response: { partial: boolean } }[],
    now = new Date(),
    sites: SiteCache = new SiteCache(this.source),
  ): void {
    const at = now.toISOString();
    for (const { record, response } of records) {
      if (response.partial || !record.analysis?.analysed) continue; // no reads for what cannot fire
      const site = sites.getSync(record.site);
      if (!site || !analysisMayAct(site)) continue; // nothing listens: no reads either
      const row = this.response.get(record.responseId);
      const steps = firstAnalysisSteps(
        {
          record,
          partial: response.partial,
          analysedBefore: this.analysedBefore.get(record.responseId, record.responseId) !== undefined,
          stored: row ? toResponse(row) : null,
          site,
        },
        now,
      );
      if (steps.length > 0) this.loop.applyLoop(record.site, record.responseId, steps, at);
    }
  }
}

const perDatabase = new WeakMap<Database, SqliteThemeRules>();

/** `SqliteThemeRules.apply` with one instance (prepared statements) per database connection. */
export function applyThemeRules(
  db: Database,
  records: readonly { record: InsightRecord; response: { partial: boolean } }[],
  now = new Date(),
  sites?: SiteCache,
): void {
  let rules = perDatabase.get(db);
  if (!rules) perDatabase.set(db, (rules = new SqliteThemeRules(db)));
  rules.apply(records, now, sites);
}
