import type { Database, Statement } from 'better-sqlite3';
import type { SiteCache } from '../site-cache.js';
import type { ShownEventRecord } from '../store.js';
import {
  impressionDeltas,
  rollupDeltas,
  type CountDelta,
  type RollupDeltas,
  type RollupSource,
  type ScoreDelta,
} from '../plan/rollup-contribution.js';
import { NO_TYPE_HISTORY, type QuestionTypesAt } from '../plan/type-at-arrival.js';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';
import type { PairScope, VarDelta } from '../plan/variable-rollup.js';
import type { ImpactDelta } from '../plan/impact-rollup.js';
import { SqliteQuestionTypes } from './question-types.js';
import { SqliteVariableRollups } from './variable-rollups.js';

/**
 * Rollups kept current on write (tables in migrations/sqlite/002_rollups.sql). What a row adds is decided
 * by the write plan (plan/rollup-contribution.ts); this class stages the deltas per caller of the group
 * commit and writes them once per transaction, summed, so a batch of 500 responses costs a few dozen
 * upserts rather than a thousand.
 */

/** What to select from `responses` to build a RollupSource (answers still as JSON text). */
export const ROLLUP_COLUMNS =
  'site, survey, touchpoint, channel, trigger, created_at, received_at, answers, flagged, device, vars';

/** A row selected with ROLLUP_COLUMNS: answers and vars still JSON text. */
export type RollupRow = Omit<RollupSource, 'answers'> & { answers: string; device: string | null; vars: string };

/** A RollupRow with its JSON parsed. */
export const parsedRollupRow = (r: RollupRow) => ({
  ...r,
  answers: JSON.parse(r.answers) as Record<string, unknown>,
  vars: JSON.parse(r.vars) as Record<string, unknown>,
});

/** The score rollup tables of a site, and its variable rollup tables (migration 017). */
const SCORE_ROLLUP_TABLES = ['score_rollups', 'response_counts'];
const VARIABLE_ROLLUP_TABLES = [
  'var_rollups',
  'rollup_levels',
  'rollup_variables',
  'var_pair_rollups',
  'pair_variables',
];
/** The impact rollup (migration 020): recounted with the score rollups, and with the variable rollups. */
const IMPACT_ROLLUP_TABLE = 'impact_rollups';

/** Responses whose var_rollups deltas a rebuild sums in memory before it writes them. */
const REBUILD_BATCH = 20_000;
/**
 * Responses a full recount reads and sums per page before it writes: bigger pages share more rollup rows
 * (at 10M responses a year, 100,000 are ~4 days), a few hundred MB of deltas at most.
 */
const RECOUNT_PAGE = 100_000;

/** Adds a delta into `into` under its key: summed into the one there, else kept (a copy when `copy`). */
function sumCount<T extends { key: string; count: number }>(into: Map<string, T>, d: T, copy: boolean): void {
  const sum = into.get(d.key);
  if (sum) sum.count += d.count;
  else into.set(d.key, copy ? { ...d } : d);
}

/** sumCount for the answered/impression counts. */
function sumExposure<T extends { key: string; answered: number; impressions: number }>(
  into: Map<string, T>,
  d: T,
  copy: boolean,
): void {
  const sum = into.get(d.key);
  if (sum) {
    sum.answered += d.answered;
    sum.impressions += d.impressions;
  } else into.set(d.key, copy ? { ...d } : d);
}

/** The rollup upkeep of the SQLite store. Synchronous: it runs inside the store's transactions. */
export class SqliteRollups {
  private staged = this.empty();
  private pending = this.empty();
  /** var_rollups upkeep (scan-only variables, levels) */
  readonly variables: SqliteVariableRollups;
  private readonly upsertScore: Statement;
  private readonly upsertCount: Statement;
  private readonly upsertImpact: Statement;
  /** the type history the scans count answers under (the write path reads it through the site cache) */
  readonly questionTypes: SqliteQuestionTypes;

  constructor(
    private readonly db: Database,
    private readonly sites: SiteCache,
  ) {
    this.questionTypes = new SqliteQuestionTypes(db);
    this.variables = new SqliteVariableRollups(db);
    // Any edit of a site may have changed its types (on another connection too): read them again.
    sites.onInvalidate(() => this.questionTypes.forget());
    // Positional parameters: one upsert per touched rollup row and commit, no object to bind from.
    this.upsertScore = db.prepare(`INSERT INTO score_rollups (site, day, survey, touchpoint, channel, question,
      qtype, value, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET count = count + excluded.count`);
    this.upsertCount = db.prepare(`INSERT INTO response_counts (site, day, survey, touchpoint, channel, trigger,
      answered, impressions) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET answered = answered + excluded.answered,
        impressions = impressions + excluded.impressions`);
    this.upsertImpact = db.prepare(`INSERT INTO impact_rollups (site, day, survey, touchpoint, channel, question,
      qtype, value, nps_question, nps_value, count) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
      ON CONFLICT DO UPDATE SET count = count + excluded.count`);
  }

  /** The type history of a site's questions as the site cache holds it (archived surveys' too). */
  typesOf(site: string): QuestionTypesAt {
    return this.sites.getSync(site) ?? NO_TYPE_HISTORY;
  }

  /** The site's time zone as the site cache holds it. */
  zoneOf(site: string): string {
    return this.sites.getSync(site)?.timeZone ?? DEFAULT_TIME_ZONE;
  }

  private empty() {
    return {
      scores: new Map<string, ScoreDelta>(),
      counts: new Map<string, CountDelta>(),
      vars: new Map<string, VarDelta>(),
      impact: new Map<string, ImpactDelta>(),
    };
  }

  /** Stages a response's contribution: sign 1 when it is stored, −1 when it goes or is replaced. */
  add(row: Parameters<typeof rollupDeltas>[0], sign: 1 | -1): void {
    this.stage(rollupDeltas(row, sign, this.typesOf(row.site), this.zoneOf(row.site), this.pairsOf(row.site)));
  }

  /** The variables the site's pairwise rollups cross, as this transaction sees them (see SqliteVariableRollups). */
  pairsOf(site: string): PairScope {
    return this.variables.pairsOf(site);
  }

  /** Stages an impression (the response rate's denominator). */
  impression(e: ShownEventRecord): void {
    this.stage(impressionDeltas(e, this.zoneOf(e.site)));
  }

  /**
   * Rebuilds a site's rollups from its stored responses and impressions, as the write plan counts them
   * now (its time zone changed). Call inside the transaction that changed the site, after the change,
   * with the site cache invalidated: nothing else writes meanwhile, so the swap is atomic.
   */
  recount(site: string): void {
    // The variable rollups are keyed by the same local days: they are rebuilt with the score rollups.
    for (const table of [
      ...SCORE_ROLLUP_TABLES,
      ...VARIABLE_ROLLUP_TABLES,
      IMPACT_ROLLUP_TABLE,
      'variable_rollups_pending',
    ])
      this.db.prepare(`DELETE FROM ${table} WHERE site = ?`).run(site);
    // Its pairs are gone: no scope read before may say which it crosses.
    this.variables.forgetPairs();
    // In pages by rowid, written as it goes: a site of millions never holds every delta in memory at once
    // (and a statement cannot write while another one is still being iterated).
    const page = this.db.prepare(
      `SELECT rowid, ${ROLLUP_COLUMNS} FROM responses WHERE site = ? AND rowid > ? ORDER BY rowid LIMIT ?`,
    );
    for (let after = 0; ;) {
      const rows = page.all(site, after, RECOUNT_PAGE) as (RollupRow & { rowid: number })[];
      const types = this.typesOf(site);
      const zone = this.zoneOf(site);
      // Summed straight into the pending deltas: fresh objects of the plan's, so no copy per delta as stage makes.
      const pairs = this.pairsOf(site);
      for (const r of rows) this.sumPending(rollupDeltas(parsedRollupRow(r), 1, types, zone, pairs));
      this.flush();
      const last = rows[rows.length - 1];
      if (!last || rows.length < RECOUNT_PAGE) break;
      after = last.rowid;
    }
    const events = this.db
      .prepare(
        `SELECT id, site, type, survey, touchpoint, channel, trigger, created_at AS createdAt,
          received_at AS receivedAt FROM events WHERE site = ? AND type = 'impression'`,
      )
      .iterate(site);
    for (const e of events as Iterable<ShownEventRecord>) this.impression(e);
    this.keep();
    this.flush();
  }

  /**
   * Stages the rollup deltas of a write plan, summed with those staged before. Its variable deltas (most of
   * them, the pairs') are summed into as they are, not copied: a plan is staged once, its deltas never read after.
   */
  stage(deltas: RollupDeltas): void {
    for (const d of deltas.scores) sumCount(this.staged.scores, d, true);
    for (const d of deltas.counts) sumExposure(this.staged.counts, d, true);
    for (const d of deltas.vars) sumCount(this.staged.vars, d, false);
    for (const d of deltas.impact) sumCount(this.staged.impact, d, true);
  }

  /** Adds fresh deltas (owned from now on) to those waiting for the flush. */
  private sumPending(deltas: RollupDeltas): void {
    const { scores, counts, vars, impact } = this.pending;
    for (const d of deltas.scores) sumCount(scores, d, false);
    for (const d of deltas.counts) sumExposure(counts, d, false);
    for (const d of deltas.vars) sumCount(vars, d, false);
    for (const d of deltas.impact) sumCount(impact, d, false);
  }

  /** Keeps what was staged since the last keep/drop (its caller's savepoint committed). */
  keep(): void {
    // Nothing kept yet (a commit's one keep on its fast path): the staged sums are kept as they are.
    const p = this.pending;
    if (p.scores.size === 0 && p.counts.size === 0 && p.vars.size === 0 && p.impact.size === 0) {
      this.pending = this.staged;
      this.drop();
      return;
    }
    const { scores, counts, vars, impact } = this.pending;
    for (const d of this.staged.scores.values()) sumCount(scores, d, false);
    for (const d of this.staged.counts.values()) sumExposure(counts, d, false);
    for (const d of this.staged.vars.values()) sumCount(vars, d, false);
    for (const d of this.staged.impact.values()) sumCount(impact, d, false);
    this.drop();
  }

  /** Drops what was staged since the last keep/drop (its caller's savepoint rolled back). */
  drop(): void {
    this.staged = this.empty();
    // A rollback, or the end of a transaction: what another connection commits next is read again.
    this.variables.forgetPairs();
  }

  /** Writes the kept deltas; call inside the transaction that made them. Clears them even if it fails. */
  flush(): void {
    const { scores, counts, vars, impact } = this.pending;
    this.pending = this.empty();
    this.drop();
    for (const d of scores.values()) {
      if (d.count === 0) continue;
      this.upsertScore.run(d.site, d.day, d.survey, d.touchpoint, d.channel, d.question, d.qtype, d.value, d.count);
    }
    for (const d of counts.values()) {
      if (d.answered === 0 && d.impressions === 0) continue;
      this.upsertCount.run(d.site, d.day, d.survey, d.touchpoint, d.channel, d.trigger, d.answered, d.impressions);
    }
    this.variables.write(vars.values());
    this.writeImpact(impact.values());
  }

  /** Writes summed impact_rollups deltas (zero sums skipped). */
  private writeImpact(deltas: Iterable<ImpactDelta>): void {
    for (const d of deltas) {
      if (d.count === 0) continue;
      this.upsertImpact.run(
        d.site,
        d.day,
        d.survey,
        d.touchpoint,
        d.channel,
        d.question,
        d.qtype,
        d.value,
        d.npsQuestion,
        d.npsValue,
        d.count,
      );
    }
  }

  /** See `Store.rebuildVariableRollups`: var_rollups of the site recounted, read and summed REBUILD_BATCH responses at a time. */
  rebuildVariables(site: string): number {
    return this.db
      .transaction(() => {
        // The impact rollup (migration 020) is recounted here too: the migration left its sites pending.
        for (const table of [...VARIABLE_ROLLUP_TABLES, IMPACT_ROLLUP_TABLE])
          this.db.prepare(`DELETE FROM ${table} WHERE site = ?`).run(site);
        const read = this.eachRebuildPage(site, (sums, impact) => {
          this.variables.write(sums.values());
          this.writeImpact(impact.values());
        });
        // The insight rollups by level (migration 023) follow the variables now registered.
        this.db.prepare('DELETE FROM insight_var_rollups WHERE site = ?').run(site);
        this.db
          .prepare(
            `INSERT INTO insight_var_rollups SELECT site, variable, level, grain, day, channel, touchpoint, theme,
            band, sentiment, count(*) FROM insight_var_parts WHERE site = ?
            GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment`,
          )
          .run(site);
        this.db.prepare('DELETE FROM variable_rollups_pending WHERE site = ?').run(site);
        return read;
      })
      .immediate();
  }

  /**
   * Counts a site's pairwise rollups again from its responses (its settings.pairVariables changed), its
   * variables' own rollups as they are. Call inside the transaction that changed the site: no write of the
   * site, and no read of its pairs, sees them half counted.
   */
  rebuildPairs(site: string): void {
    for (const table of ['var_pair_rollups', 'pair_variables'])
      this.db.prepare(`DELETE FROM ${table} WHERE site = ?`).run(site);
    this.eachRebuildPage(site, (sums) => this.variables.writePairsOnly(sums.values()));
  }

  /**
   * Reads a site's responses REBUILD_BATCH at a time (by rowid: a statement cannot write while another one is
   * still being iterated) and hands each page's summed variable and impact deltas to `write`, inside the
   * caller's transaction; returns the responses read. The site's crossed variables are read again for each page
   * (the last one may have registered some), starting from none cached.
   */
  private eachRebuildPage(
    site: string,
    write: (vars: Map<string, VarDelta>, impact: Map<string, ImpactDelta>) => void,
  ): number {
    this.variables.forgetPairs();
    const types: QuestionTypesAt = {
      typeAt: (survey, question, at) => this.questionTypes.at(site, survey, question, at),
    };
    const zone = this.zoneOf(site);
    const page = this.db.prepare(
      `SELECT rowid, ${ROLLUP_COLUMNS} FROM responses WHERE site = ? AND rowid > ? ORDER BY rowid LIMIT ?`,
    );
    let read = 0;
    for (let after = 0; ;) {
      const rows = page.all(site, after, REBUILD_BATCH) as (RollupRow & { rowid: number })[];
      const sums = new Map<string, VarDelta>();
      const impact = new Map<string, ImpactDelta>();
      const pairs = this.pairsOf(site);
      for (const r of rows) {
        const deltas = rollupDeltas(parsedRollupRow(r), 1, types, zone, pairs);
        for (const d of deltas.vars) sumCount(sums, d, false);
        for (const d of deltas.impact) sumCount(impact, d, false);
      }
      write(sums, impact);
      read += rows.length;
      const last = rows[rows.length - 1];
      if (!last || rows.length < REBUILD_BATCH) break;
      after = last.rowid;
    }
    return read;
  }

  /** Deletes the responses matching `where` and takes their contributions out, in one transaction. */
  deleteResponses(where: string, params: readonly string[]): number {
    return this.db
      .transaction(() => {
        const rows = this.db.prepare(`SELECT ${ROLLUP_COLUMNS} FROM responses WHERE ${where}`).all(...params);
        for (const r of rows as RollupRow[]) this.add(parsedRollupRow(r), -1);
        const deleted = this.db.prepare(`DELETE FROM responses WHERE ${where}`).run(...params).changes;
        this.keep();
        this.flush();
        return deleted;
        // IMMEDIATE: it reads before it writes, and another connection (the writer thread) may commit between.
      })
      .immediate();
  }
}
