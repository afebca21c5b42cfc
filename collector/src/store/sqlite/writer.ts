import type { Database } from 'better-sqlite3';
import type { EventRecord, ResponseRecord, SaveOutcome } from '../store.js';
import { SqliteClosedLoop } from './closed-loop/index.js';
import { SqliteRollups } from './rollups.js';
import { SqliteWrites } from './writes.js';

/** One write of a caller: a response or an event. */
export type Write = { response: ResponseRecord } | { event: EventRecord };

/** Per caller of a group commit: its outcomes, or the error that rolled its writes back. */
export type CommitResults = (SaveOutcome[] | Error)[];

/**
 * The write side of the SQLite store: one group commit = one transaction, each caller's writes in a
 * savepoint of their own (one caller's failure rolls back only its rows and rollup deltas). Runs on
 * the writer thread (writer-worker.ts) or, in `inline` mode, on the main thread.
 */
export class SqliteWriter {
  readonly rollups: SqliteRollups;
  readonly closedLoop: SqliteClosedLoop;
  private readonly run: (groups: Write[][]) => CommitResults;

  constructor(db: Database) {
    this.rollups = new SqliteRollups(db);
    this.closedLoop = new SqliteClosedLoop(db);
    const writes = new SqliteWrites(db, this.rollups, this.closedLoop);
    const one = db.transaction((group: Write[]) =>
      group.map((w) => ('response' in w ? writes.saveResponse(w.response) : writes.saveEvent(w.event))),
    );
    const run = db.transaction((groups: Write[][]) => {
      const results = groups.map((g) => {
        try {
          const result = one(g);
          this.rollups.keep();
          return result;
        } catch (err) {
          this.rollups.drop();
          return err instanceof Error ? err : new Error(String(err));
        }
      });
      this.rollups.flush();
      return results;
    });
    // BEGIN IMMEDIATE takes the write lock up front (waiting for it under busy_timeout). A deferred
    // transaction would read first and then fail to upgrade with SQLITE_BUSY, without waiting, whenever
    // the main thread's connection committed in between (a deletion, a case update, the outbox worker).
    this.run = (groups) => run.immediate(groups);
  }

  /** Commits every caller's writes in one transaction. Throws when the transaction itself fails. */
  commit(groups: Write[][]): CommitResults {
    return this.run(groups);
  }

  /** Forgets what the write path caches about a site (surveys, rules, endpoints) after an edit. */
  invalidate(site: string): void {
    this.rollups.forgetSurveys();
    this.closedLoop.invalidateConfig(site);
  }
}
