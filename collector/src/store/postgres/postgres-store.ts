import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { ApiKey, Site, StoredResponse, Survey, Touchpoint } from '@touchpoint/shared';
import type {
  ApiKeyRecord,
  EventRecord,
  ExposureQuery,
  ChannelHistogramRow,
  HistogramQuery,
  KioskStatus,
  QuestionTypeSpan,
  RespondentErasure,
  ImpactCountRow,
  ImpactQuery,
  RespondentQuery,
  ResponseQuery,
  ResponseRecord,
  RetentionAction,
  SaveOutcome,
  Store,
  VariableCountQuery,
  ModelCellQuery,
  ModelCells,
  VariableCounts,
} from '../store.js';
import { createDefaultRules, PgClosedLoop } from './closed-loop.js';
import { inTransaction, json, unavailable } from './db.js';
import { deleteResponses, PgErasure } from './erasure.js';
import { SiteCache } from '../site-cache.js';
import { notifySiteEdited, type SiteEditListener } from './site-notify.js';
import { PgSiteSource } from './site-source.js';
import { lockSiteZoneForUpdate, recountSite } from './site-zones.js';
import { listQuestionTypes } from './question-types.js';
import * as surveys from './surveys.js';
import { toApiKey, toKiosk, toResponse, toSite, toTouchpoint } from './rows.js';
import type { ApiKeyRow, KioskRow, ResponseRow, SiteRow, TouchpointRow } from './rows.js';
import { exportResponses, listResponses } from './response-queries.js';
import { PgImprovements } from './improvements.js';
import { PgReceipts } from './receipts.js';
import { PgScoreQueries } from './score-queries.js';
import { tallyVariableCounts } from './variable-counts.js';
import {
  pgHistogramSource,
  pgRollupFilteredChannelHistograms,
  pgRollupModelCells,
  pgRollupVariableCounts,
  pgStoredEdges,
} from './variable-rollup-queries.js';
import { binScan } from '../variable-rollup-counts.js';
import { capRose } from '../plan/variable-bins.js';
import { rebuildPairs, rebuildVariableRollups } from './variable-rollups.js';
import { pairVariablesChanged } from '../plan/pair-scope.js';
import { fillPendingCellRollups, fillPendingLevelRollups } from './level-rollups.js';
import { PgWrites, type PgWriteOptions } from './writes.js';
import type { PgWriterThread } from './writer-thread.js';
import type { RollupShard } from './rollup-shard.js';

/** Tables keyed by site that have no foreign key to `sites` (migration 012), so deleting a site cascades not to them. */
const SITE_ROWS_WITHOUT_CASCADE = ['receipt_scans', 'receipt_failures', 'improvement_notices', 'email_opt_outs'];

/** The PostgreSQL store: node-postgres's Pool, plain SQL, writes group-committed (writes.ts). */
export class PostgresStore implements Store {
  readonly closedLoop: PgClosedLoop;
  readonly receipts: PgReceipts;
  readonly improvements: PgImprovements;
  readonly sites: SiteCache;
  /** the write path (the insight worker applies the rules on themes through it) */
  readonly writes: PgWrites;
  private readonly scores: PgScoreQueries;
  private readonly erasure: PgErasure;
  private listener: SiteEditListener | null = null;
  private shard: RollupShard | null = null;
  /**
   * The sites whose level rollups (migration 026) this store summed after it opened (level-rollups.ts); a
   * failure (PostgreSQL gone meanwhile) leaves them pending, their reads on var_rollups, until the next start.
   */
  levelRollupsFilled: Promise<string[]> = Promise.resolve([]);
  /** The same for the cell rollups (migration 030), summed after the level rollups: the model reads var_rollups meanwhile. */
  cellRollupsFilled: Promise<string[]> = Promise.resolve([]);

  constructor(
    /** the connections (the insight worker records on them) */
    readonly pool: pg.Pool,
    opts: PgWriteOptions = {},
    /** where the group commits run (writer-thread.ts); without it, on this thread's pool */
    private readonly thread: PgWriterThread | null = null,
  ) {
    this.sites = new SiteCache(new PgSiteSource(pool));
    this.closedLoop = new PgClosedLoop(pool, this.sites);
    this.receipts = new PgReceipts(pool);
    this.improvements = new PgImprovements(pool);
    this.writes = new PgWrites(pool, this.sites, opts, thread ? (groups) => thread.commit(groups) : undefined);
    // Every edit this cache hears of (this collector's, other collectors' by NOTIFY) reaches the thread's too.
    if (thread) this.sites.onInvalidate((site) => thread.invalidate(site));
    this.scores = new PgScoreQueries(pool);
    this.erasure = new PgErasure(pool);
  }

  /**
   * Sums the level rollups migration 026 left pending, then the cell rollups 030 left pending, in the
   * background (openPostgresStore starts it); resolves when both are done.
   */
  async fillSummedRollups(): Promise<void> {
    this.levelRollupsFilled = fillPendingLevelRollups(this.pool).catch(() => []);
    this.cellRollupsFilled = this.levelRollupsFilled.then(() => fillPendingCellRollups(this.pool)).catch(() => []);
    await this.cellRollupsFilled;
  }

  /** After a catalog edit: the write path must not go on with what it cached of the site. */
  private async edited(site: string, r: pg.QueryResult): Promise<boolean> {
    this.sites.invalidate(site);
    if (r.rowCount === 1) await notifySiteEdited(this.pool, site);
    return r.rowCount === 1;
  }
  private changed(site: string, changed: boolean): Promise<boolean> {
    return this.edited(site, { rowCount: changed ? 1 : 0 } as pg.QueryResult);
  }

  // ---- health

  async probeWrite(): Promise<void> {
    await this.pool
      .query('INSERT INTO health_probe (id, at) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET at = excluded.at', [
        new Date().toISOString(),
      ])
      .catch((err: unknown) => {
        throw unavailable(err) ?? err;
      });
  }
  /** PostgreSQL checks its own pages (checksums, WAL); here: the schema is complete and the database answers. */
  async checkIntegrity(): Promise<string[]> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM schema_migrations');
    return (rows[0]?.n ?? 0) > 0 ? [] : ['no migrations applied'];
  }

  // ---- sites, touchpoints, surveys

  async listSites(): Promise<Site[]> {
    return (await this.pool.query<SiteRow>('SELECT * FROM sites ORDER BY key')).rows.map(toSite);
  }
  async getSite(key: string): Promise<Site | null> {
    const { rows } = await this.pool.query<SiteRow>('SELECT * FROM sites WHERE key = $1', [key]);
    return rows[0] ? toSite(rows[0]) : null;
  }
  async createSite(s: Site): Promise<boolean> {
    const now = new Date().toISOString();
    // The site and its default rules in one transaction, so that no read ever has to create them.
    return inTransaction(this.pool, async (client) => {
      const r = await client.query(
        `INSERT INTO sites (key, name, origins, settings, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)
        ON CONFLICT DO NOTHING`,
        [s.key, s.name, json(s.origins), json(s.settings), now],
      );
      if (r.rowCount === 1) await createDefaultRules(client, s.key, now);
      return r.rowCount === 1;
    }).then(async (created) => {
      // A new site allows new origins: the cached set of every site's origins is stale.
      if (created) await this.edited(s.key, { rowCount: 1 } as pg.QueryResult);
      return created;
    });
  }
  async updateSite(s: Site): Promise<boolean> {
    // The rollups count each day in the site's time zone: a new zone recounts them in the same transaction.
    const r = await inTransaction(this.pool, async (client) => {
      const before = await lockSiteZoneForUpdate(client, s.key);
      const { rows: caps } = await client.query<{ cap: number | null; scan_only: boolean; pairs: string[] | null }>(
        `SELECT (settings ->> 'rollupLevelCap')::int AS cap, settings -> 'pairVariables' AS pairs,
          EXISTS (SELECT 1 FROM rollup_variables WHERE site = $1 AND scan_only = 1) AS scan_only
        FROM sites WHERE key = $1`,
        [s.key],
      );
      const updated = await client.query(
        'UPDATE sites SET name = $1, origins = $2, settings = $3, updated_at = $4 WHERE key = $5',
        [s.name, json(s.origins), json(s.settings), new Date().toISOString(), s.key],
      );
      if (before !== null && before !== s.settings.timeZone) await recountSite(client, s.key, s.settings.timeZone);
      else if (caps[0]?.scan_only && capRose(caps[0].cap, s.settings.rollupLevelCap))
        // Variables the old cap made scan only may fit the new one: their levels are gone, so recount.
        await rebuildVariableRollups(client, s.key);
      else if (caps[0] && pairVariablesChanged(caps[0].pairs, s.settings.pairVariables))
        // Other variables crossed: the site's pairs counted again, before any write or read sees the change.
        await rebuildPairs(client, s.key);
      return updated;
    });
    return this.edited(s.key, r);
  }
  async deleteSite(key: string): Promise<boolean> {
    const r = await inTransaction(this.pool, async (db) => {
      // Receipt scans and refusals, improvement notices and opt-outs name the site without a foreign key.
      for (const table of SITE_ROWS_WITHOUT_CASCADE) await db.query(`DELETE FROM ${table} WHERE site = $1`, [key]);
      return db.query('DELETE FROM sites WHERE key = $1', [key]);
    });
    return this.edited(key, r);
  }

  async listTouchpoints(site: string): Promise<Touchpoint[]> {
    const { rows } = await this.pool.query<TouchpointRow>('SELECT * FROM touchpoints WHERE site = $1 ORDER BY id', [
      site,
    ]);
    return rows.map(toTouchpoint);
  }
  async getTouchpoint(site: string, id: string): Promise<Touchpoint | null> {
    const { rows } = await this.pool.query<TouchpointRow>('SELECT * FROM touchpoints WHERE site = $1 AND id = $2', [
      site,
      id,
    ]);
    return rows[0] ? toTouchpoint(rows[0]) : null;
  }
  async createTouchpoint(site: string, t: Touchpoint): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO touchpoints (site, id, name, kind, tags, stage, created_at, updated_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING`,
      [site, t.id, t.name, t.kind, json(t.tags), t.stage ?? null, new Date().toISOString()],
    );
    return this.edited(site, r);
  }
  async updateTouchpoint(site: string, t: Touchpoint): Promise<boolean> {
    const r = await this.pool.query(
      'UPDATE touchpoints SET name = $1, kind = $2, tags = $3, stage = $4, updated_at = $5 WHERE site = $6 AND id = $7',
      [t.name, t.kind, json(t.tags), t.stage ?? null, new Date().toISOString(), site, t.id],
    );
    return this.edited(site, r);
  }
  async deleteTouchpoint(site: string, id: string): Promise<boolean> {
    const r = await this.pool.query('DELETE FROM touchpoints WHERE site = $1 AND id = $2', [site, id]);
    return this.edited(site, r);
  }

  listSurveys(site: string, opts: { archived?: boolean } = {}): Promise<Survey[]> {
    return surveys.listSurveys(this.pool, site, opts.archived === true);
  }
  getSurvey(site: string, id: string): Promise<Survey | null> {
    return surveys.getSurvey(this.pool, site, id);
  }
  async createSurvey(site: string, s: Survey): Promise<boolean> {
    return this.changed(site, await surveys.createSurvey(this.pool, site, s));
  }
  async updateSurvey(site: string, s: Survey): Promise<boolean> {
    return this.changed(site, await surveys.updateSurvey(this.pool, site, s));
  }
  async deleteSurvey(site: string, id: string): Promise<boolean> {
    return this.changed(site, await surveys.deleteSurvey(this.pool, site, id));
  }
  questionTypes(site: string): Promise<QuestionTypeSpan[]> {
    return listQuestionTypes(this.pool, site);
  }

  // ---- ingest (group-committed)

  saveResponses(records: ResponseRecord[]): Promise<SaveOutcome[]> {
    return this.writes.submit(records.map((response) => ({ response })));
  }
  saveEvents(records: EventRecord[]): Promise<SaveOutcome[]> {
    return this.writes.submit(records.map((event) => ({ event })));
  }
  ingestBacklog(): number {
    return this.writes.backlog();
  }

  // ---- reading and deleting responses

  async getResponse(site: string, id: string): Promise<StoredResponse | null> {
    const { rows } = await this.pool.query<ResponseRow>('SELECT * FROM responses WHERE site = $1 AND id = $2', [
      site,
      id,
    ]);
    return rows[0] ? toResponse(rows[0]) : null;
  }
  listResponses(site: string, filter: ResponseQuery, page: { limit: number; cursor?: string }) {
    return listResponses(this.pool, site, filter, page);
  }
  exportResponses(site: string, filter: ResponseQuery): AsyncIterable<StoredResponse> {
    return exportResponses(this.pool, site, filter);
  }
  async countResponses(site: string): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*) AS n FROM responses WHERE site = $1', [
      site,
    ]);
    return rows[0]?.n ?? 0;
  }
  async deleteRespondent(site: string, respondent: string): Promise<RespondentErasure> {
    return this.erasure.eraseRespondent(site, respondent);
  }
  async applyRetention(site: string, before: string, action: RetentionAction): Promise<number> {
    return this.erasure.applyRetention(site, before, action);
  }
  async deleteResponse(site: string, id: string): Promise<boolean> {
    return (await inTransaction(this.pool, (c) => deleteResponses(c, 'site = $1 AND id = $2', [site, id]))) === 1;
  }
  async listKiosks(site: string): Promise<KioskStatus[]> {
    const { rows } = await this.pool.query<KioskRow>('SELECT * FROM kiosks WHERE site = $1 ORDER BY kiosk', [site]);
    return rows.map(toKiosk);
  }
  async nameKiosk(site: string, kiosk: string, name: string | null): Promise<boolean> {
    const r = await this.pool.query('UPDATE kiosks SET name = $1 WHERE site = $2 AND kiosk = $3', [name, site, kiosk]);
    return r.rowCount === 1;
  }

  // ---- scores (rollups go with their site by ON DELETE CASCADE)

  scoreHistograms(site: string, query: HistogramQuery) {
    return this.scores.histograms(site, query);
  }
  histogramSource(site: string, query: Omit<HistogramQuery, 'groupBy'>) {
    return pgHistogramSource(this.pool, site, query);
  }
  filteredChannelHistograms(
    site: string,
    query: Omit<HistogramQuery, 'groupBy'>,
  ): Promise<ChannelHistogramRow[] | null> {
    return pgRollupFilteredChannelHistograms(this.pool, site, query);
  }
  responseCounts(site: string, query: ExposureQuery) {
    return this.scores.responseCounts(site, query);
  }
  respondentRows(site: string, query: RespondentQuery) {
    return this.scores.respondentRows(site, query);
  }
  impactCounts(site: string, query: ImpactQuery): Promise<ImpactCountRow[] | null> {
    return this.scores.impactCounts(site, query);
  }
  async variableCounts(site: string, query: VariableCountQuery): Promise<VariableCounts> {
    const rolled = await pgRollupVariableCounts(this.pool, site, query);
    if (rolled) return rolled;
    const scanned = tallyVariableCounts(await this.scores.respondentRows(site, query), query);
    // A scan counts a binned variable at its stored edges too, unless raw values were asked for.
    return query.rawValues ? scanned : binScan(scanned, await pgStoredEdges(this.pool, site));
  }
  modelCells(site: string, query: ModelCellQuery): Promise<ModelCells | null> {
    return pgRollupModelCells(this.pool, site, query);
  }
  rebuildVariableRollups(site: string): Promise<number> {
    return inTransaction(this.pool, async (client) => {
      // The site's row held as a time-zone recount holds it: no write of the site, nor the level rollups' fill
      // (level-rollups.ts), commits rows the recount would then count again.
      await lockSiteZoneForUpdate(client, site);
      return rebuildVariableRollups(client, site);
    });
  }

  // ---- API keys

  async createApiKey(k: {
    name: string;
    kind: ApiKey['kind'];
    hash: string;
    prefix: string;
    id?: string;
    sites?: string[] | null;
  }): Promise<ApiKey> {
    const key: ApiKey = {
      id: k.id ?? randomUUID(),
      name: k.name,
      kind: k.kind,
      prefix: k.prefix,
      sites: k.sites ?? null,
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
    };
    await this.pool.query(
      `INSERT INTO api_keys (id, name, kind, hash, prefix, sites, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, hash = excluded.hash,
      prefix = excluded.prefix, sites = excluded.sites`,
      [key.id, key.name, key.kind, k.hash, key.prefix, key.sites && json(key.sites), key.createdAt],
    );
    return key;
  }
  async findApiKey(hash: string): Promise<ApiKeyRecord | null> {
    const { rows } = await this.pool.query<ApiKeyRow>('SELECT * FROM api_keys WHERE hash = $1', [hash]);
    return rows[0] ? toApiKey(rows[0]) : null;
  }
  async listApiKeys(): Promise<ApiKey[]> {
    const { rows } = await this.pool.query<ApiKeyRow>('SELECT * FROM api_keys ORDER BY created_at');
    return rows.map((r) => {
      const { hash: _hash, ...key } = toApiKey(r);
      return key;
    });
  }
  async deleteApiKey(id: string): Promise<boolean> {
    return (await this.pool.query('DELETE FROM api_keys WHERE id = $1', [id])).rowCount === 1;
  }
  async touchApiKey(id: string, at: string): Promise<void> {
    await this.pool.query('UPDATE api_keys SET last_used_at = $1 WHERE id = $2', [at, id]);
  }

  /** Keeps this collector's rollup shard (rollup-shard.ts) claimed until the store closes. */
  holdRollupShard(claim: RollupShard): void {
    this.shard = claim;
  }

  /** The rollup shard this store's connections write (null: not claimed, they write shard 0). */
  get rollupShard(): number | null {
    return this.shard?.shard ?? null;
  }

  /** Invalidates sites other collectors edit, as `listener` hears of them (closed with the store). */
  listenForEdits(listener: SiteEditListener): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    await this.levelRollupsFilled;
    await this.cellRollupsFilled;
    await this.listener?.close();
    await this.writes.close();
    await this.thread?.close();
    await this.pool.end();
    await this.shard?.release();
  }
}
