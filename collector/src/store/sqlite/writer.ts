import type { Database } from 'better-sqlite3';
import { SiteCache } from '../site-cache.js';
import { SqliteSiteSource } from './site-source.js';
import type { SaveOutcome } from '../store.js';
import type { CommitResults, Write } from '../write-wire.js';
import { SqliteClosedLoop } from './closed-loop/index.js';
import { SqliteRollups } from './rollups.js';
import { SqliteWrites } from './writes.js';
import { WeekHorizon } from './week-tier.js';
import { DEFAULT_TIME_ZONE } from '../../scoring/time-zone.js';

export type { CommitResults, Write } from '../write-wire.js';

/** Thrown out of the fast path's transaction when a caller's write failed, to roll it all back. */
class CallerFailed extends Error {}

/**
 * The write side of the SQLite store: one group commit = one transaction, in which one caller's failure
 * rolls back only its own rows and rollup deltas. Runs on the writer thread (writer-worker.ts) or, in
 * `inline` mode, on the main thread.
 *
 * Writes nearly never fail, so a commit first runs every caller's writes straight in the transaction.
 * Only if one of them throws is that transaction rolled back and done again with a savepoint per caller
 * (the way that isolates failures). A savepoint and its release cost about 2 µs of the writer's CPU per
 * caller, a fifth of what a typical caller's writes (one response) cost besides.
 */
export class SqliteWriter {
  readonly rollups: SqliteRollups;
  readonly closedLoop: SqliteClosedLoop;
  private readonly run: (groups: Write[][]) => CommitResults;

  /** `sites`: the site cache to plan with (inline: the store's; on the writer thread its own, told of edits by message) */
  constructor(
    db: Database,
    readonly sites: SiteCache = new SiteCache(new SqliteSiteSource(db)),
  ) {
    this.rollups = new SqliteRollups(db, sites);
    this.closedLoop = new SqliteClosedLoop(db, sites);
    const writes = new SqliteWrites(db, this.rollups, this.closedLoop, sites);
    const save = (w: Write): SaveOutcome =>
      'response' in w ? writes.saveResponse(w.response) : writes.saveEvent(w.event);
    const saveAll = (group: Write[]): SaveOutcome[] => group.map(save);
    // Week rollups (migration 032): as weeks end, the commit moves their horizon on.
    const weeks = new WeekHorizon(db);

    const zoneOf = db.prepare<[string], { zone: string | null }>(
      "SELECT json_extract(settings, '$.timeZone') AS zone FROM sites WHERE key = ?",
    );
    // A site's time zone decides the rollup day of each write. A zone change recounts the site's rollups in
    // its own transaction; one committed since this cache read the site would still be on its way here.
    const freshZones = (groups: Write[][]): void => {
      const seen = new Set<string>();
      for (const w of groups.flat()) {
        const site = 'response' in w ? w.response.site : w.event.site;
        if (seen.has(site)) continue;
        seen.add(site);
        const cached = sites.getSync(site);
        if (cached && cached.timeZone !== (zoneOf.get(site)?.zone ?? DEFAULT_TIME_ZONE)) sites.invalidate(site);
      }
    };

    const together = db.transaction((groups: Write[][]): CommitResults => {
      freshZones(groups);
      let results: SaveOutcome[][];
      try {
        results = groups.map(saveAll);
      } catch {
        throw new CallerFailed();
      }
      this.rollups.keep();
      this.rollups.flush();
      weeks.advance();
      return results;
    });

    const one = db.transaction(saveAll);
    const apart = db.transaction((groups: Write[][]): CommitResults => {
      freshZones(groups);
      const results = groups.map((g) => {
        try {
          const result = one(g);
          this.rollups.keep();
          return result;
        } catch (err) {
          this.rolledBack();
          return err instanceof Error ? err : new Error(String(err));
        }
      });
      this.rollups.flush();
      weeks.advance();
      return results;
    });

    // BEGIN IMMEDIATE takes the write lock up front (waiting for it under busy_timeout). A deferred
    // transaction would read first and then fail to upgrade with SQLITE_BUSY, without waiting, whenever
    // the main thread's connection committed in between (a deletion, a case update, the outbox worker).
    this.run = (groups) => {
      try {
        return together.immediate(groups);
      } catch (err) {
        if (!(err instanceof CallerFailed)) throw err;
        this.rolledBack();
        return apart.immediate(groups);
      }
    };
  }

  /** Commits every caller's writes in one transaction. Throws when the transaction itself fails. */
  commit(groups: Write[][]): CommitResults {
    return this.run(groups);
  }

  /** Forgets what the write path caches about a site (surveys, rules, endpoints) after an edit. */
  invalidate(site: string): void {
    this.sites.invalidate(site);
  }

  /**
   * After writes rolled back (the fast path's, or one caller's savepoint): their staged rollup deltas are
   * void. (The site cache holds only what other transactions committed: the write path edits no site.)
   */
  private rolledBack(): void {
    this.rollups.drop();
  }
}
