import type pg from 'pg';
import type {
  EmergingQuery,
  StaffRoster,
  StoredResponse,
  Survey,
  ThemeTrendQuery,
  VerbatimQuery,
} from '@touchpoint/shared';
import { defaultSettings, type AnalysisJob, type SiteInsightSettings } from '../../insights/analyse-batch.js';
import { DEFAULT_TAXONOMY } from '../../insights/default-taxonomy.js';
import { readEmerging, refreshEmerging, type EmergingResults } from '../../insights/emerging-results.js';
import type { InsightConfig, InsightConfigEdit, InsightStore } from '../../insights/insight-store.js';
import type { InsightSegment, InsightWindow } from '../../insights/insight-views.js';
import { surveyShape, type InsightRecord } from '../../insights/record.js';
import {
  firstAnalysisSteps,
  insightRows,
  pendingCutoff,
  watchesForCompletion,
  type MentionRow,
} from '../../insights/recording.js';
import type { Taxonomy } from '../../insights/types.js';
import type { LoopStep } from '../plan/closed-loop.js';
import type { SiteCache } from '../site-cache.js';
import { inTransaction, json, preparing, type Queryable } from './db.js';
import { pgEmergingResults } from './emerging-results.js';
import * as views from './insight-views.js';
import { toResponse, type ResponseRow } from './rows.js';
import type { PgWrites } from './writes.js';

/** Analyses a job's responses (on the insight thread, or inline); the records come back in the job's order. */
export type Analyse = (job: AnalysisJob) => Promise<InsightRecord[]>;

interface ConfigRow {
  site: string;
  taxonomy: Taxonomy | null;
  roster: StaffRoster;
  updated_at: string;
}

/** A response with its analysis, ready to be recorded. */
interface Analysed {
  stored: StoredResponse;
  record: InsightRecord;
}

const INSERT_INSIGHTS = `INSERT INTO response_insights (response_id, site, touchpoint, day, band, score, has_text,
  language, analysed, sentiment, question, analysis, channel)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[], $7::boolean[],
    $8::text[], $9::boolean[], $10::text[], $11::text[], $12::jsonb[], $13::text[])`;
const mentions = (table: string, key: string, withBand: boolean) =>
  `INSERT INTO ${table} (response_id, site, touchpoint, day, ${withBand ? 'band, ' : ''}${key}, sentiment, channel)
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], ${withBand ? '$5::text[], $6::text[], $7::text[], $8::text[]' : '$5::text[], $6::text[], $7::text[]'})`;
const INSERT_THEMES = mentions('response_insight_themes', 'theme', true);
const INSERT_STAFF = mentions('response_insight_staff', 'staff', false);

const mentionParams = (rows: readonly MentionRow[], withBand: boolean): unknown[] => [
  rows.map((m) => m.responseId),
  rows.map((m) => m.site),
  rows.map((m) => m.touchpoint),
  rows.map((m) => m.day),
  ...(withBand ? [rows.map((m) => m.band)] : []),
  rows.map((m) => m.key),
  rows.map((m) => m.sentiment),
  rows.map((m) => m.channel),
];

/**
 * Verbatim insights on PostgreSQL: settings, the queue of responses to analyse, and recording. Several
 * collectors share the work: a batch claims its queue rows (and the responses) FOR UPDATE SKIP LOCKED and
 * records their analyses in the same transaction, so no response is analysed by two collectors at once, and
 * a collector that dies mid-batch leaves its rows to the next claim (at least once: the rules on themes fire
 * with the commit that records a first analysis, never without it). Rollups follow by triggers (018_insights.sql).
 */
export class PgInsights implements InsightStore {
  private readonly emergingResults: EmergingResults;

  constructor(
    readonly pool: pg.Pool,
    private readonly sites: SiteCache,
    private readonly writes: PgWrites,
  ) {
    this.emergingResults = pgEmergingResults(pool);
  }

  themes(site: string, w: InsightWindow, taxonomy: Taxonomy, segment?: InsightSegment) {
    return views.themeSummaries(this.pool, site, w, taxonomy, segment);
  }
  trend(site: string, q: ThemeTrendQuery, taxonomy: Taxonomy, segment?: InsightSegment) {
    return views.themeTrend(this.pool, site, q, taxonomy, segment);
  }
  emerging(site: string, q: EmergingQuery, segment?: InsightSegment) {
    return readEmerging(this.emergingResults, site, q, segment);
  }
  refreshEmerging(now?: Date) {
    return refreshEmerging(this.emergingResults, now);
  }
  verbatims(site: string, q: VerbatimQuery, roster: StaffRoster, segment?: InsightSegment) {
    return views.verbatims(this.pool, site, q, roster, segment);
  }
  staff(site: string, w: InsightWindow, roster: StaffRoster, withNames: boolean, segment?: InsightSegment) {
    return views.staffKudos(this.pool, site, w, roster, withNames, segment);
  }

  /** A site's taxonomy and roster. */
  async config(site: string): Promise<InsightConfig> {
    const { rows } = await this.pool.query<ConfigRow>('SELECT * FROM insight_config WHERE site = $1', [site]);
    const row = rows[0];
    return {
      taxonomy: row?.taxonomy ?? DEFAULT_TAXONOMY,
      isDefault: !row?.taxonomy,
      roster: row?.roster ?? { staff: [] },
    };
  }

  /** Replaces a site's taxonomy (null: back to the default) or roster; a new `updated_at` is its new version. */
  async saveConfig(site: string, edit: InsightConfigEdit): Promise<void> {
    // The stored emerging themes were clustered against the old settings.
    await this.pool.query('DELETE FROM insight_emerging WHERE site = $1', [site]);
    // One statement: an edit of the roster keeps the taxonomy as stored, whatever another collector wrote.
    await this.pool.query(
      `INSERT INTO insight_config (site, taxonomy, roster, updated_at) VALUES ($1, $2, $3, $4)
      ON CONFLICT (site) DO UPDATE SET
        taxonomy = CASE WHEN $5 THEN excluded.taxonomy ELSE insight_config.taxonomy END,
        roster = CASE WHEN $6 THEN excluded.roster ELSE insight_config.roster END,
        updated_at = excluded.updated_at`,
      [
        site,
        edit.taxonomy ? json(edit.taxonomy) : null,
        json(edit.roster ?? { staff: [] }),
        new Date().toISOString(),
        edit.taxonomy !== undefined,
        edit.roster !== undefined,
      ],
    );
  }

  /** What analysing `responses` needs: their surveys' shapes and their sites' settings. */
  private async job(db: Queryable, responses: StoredResponse[]): Promise<AnalysisJob> {
    const sites = [...new Set(responses.map((r) => r.site))];
    const surveys = await db.query<{ site: string; definition: Survey }>(
      'SELECT site, definition FROM surveys WHERE site = ANY($1::text[])',
      [sites],
    );
    const configs = await db.query<ConfigRow>('SELECT * FROM insight_config WHERE site = ANY($1::text[])', [sites]);
    const settings = new Map<string, SiteInsightSettings>(
      configs.rows.map((c) => [
        c.site,
        { site: c.site, version: c.updated_at, taxonomy: c.taxonomy ?? DEFAULT_TAXONOMY, roster: c.roster },
      ]),
    );
    return {
      responses: responses.map((r) => ({
        id: r.id,
        site: r.site,
        survey: r.survey,
        touchpoint: r.touchpoint,
        channel: r.channel,
        answers: r.answers,
        locale: r.locale,
        createdAt: r.createdAt,
      })),
      shapes: surveys.rows.map((s) => [`${s.site}/${s.definition.id}`, surveyShape(s.definition)]),
      settings: sites.map((s) => settings.get(s) ?? defaultSettings(s)),
    };
  }

  /**
   * Claims up to `limit` responses waiting for analysis (new ones from the queue, then partial ones that
   * changed since), analyses them with `analyse` and records the results, all in one transaction. Returns
   * how many it analysed (0: nothing was waiting that another collector had not claimed).
   */
  async runBatch(analyse: Analyse, limit: number): Promise<number> {
    return inTransaction(this.pool, async (raw) => {
      const client = preparing(raw); // its statements planned once per connection, as ingest's (db.ts)
      const fresh = await client.query<ResponseRow>(
        `SELECT r.* FROM insight_queue q JOIN responses r ON r.id = q.response_id ORDER BY q.seq LIMIT $1
        FOR UPDATE OF q SKIP LOCKED FOR NO KEY UPDATE OF r SKIP LOCKED`,
        [limit],
      );
      const changed = await client.query<ResponseRow>(
        `SELECT r.* FROM insight_pending p JOIN responses r ON r.id = p.response_id WHERE r.updated_at <> p.updated_at
        LIMIT $1 FOR UPDATE OF p SKIP LOCKED FOR NO KEY UPDATE OF r SKIP LOCKED`,
        [limit],
      );
      const byId = new Map([...fresh.rows, ...changed.rows].map((r) => [r.id, toResponse(r)]));
      if (byId.size === 0) return 0;
      const responses = [...byId.values()];
      const records = await analyse(await this.job(client, responses));
      await this.record(
        client,
        responses.map((stored, i) => ({ stored, record: records[i]! })),
      );
      await client.query('DELETE FROM insight_queue WHERE response_id = ANY($1::text[])', [
        fresh.rows.map((r) => r.id),
      ]);
      return responses.length;
    });
  }

  /**
   * Analyses all of a site's responses again (after a taxonomy change, or data from before), a page per
   * transaction; safe beside the worker and other collectors (`record` locks the responses it replaces).
   */
  async backfill(site: string, analyse: Analyse, limit: number): Promise<number> {
    let after = '';
    let total = 0;
    for (;;) {
      const page = (
        await this.pool.query<ResponseRow>('SELECT * FROM responses WHERE site = $1 AND id > $2 ORDER BY id LIMIT $3', [
          site,
          after,
          limit,
        ])
      ).rows.map(toResponse);
      if (page.length === 0) {
        // The stored emerging themes were clustered against the analyses just replaced.
        await this.pool.query('DELETE FROM insight_emerging WHERE site = $1', [site]);
        return total;
      }
      const records = await analyse(await this.job(this.pool, page));
      await inTransaction(this.pool, (client) =>
        this.record(
          client,
          page.map((stored, i) => ({ stored, record: records[i]! })),
        ),
      );
      after = page.at(-1)!.id;
      total += page.length;
    }
  }

  /**
   * Records analyses in the caller's transaction, replacing earlier ones of the same responses: first the
   * rules on themes of each first analysis (insights/recording.ts), then the rows; partial responses are
   * watched until completed or PENDING_MAX_AGE_MS old. Responses deleted meanwhile are left out.
   */
  private async record(client: pg.PoolClient, analysed: readonly Analysed[], now = new Date()): Promise<void> {
    const ids = analysed.map((a) => a.stored.id);
    // Locked in id order: a backfill and a worker batch (or two collectors' backfills) wait for each other.
    const present = new Set(
      (
        await client.query<{ id: string }>(
          'SELECT id FROM responses WHERE id = ANY($1::text[]) ORDER BY id FOR NO KEY UPDATE',
          [ids],
        )
      ).rows.map((r) => r.id),
    );
    const kept = analysed.filter((a) => present.has(a.stored.id));
    // Analyses stored already (replaced below), and those among them that were not partial (`before`).
    const { rows: earlier } = await client.query<{ response_id: string; watched: boolean }>(
      `SELECT response_id, EXISTS (SELECT 1 FROM insight_pending p WHERE p.response_id = ri.response_id) AS watched
      FROM response_insights ri WHERE response_id = ANY($1::text[])`,
      [ids],
    );
    const withAnalysis = new Set(earlier.map((r) => r.response_id));
    const before = new Set(earlier.filter((r) => !r.watched).map((r) => r.response_id));
    const loop: { site: string; responseId: string; steps: readonly LoopStep[] }[] = [];
    for (const { stored, record } of kept) {
      if (stored.partial || !record.analysis?.analysed || before.has(stored.id)) continue;
      const site = await this.sites.get(stored.site);
      const steps = firstAnalysisSteps({ record, partial: stored.partial, analysedBefore: false, stored, site }, now);
      if (steps.length > 0) loop.push({ site: stored.site, responseId: stored.id, steps });
    }
    await this.writes.applyLoopSteps(client, loop, now.toISOString());

    const rows = kept.map((a) => insightRows(a.record));
    // The rollup triggers update shared rows (a week's count over every store), taking out earlier analyses
    // before adding the new ones: two recorders of the same site and rollup shard at once (the worker and a
    // backfill) would lock those rows in different orders and could deadlock. One recorder per site and shard
    // at a time, until the commit (the analysis itself ran before); another collector writes its own shard
    // (migration 029) and does not wait.
    for (const site of [...new Set(kept.map((a) => a.stored.site))].sort()) {
      await client.query(
        "SELECT pg_advisory_xact_lock(hashtext('touchpoint insight rollups'), hashtext($1 || ' ' || rollup_shard()))",
        [site],
      );
    }
    // Only where there is something to replace: a worker's batch of new responses has nothing, and the delete
    // would still fire the rollup triggers (before migration 029 they ran four upserts for no row).
    const replaced = kept.map((a) => a.stored.id).filter((id) => withAnalysis.has(id));
    if (replaced.length > 0)
      await client.query('DELETE FROM response_insights WHERE response_id = ANY($1::text[])', [replaced]);
    const r = rows.map((x) => x.row);
    await client.query(INSERT_INSIGHTS, [
      r.map((x) => x.responseId),
      r.map((x) => x.site),
      r.map((x) => x.touchpoint),
      r.map((x) => x.day),
      r.map((x) => x.band),
      r.map((x) => x.score),
      r.map((x) => x.hasText),
      r.map((x) => x.language),
      r.map((x) => x.analysed),
      r.map((x) => x.sentiment),
      r.map((x) => x.question),
      r.map((x) => (x.analysis ? json(x.analysis) : null)),
      r.map((x) => x.channel),
    ]);
    const themes = rows.flatMap((x) => x.themes);
    if (themes.length > 0) await client.query(INSERT_THEMES, mentionParams(themes, true));
    const staff = rows.flatMap((x) => x.staff);
    if (staff.length > 0) await client.query(INSERT_STAFF, mentionParams(staff, false));

    const watched = kept.filter((a) => watchesForCompletion(a.stored, now)).map((a) => a.stored);
    await client.query(
      `INSERT INTO insight_pending (response_id, updated_at, since) SELECT id, updated_at, $3
      FROM unnest($1::text[], $2::text[]) AS w (id, updated_at)
      ON CONFLICT (response_id) DO UPDATE SET updated_at = excluded.updated_at`,
      [watched.map((w) => w.id), watched.map((w) => w.updatedAt), now.toISOString()],
    );
    const unwatched = kept.filter((a) => !watchesForCompletion(a.stored, now)).map((a) => a.stored.id);
    await client.query('DELETE FROM insight_pending WHERE response_id = ANY($1::text[]) OR since < $2', [
      unwatched,
      pendingCutoff(now),
    ]);
  }
}
