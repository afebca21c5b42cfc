import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../lib/module-worker.js';
import { ThreadCalls } from '../../lib/thread-calls.js';
import { StoreUnavailableError } from '../errors.js';
import { decodeResults, encodeWrites, type CommitResults, type Write } from '../write-wire.js';

/** What the PostgreSQL writer thread (writer-worker.ts) starts with. */
export interface PgWriterData {
  url: string;
  /** its connections: one runs the commits, the other the week horizon's moves (PgWeekHorizon) */
  poolSize: number;
  /** the rollup shard this collector claimed (rollup-shard.ts), which the thread's connections write too */
  shard: number | null;
}

/** Messages to the writer thread: a commit's groups (write-wire.ts), a site edited, the end. */
export type ToPgWriter =
  { type: 'commit'; seq: number; writes: string } | { type: 'invalidate'; site: string } | { type: 'close' };

/** Its answers: each caller's results (write-wire.ts), or why the whole commit failed. */
export type FromPgWriter =
  | { type: 'committed'; seq: number; results: string }
  | { type: 'failed'; seq: number; error: string; unavailable: boolean };

/** Connections of the writer thread's pool. */
const WRITER_POOL_SIZE = 2;

function startWorker(data: PgWriterData): Worker {
  // The collector tests bundle this thread's sources once per run (test/helpers/writer-bundle.ts).
  return startModuleWorker(import.meta.url, 'writer-worker', data, process.env.TOUCHPOINT_TEST_PG_WRITER_BUNDLE);
}

/**
 * The main thread's handle on the PostgreSQL writer thread (`TOUCHPOINT_WRITER=thread`, the default from two
 * cores): group commits go there and come back as promises. A commit that fails because PostgreSQL cannot be
 * reached, or because the thread died, is rejected as StoreUnavailableError (503: the clients retry with the
 * same ids); the next commit starts a new thread if need be. What committed stays committed, so a retry is
 * recognised as a duplicate.
 */
export class PgWriterThread {
  private readonly calls: ThreadCalls<ToPgWriter, FromPgWriter>;

  constructor(url: string, shard: number | null) {
    const data: PgWriterData = { url, poolSize: WRITER_POOL_SIZE, shard };
    this.calls = new ThreadCalls<ToPgWriter, FromPgWriter>(
      () => startWorker(data),
      (m) => (m.type !== 'failed' ? null : m.unavailable ? new StoreUnavailableError(m.error) : new Error(m.error)),
      (why) => new StoreUnavailableError(`the writer thread ${why}`),
    );
  }

  /** Sends one group commit to the thread; resolves with each caller's results once it has committed. */
  async commit(groups: Write[][]): Promise<CommitResults> {
    const m = await this.calls.call({ type: 'commit', writes: encodeWrites(groups) });
    return m.type === 'committed' ? decodeResults(m.results) : [];
  }

  /** Tells the thread to forget what it caches about a site; ordered before later commits. */
  invalidate(site: string): void {
    this.calls.tell({ type: 'invalidate', site });
  }

  /** Lets the thread finish the commits it holds, close its connections and end. */
  async close(): Promise<void> {
    await this.calls.close({ type: 'close' });
  }
}
