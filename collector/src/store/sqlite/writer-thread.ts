import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../../lib/module-worker.js';
import { StoreUnavailableError } from '../errors.js';
import type { ClaimedRow, OutboxOp } from './closed-loop/outbox.js';
import type { CommitResults, Write } from './writer.js';
import { decodeResults, encodeWrites, type FromWriter, type ToWriter } from './writer-messages.js';

/** `Omit` applied to each member of a union. */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

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
  private worker: Worker | null = null;
  /** Each message's waiter, resolved with what its answer carries (a commit's results, a claim's rows). */
  private readonly waiting = new Map<number, { resolve: (m: FromWriter) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private closing = false;

  constructor(private readonly file: string) {
    this.start();
  }

  private start(): Worker {
    const worker = startWorker(this.file);
    worker.on('message', (m: FromWriter) => {
      const w = this.waiting.get(m.seq);
      if (!w) return;
      this.waiting.delete(m.seq);
      if (m.type === 'failed') w.reject(new StoreUnavailableError(m.error));
      else w.resolve(m);
    });
    const died = (err: Error) => {
      if (this.worker !== worker) return;
      this.worker = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    worker.on('error', (err) => died(new StoreUnavailableError(`the writer thread failed: ${err.message}`)));
    worker.on('exit', (code) => died(new StoreUnavailableError(`the writer thread exited (code ${code})`)));
    this.worker = worker;
    return worker;
  }

  /** Sends `message` (numbered here) to the writer thread; resolves with its answer. */
  private send(message: DistributiveOmit<Exclude<ToWriter, { seq?: never }>, 'seq'>): Promise<FromWriter> {
    if (this.closing) return Promise.reject(new Error('store is closed'));
    const worker = this.worker ?? this.start();
    const seq = ++this.seq;
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      worker.postMessage({ ...message, seq } as ToWriter);
    });
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
    this.worker?.postMessage({ type: 'invalidate', site } satisfies ToWriter);
  }

  /** Closes the write connection and ends the thread. */
  async close(): Promise<void> {
    this.closing = true;
    const worker = this.worker;
    if (!worker) return;
    const exited = new Promise<void>((resolve) => worker.once('exit', () => resolve()));
    worker.postMessage({ type: 'close' } satisfies ToWriter);
    await exited;
  }
}
