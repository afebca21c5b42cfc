import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../lib/module-worker.js';
import { ThreadCalls, type Unnumbered } from '../../lib/thread-calls.js';
import { StoreUnavailableError } from '../errors.js';
import type { ClaimedRow, OutboxOp } from './closed-loop/outbox.js';
import type { CommitResults, Write } from './writer.js';
import { decodeResults, encodeWrites, type FromWriter, type ToWriter } from './writer-messages.js';

/** Starts the writer thread (writer-worker.ts) on the database `file`. */
function startWorker(file: string): Worker {
  // The collector tests bundle this thread's sources once per run (test/helpers/writer-bundle.ts).
  return startModuleWorker(import.meta.url, 'writer-worker', { file }, process.env.TOUCHPOINT_TEST_WRITER_BUNDLE);
}

/**
 * The main thread's handle on the writer thread: commits go there and come back as promises. If the
 * thread dies (it should not), the commits it held are rejected as `StoreUnavailableError` (their callers answer 503 and clients
 * retry with the same ids) and the next commit starts a new thread: a database that committed stays
 * committed, so nothing acknowledged is lost and a retry is recognised as a duplicate.
 */
export class WriterThread {
  private readonly calls: ThreadCalls<ToWriter, FromWriter>;

  constructor(file: string) {
    this.calls = new ThreadCalls<ToWriter, FromWriter>(
      () => startWorker(file),
      (m) => (m.type === 'failed' ? new StoreUnavailableError(m.error) : null),
      (why) => new StoreUnavailableError(`the writer thread ${why}`),
    );
  }

  /** Sends `message` to the writer thread; resolves with its answer. */
  private send(message: Unnumbered<Exclude<ToWriter, { seq?: never }>>): Promise<FromWriter> {
    return this.calls.call(message);
  }

  /** Sends one group commit to the writer thread; resolves once it has committed. */
  async commit(groups: Write[][]): Promise<CommitResults> {
    const m = await this.send({ type: 'commit', writes: encodeWrites(groups) });
    return m.type === 'committed' ? decodeResults(m.results) : [];
  }

  /**
   * Records a batch of verbatim analyses on the writer thread (`SqliteInsights.save` there), in order with the
   * commits: resolves once its transaction has committed.
   */
  async saveInsights(analyses: string, watermark: number | undefined, now = new Date()): Promise<void> {
    await this.send({ type: 'insights', analyses, watermark, now: now.toISOString() });
  }

  /**
   * One of the delivery worker's writes (a claim, a delivery marked) on the writer thread, joined there with the
   * others that queued into one transaction: resolves with the rows a claim leased, once it has committed.
   */
  async outbox(op: OutboxOp): Promise<ClaimedRow[]> {
    const m = await this.send({ type: 'outbox', op });
    return m.type === 'outboxed' ? m.rows : [];
  }

  /** Tells the writer thread to forget what it caches about a site. Ordered before later commits. */
  invalidate(site: string): void {
    // A thread started later reads everything afresh.
    this.calls.tell({ type: 'invalidate', site });
  }

  /** Closes the write connection and ends the thread. */
  async close(): Promise<void> {
    await this.calls.close({ type: 'close' });
  }
}
