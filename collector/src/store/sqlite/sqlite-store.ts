import { randomUUID } from 'node:crypto';
import { probeWrite, quickCheck } from './health.js';
import type { Database } from 'better-sqlite3';
import type { ApiKey, Site, StoredResponse, Survey, Touchpoint } from '@touchpoint/shared';
import { GroupCommit } from '../group-commit.js';
import type {
  ApiKeyRecord,
  EventRecord,
  ExposureQuery,
  ExposureRow,
  ChannelHistogramRow,
  HistogramQuery,
  HistogramRow,
  KioskStatus,
  RespondentErasure,
  QuestionTypeSpan,
  ImpactCountRow,
  ImpactQuery,
  RespondentQuery,
  RespondentRow,
  VariableCountQuery,
  ModelCellQuery,
  ModelCells,
  VariableCounts,
  ResponsePage,
  ResponseQuery,
  ResponseRecord,
  RetentionAction,
  SaveOutcome,
  Store,
} from '../store.js';
import { migrate } from './migrate.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { responseWhere } from './query.js';
import {
  toApiKey,
  toKiosk,
  toResponse,
  toSite,
  toSurvey,
  toTouchpoint,
  type ApiKeyRow,
  type KioskRow,
  type ResponseRow,
  type SiteRow,
  type TouchpointRow,
} from './rows.js';
import { SqliteClosedLoop } from './closed-loop/index.js';
import { SqliteErasure } from './erasure.js';
import { SqliteRollups } from './rollups.js';
import { SqliteScoreQueries } from './score-queries.js';
import { variableCounts } from './variable-counts.js';
import {
  histogramSource,
  rollupFilteredChannelHistograms,
  rollupModelCells,
  rollupVariableCounts,
  storedEdges,
} from './variable-rollup-queries.js';
import { capRose } from '../plan/variable-bins.js';
import { pairVariablesChanged } from '../plan/pair-scope.js';
import { binScan } from '../variable-rollup-counts.js';
import { openDatabase } from './database.js';
import { SqliteWriter, type Write } from './writer.js';
import { SiteCache } from '../site-cache.js';
import { SqliteSiteSource } from './site-source.js';
import { WriterThread } from './writer-thread.js';
import type { BatchRecorder } from '../../insights/worker.js';
import { WalSync } from './wal-sync.js';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';
import { SqliteImprovements } from './improvements.js';
import { SqliteReceipts } from './receipts.js';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** database file; created with its folder when missing */
  file: string;
  /** group commit window in ms (0 = next event-loop turn) */
  commitWindowMs?: number;
  /** rows that trigger an immediate commit */
  commitMaxRows?: number;
  /**
   * `thread` (default): commits run on a writer thread, so waiting for the disk never blocks the
   * event loop. `inline`: on the calling thread (one thread fewer; what `TOUCHPOINT_WRITER=auto` picks with
   * one core, see `writerMode` in store/open.ts).
   */
  writer?: 'thread' | 'inline';
}

/** Commits the main thread may have sent to the writer thread and not yet heard back about. */
const WRITER_IN_FLIGHT = 4;

/** Rows read per page when exporting, so memory stays flat on big exports. */
const EXPORT_PAGE = 1000;

/** The embedded store: better-sqlite3 in WAL mode with `synchronous=FULL`, so a commit is on disk. */
/** Tables keyed by site that have no foreign key to `sites` (migration 012), so deleting a site cascades not to them. */
const SITE_ROWS_WITHOUT_CASCADE = ['receipt_scans', 'receipt_failures', 'improvement_notices', 'email_opt_outs'];

export class SqliteStore implements Store {
  /** the database file (':memory:' for an in-memory one), which threads open connections of their own to */
  readonly file: string;
  /** the main thread's connection: reads, catalog edits and deletions */
  readonly db: Database;
  /** rollup upkeep of this connection's writes (deletions); the writer keeps its own */
  readonly rollups: SqliteRollups;
  /** rules, webhook endpoints, cases and the outbox */
  readonly closedLoop: SqliteClosedLoop;
  /** receipt QR codes, on the main thread's connection */
  readonly receipts: SqliteReceipts;
  /** "you said, we did", on the main thread's connection */
  readonly improvements: SqliteImprovements;
  /** the main thread's site cache; the writer thread keeps its own, told of every invalidation */
  readonly sites: SiteCache;
  private readonly scores: SqliteScoreQueries;
  private readonly erasure: SqliteErasure;
  private readonly committer: GroupCommit<Write, SaveOutcome[]>;
  private readonly thread: WriterThread | null;
  /** inline writer: syncs the WAL off the event loop after each commit */
  private readonly walSync: WalSync | null;

  constructor(opts: SqliteStoreOptions) {
    this.file = opts.file;
    this.db = openDatabase(opts.file);
    migrate(this.db);
    this.sites = new SiteCache(new SqliteSiteSource(this.db));
    this.receipts = new SqliteReceipts(this.db);
    this.improvements = new SqliteImprovements(this.db);
    const inline = opts.writer === 'inline' || opts.file === ':memory:';
    if (inline) {
      const writer = new SqliteWriter(this.db, this.sites);
      this.thread = null;
      this.rollups = writer.rollups;
      this.closedLoop = writer.closedLoop;
      // An in-memory database has no WAL file to sync (and nothing durable to wait for).
      const wal = opts.file === ':memory:' ? null : new WalSync(this.db, opts.file);
      this.walSync = wal;
      this.committer = new GroupCommit(
        wal ? (g) => wal.commit(() => writer.commit(g)) : (g) => writer.commit(g),
        opts.commitWindowMs ?? 1,
        opts.commitMaxRows ?? 500,
      );
    } else {
      const thread = new WriterThread(opts.file);
      this.thread = thread;
      this.walSync = null;
      this.rollups = new SqliteRollups(this.db, this.sites);
      // The delivery worker's claims and marks go to the thread too: it stays the only writer.
      this.closedLoop = new SqliteClosedLoop(this.db, this.sites, (op) => thread.outbox(op));
      // Edits reach the writer thread's cache before any later commit (messages keep their order).
      this.sites.onInvalidate((site) => thread.invalidate(site));
      // Up to a few commits may be on their way: the writer thread joins whatever has queued into one
      // transaction, so the main thread never idles waiting for a reply before it sends the next.
      this.committer = new GroupCommit(
        (g) => thread.commit(g),
        opts.commitWindowMs ?? 1,
        opts.commitMaxRows ?? 500,
        WRITER_IN_FLIGHT,
      );
    }
    this.scores = new SqliteScoreQueries(this.db, this.rollups);
    this.erasure = new SqliteErasure(this.db, this.rollups);
  }

  /**
   * How the insight worker records its analyses with a writer thread: there, in order with the commits, so
   * that the thread stays the database's only writer (see writer-worker.ts). Null with the inline writer,
   * where they are recorded on this connection (`SqliteInsights.save`).
   */
  insightRecorder(): BatchRecorder | null {
    const thread = this.thread;
    return thread ? (analyses, watermark) => thread.saveInsights(analyses, watermark) : null;
  }

  /** After an edit of a site, its touchpoints or surveys: nothing may go on with what it cached of the site. */
  private edited(site: string): void {
    this.sites.invalidate(site);
  }

  // ---- health

  async probeWrite(): Promise<void> {
    probeWrite(this.db);
  }
  async checkIntegrity(): Promise<string[]> {
    return quickCheck(this.db);
  }

  // ---- sites, touchpoints, surveys

  async listSites(): Promise<Site[]> {
    return (this.db.prepare('SELECT * FROM sites ORDER BY key').all() as SiteRow[]).map(toSite);
  }
  async getSite(key: string): Promise<Site | null> {
    const row = this.db.prepare('SELECT * FROM sites WHERE key = ?').get(key) as SiteRow | undefined;
    return row ? toSite(row) : null;
  }
  async createSite(s: Site): Promise<boolean> {
    const now = new Date().toISOString();
    const insert = this.db.prepare(
      `INSERT INTO sites (key, name, origins, settings, created_at, updated_at)
      VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
    );
    // The site and its default rules in one transaction, so that no read ever has to create them.
    const created = this.db
      .transaction(() => {
        const created =
          insert.run(s.key, s.name, JSON.stringify(s.origins), JSON.stringify(s.settings), now, now).changes === 1;
        if (created) this.closedLoop.createDefaultRules(s.key, now);
        return created;
      })
      .immediate();
    // A new site's origins are allowed at once.
    this.edited(s.key);
    return created;
  }
  async updateSite(s: Site): Promise<boolean> {
    const zoneOf = this.db.prepare<[string], { zone: string | null; cap: number | null; pairs: string | null }>(
      `SELECT json_extract(settings, '$.timeZone') AS zone, json_extract(settings, '$.rollupLevelCap') AS cap,
        json_extract(settings, '$.pairVariables') AS pairs FROM sites WHERE key = ?`,
    );
    const scanOnly = this.db.prepare('SELECT 1 FROM rollup_variables WHERE site = ? AND scan_only = 1 LIMIT 1');
    const update = this.db.prepare(
      'UPDATE sites SET name = ?, origins = ?, settings = ?, updated_at = ? WHERE key = ?',
    );
    // The rollups count each day in the site's time zone: a new zone recounts them in the same transaction
    // (IMMEDIATE: the writer thread cannot commit between the change and the recount).
    const changed = this.db
      .transaction(() => {
        const before = zoneOf.get(s.key);
        const r = update.run(
          s.name,
          JSON.stringify(s.origins),
          JSON.stringify(s.settings),
          new Date().toISOString(),
          s.key,
        );
        if (before !== undefined && (before.zone ?? DEFAULT_TIME_ZONE) !== s.settings.timeZone) {
          this.sites.invalidate(s.key);
          this.rollups.recount(s.key);
        } else if (before !== undefined && capRose(before.cap, s.settings.rollupLevelCap) && scanOnly.get(s.key)) {
          // Variables the old cap made scan only may fit the new one: their levels are gone, so recount.
          this.rollups.rebuildVariables(s.key);
        } else if (
          before !== undefined &&
          pairVariablesChanged(
            before.pairs === null ? null : (JSON.parse(before.pairs) as string[]),
            s.settings.pairVariables,
          )
        ) {
          // Other variables crossed: the site's pairs counted again, before any write or read sees the change.
          this.rollups.rebuildPairs(s.key);
        }
        return r.changes === 1;
      })
      .immediate();
    this.edited(s.key);
    return changed;
  }
  async deleteSite(key: string): Promise<boolean> {
    const deleted = this.db
      .transaction(() => {
        // Receipt scans and refusals, improvement notices and opt-outs name the site without a foreign key.
        for (const table of SITE_ROWS_WITHOUT_CASCADE) this.db.prepare(`DELETE FROM ${table} WHERE site = ?`).run(key);
        return this.db.prepare('DELETE FROM sites WHERE key = ?').run(key).changes === 1;
      })
      .immediate();
    this.edited(key);
    return deleted;
  }

  async listTouchpoints(site: string): Promise<Touchpoint[]> {
    const rows = this.db.prepare('SELECT * FROM touchpoints WHERE site = ? ORDER BY id').all(site);
    return (rows as TouchpointRow[]).map(toTouchpoint);
  }
  async getTouchpoint(site: string, id: string): Promise<Touchpoint | null> {
    const row = this.db.prepare('SELECT * FROM touchpoints WHERE site = ? AND id = ?').get(site, id);
    return row ? toTouchpoint(row as TouchpointRow) : null;
  }
  async createTouchpoint(site: string, t: Touchpoint): Promise<boolean> {
    const now = new Date().toISOString();
    const r = this.db
      .prepare(
        `INSERT INTO touchpoints (site, id, name, kind, tags, stage, created_at, updated_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING`,
      )
      .run(site, t.id, t.name, t.kind, JSON.stringify(t.tags), t.stage ?? null, now, now);
    this.edited(site);
    return r.changes === 1;
  }
  async updateTouchpoint(site: string, t: Touchpoint): Promise<boolean> {
    const r = this.db
      .prepare(
        'UPDATE touchpoints SET name = ?, kind = ?, tags = ?, stage = ?, updated_at = ? WHERE site = ? AND id = ?',
      )
      .run(t.name, t.kind, JSON.stringify(t.tags), t.stage ?? null, new Date().toISOString(), site, t.id);
    this.edited(site);
    return r.changes === 1;
  }
  async deleteTouchpoint(site: string, id: string): Promise<boolean> {
    const deleted = this.db.prepare('DELETE FROM touchpoints WHERE site = ? AND id = ?').run(site, id).changes === 1;
    this.edited(site);
    return deleted;
  }

  async listSurveys(site: string, opts: { archived?: boolean } = {}): Promise<Survey[]> {
    const live = opts.archived ? '' : 'AND archived_at IS NULL';
    const rows = this.db.prepare(`SELECT definition FROM surveys WHERE site = ? ${live} ORDER BY id`).all(site);
    return (rows as { definition: string }[]).map(toSurvey);
  }
  async getSurvey(site: string, id: string): Promise<Survey | null> {
    const row = this.db
      .prepare('SELECT definition FROM surveys WHERE site = ? AND id = ? AND archived_at IS NULL')
      .get(site, id);
    return row ? toSurvey(row as { definition: string }) : null;
  }
  async createSurvey(site: string, s: Survey): Promise<boolean> {
    const now = new Date().toISOString();
    // An archived survey of that id comes back with the new definition (its types recorded from now on).
    const created = this.db.transaction(() => {
      const r = this.db
        .prepare(
          `INSERT INTO surveys (site, id, definition, active, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET definition = excluded.definition,
            active = excluded.active, updated_at = excluded.updated_at, archived_at = NULL
          WHERE archived_at IS NOT NULL`,
        )
        .run(site, s.id, JSON.stringify(s), s.active ? 1 : 0, now, now);
      if (r.changes === 1) this.rollups.questionTypes.record(site, s, now);
      return r.changes === 1;
    })();
    this.edited(site);
    return created;
  }
  async updateSurvey(site: string, s: Survey): Promise<boolean> {
    const now = new Date().toISOString();
    const updated = this.db.transaction(() => {
      const r = this.db
        .prepare(
          `UPDATE surveys SET definition = ?, active = ?, updated_at = ?
          WHERE site = ? AND id = ? AND archived_at IS NULL`,
        )
        .run(JSON.stringify(s), s.active ? 1 : 0, now, site, s.id);
      if (r.changes === 1) this.rollups.questionTypes.record(site, s, now);
      return r.changes === 1;
    })();
    this.edited(site);
    return updated;
  }
  async deleteSurvey(site: string, id: string): Promise<boolean> {
    // A survey with answers is archived: its answers keep counting on every path, under their types.
    const gone = this.db
      .transaction(() => {
        const answered = this.db.prepare('SELECT 1 FROM responses WHERE site = ? AND survey = ? LIMIT 1').get(site, id);
        if (!answered) {
          this.db.prepare('DELETE FROM question_types WHERE site = ? AND survey = ?').run(site, id);
          return this.db.prepare('DELETE FROM surveys WHERE site = ? AND id = ?').run(site, id).changes === 1;
        }
        const archive =
          'UPDATE surveys SET archived_at = ?, active = 0 WHERE site = ? AND id = ? AND archived_at IS NULL';
        return this.db.prepare(archive).run(new Date().toISOString(), site, id).changes === 1;
      })
      .immediate(); // it reads before it writes: the write lock first, so its snapshot cannot go stale
    this.edited(site);
    return gone;
  }
  async questionTypes(site: string): Promise<QuestionTypeSpan[]> {
    return this.rollups.questionTypes.list(site);
  }

  // ---- ingest (group-committed)

  saveResponses(records: ResponseRecord[]): Promise<SaveOutcome[]> {
    return this.committer.submit(records.map((response) => ({ response })));
  }
  saveEvents(records: EventRecord[]): Promise<SaveOutcome[]> {
    return this.committer.submit(records.map((event) => ({ event })));
  }
  ingestBacklog(): number {
    return this.committer.backlog();
  }

  // ---- reading and deleting responses

  async getResponse(site: string, id: string): Promise<StoredResponse | null> {
    const row = this.db.prepare('SELECT * FROM responses WHERE site = ? AND id = ?').get(site, id);
    return row ? toResponse(row as ResponseRow) : null;
  }
  async listResponses(
    site: string,
    filter: ResponseQuery,
    page: { limit: number; cursor?: string },
  ): Promise<ResponsePage> {
    const where = responseWhere(site, filter);
    if (page.cursor !== undefined) {
      // The route has checked the cursor; an unreadable one would read as "after the end".
      const [createdAt, id] = decodeCursor(page.cursor) ?? ['', ''];
      where.sql += ' AND (created_at, id) < (@cursorCreatedAt, @cursorId)';
      where.params.cursorCreatedAt = createdAt;
      where.params.cursorId = id;
    }
    const rows = this.db
      .prepare(`SELECT * FROM responses WHERE ${where.sql} ORDER BY created_at DESC, id DESC LIMIT @limit`)
      .all({ ...where.params, limit: page.limit + 1 }) as ResponseRow[];
    const items = rows.slice(0, page.limit).map(toResponse);
    const last = items[items.length - 1];
    const nextCursor = rows.length > page.limit && last ? encodeCursor(last.createdAt, last.id) : null;
    return { items, nextCursor };
  }
  async *exportResponses(site: string, filter: ResponseQuery): AsyncIterable<StoredResponse> {
    let cursor: string | undefined;
    do {
      const page = await this.listResponses(site, filter, { limit: EXPORT_PAGE, ...(cursor ? { cursor } : {}) });
      yield* page.items;
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
  }
  async countResponses(site: string): Promise<number> {
    return this.db.prepare('SELECT count(*) FROM responses WHERE site = ?').pluck().get(site) as number;
  }
  async deleteRespondent(site: string, respondent: string): Promise<RespondentErasure> {
    return this.erasure.eraseRespondent(site, respondent);
  }
  async applyRetention(site: string, before: string, action: RetentionAction): Promise<number> {
    return await this.erasure.applyRetention(site, before, action);
  }
  async deleteResponse(site: string, id: string): Promise<boolean> {
    return this.rollups.deleteResponses('site = ? AND id = ?', [site, id]) === 1;
  }
  async listKiosks(site: string): Promise<KioskStatus[]> {
    const rows = this.db.prepare('SELECT * FROM kiosks WHERE site = ? ORDER BY kiosk').all(site);
    return (rows as KioskRow[]).map(toKiosk);
  }
  async nameKiosk(site: string, kiosk: string, name: string | null): Promise<boolean> {
    return (
      this.db.prepare('UPDATE kiosks SET name = ? WHERE site = ? AND kiosk = ?').run(name, site, kiosk).changes === 1
    );
  }

  // ---- scores (rollups are dropped with their site by ON DELETE CASCADE)

  async scoreHistograms(site: string, query: HistogramQuery): Promise<HistogramRow[]> {
    return this.scores.histograms(site, query);
  }
  async histogramSource(site: string, query: Omit<HistogramQuery, 'groupBy'>): Promise<'rollup' | 'scan'> {
    return histogramSource(this.db, site, query);
  }
  async filteredChannelHistograms(
    site: string,
    query: Omit<HistogramQuery, 'groupBy'>,
  ): Promise<ChannelHistogramRow[] | null> {
    return rollupFilteredChannelHistograms(this.db, site, query);
  }
  async responseCounts(site: string, query: ExposureQuery): Promise<ExposureRow[]> {
    return this.scores.responseCounts(site, query);
  }
  async respondentRows(site: string, query: RespondentQuery): Promise<RespondentRow[]> {
    return this.scores.respondentRows(site, query);
  }

  async impactCounts(site: string, query: ImpactQuery): Promise<ImpactCountRow[] | null> {
    return this.scores.impactCounts(site, query);
  }

  async variableCounts(site: string, query: VariableCountQuery): Promise<VariableCounts> {
    const rolled = rollupVariableCounts(this.db, site, query);
    if (rolled) return rolled;
    const scanned = variableCounts(this.db, this.rollups.questionTypes, site, query);
    // A scan counts a binned variable at its stored edges too, unless raw values were asked for.
    return query.rawValues ? scanned : binScan(scanned, storedEdges(this.db, site));
  }
  async modelCells(site: string, query: ModelCellQuery): Promise<ModelCells | null> {
    return rollupModelCells(this.db, site, query);
  }
  async rebuildVariableRollups(site: string): Promise<number> {
    return this.rollups.rebuildVariables(site);
  }

  // ---- API keys

  async createApiKey(k: {
    name: string;
    kind: ApiKey['kind'];
    hash: string;
    prefix: string;
    id?: string;
    sites?: string[] | null;
  }) {
    const key: ApiKey = {
      id: k.id ?? randomUUID(),
      name: k.name,
      kind: k.kind,
      prefix: k.prefix,
      sites: k.sites ?? null,
      createdAt: new Date().toISOString(),
      lastUsedAt: null,
    };
    this.db
      .prepare(
        `INSERT INTO api_keys (id, name, kind, hash, prefix, sites, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, hash = excluded.hash,
        prefix = excluded.prefix, sites = excluded.sites`,
      )
      .run(key.id, key.name, key.kind, k.hash, key.prefix, key.sites && JSON.stringify(key.sites), key.createdAt);
    return key;
  }
  async findApiKey(hash: string): Promise<ApiKeyRecord | null> {
    const row = this.db.prepare('SELECT * FROM api_keys WHERE hash = ?').get(hash) as ApiKeyRow | undefined;
    return row ? toApiKey(row) : null;
  }
  async listApiKeys(): Promise<ApiKey[]> {
    const rows = this.db.prepare('SELECT * FROM api_keys ORDER BY created_at').all() as ApiKeyRow[];
    return rows.map((r) => {
      const { hash: _hash, ...key } = toApiKey(r);
      return key;
    });
  }
  async deleteApiKey(id: string): Promise<boolean> {
    return this.db.prepare('DELETE FROM api_keys WHERE id = ?').run(id).changes === 1;
  }
  async touchApiKey(id: string, at: string): Promise<void> {
    this.db.prepare('UPDATE api_keys SET last_used_at = ? WHERE id = ?').run(at, id);
  }

  async close(): Promise<void> {
    await this.committer.close();
    await this.thread?.close();
    this.walSync?.close();
    this.db.close();
  }
}
