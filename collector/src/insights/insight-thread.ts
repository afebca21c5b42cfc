import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../lib/module-worker.js';
import type { AnalysisJob } from './analyse-batch.js';
import type { InsightRecord } from './record.js';
import { INSIGHT_BATCH, type EncodedBatch, type InsightWorker } from './worker.js';

/** Messages to the insight thread. */
export type ToInsightThread =
  | { type: 'next'; seq: number; limit: number }
  | { type: 'analyse'; seq: number; job: AnalysisJob }
  | { type: 'forget'; site: string }
  | { type: 'close' };

/** Messages from the insight thread. */
export type FromInsightThread =
  | { type: 'batch'; seq: number; batch: EncodedBatch | null }
  | { type: 'records'; seq: number; records: InsightRecord[] }
  | { type: 'failed'; seq: number; error: string };

/**
 * Runs the analysis of free-text answers on a `worker_threads` thread with its own read connection to the
 * database file: the thread reads and analyses a batch, this side records it through `worker` (one
 * transaction, `InsightWorker.record`). One batch is in flight at a time, so the thread always reads what
 * the last batch recorded. If the thread dies, the batch it held fails and the next one starts a new thread.
 * Without a file (the PostgreSQL store) the thread opens nothing and only analyses the jobs it is sent
 * (`analyse`): the store reads and records in its own transaction.
 */
export class InsightThread {
  private thread: Worker | null = null;
  private readonly waiting = new Map<number, { resolve: (m: FromInsightThread) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private closing = false;

  constructor(
    private readonly file: string | null,
    /** the main thread's worker, which records (and whose `forget` reaches the thread); null: jobs only */
    readonly worker: InsightWorker | null,
  ) {
    worker?.onForget((site) => this.thread?.postMessage({ type: 'forget', site } satisfies ToInsightThread));
  }

  private start(): Worker {
    const thread = startModuleWorker(import.meta.url, 'insight-thread-worker', { file: this.file });
    thread.on('message', (m: FromInsightThread) => {
      const w = this.waiting.get(m.seq);
      if (!w) return;
      this.waiting.delete(m.seq);
      if (m.type === 'failed') w.reject(new Error(`insight analysis failed: ${m.error}`));
      else w.resolve(m);
    });
    const died = (err: Error) => {
      if (this.thread !== thread) return;
      this.thread = null;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
    };
    thread.on('error', (err) => died(new Error(`the insight thread failed: ${err.message}`)));
    thread.on('exit', (code) => died(new Error(`the insight thread exited (code ${code})`)));
    this.thread = thread;
    return thread;
  }

  private ask(message: ToInsightThread & { seq: number }): Promise<FromInsightThread> {
    const thread = this.thread ?? this.start();
    return new Promise<FromInsightThread>((resolve, reject) => {
      this.waiting.set(message.seq, { resolve, reject });
      thread.postMessage(message);
    });
  }

  /** Has the thread analyse the next batch, then records it (`InsightWorker.record`); resolves with how many it analysed. */
  async runBatch(limit = INSIGHT_BATCH): Promise<number> {
    if (this.closing || !this.worker) return 0;
    const m = await this.ask({ type: 'next', seq: ++this.seq, limit });
    const batch = m.type === 'batch' ? m.batch : null;
    return batch ? this.worker.record(batch) : 0;
  }

  /** Has the thread analyse a job (responses with their settings); resolves with the records in its order. */
  async analyse(job: AnalysisJob): Promise<InsightRecord[]> {
    if (this.closing) throw new Error('the insight thread is closing');
    const m = await this.ask({ type: 'analyse', seq: ++this.seq, job });
    if (m.type !== 'records') throw new Error(`the insight thread answered ${m.type} to a job`);
    return m.records;
  }

  /** Ends the thread (a batch it is analysing is dropped: the watermark has not moved, it is read again). */
  async close(): Promise<void> {
    this.closing = true;
    const thread = this.thread;
    if (!thread) return;
    const exited = new Promise<void>((resolve) => thread.once('exit', () => resolve()));
    thread.postMessage({ type: 'close' } satisfies ToInsightThread);
    await exited;
  }
}
