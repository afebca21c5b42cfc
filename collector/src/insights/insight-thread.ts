import { startModuleWorker } from '../lib/module-worker.js';
import { ThreadCalls } from '../lib/thread-calls.js';
import type { AnalysisJob } from './analyse-batch.js';
import type { InsightRecord } from './record.js';
import { INSIGHT_BATCH, type EncodedBatch, type InsightWorker } from './worker.js';

/** Messages to the insight thread. */
export type ToInsightThread =
  | { type: 'next'; seq: number; limit: number }
  | { type: 'ahead'; seq: number; after: number; limit: number }
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
  private readonly calls: ThreadCalls<ToInsightThread, FromInsightThread>;
  private closing = false;
  /** the next batch, read and analysed while the last one is recorded; `generation` as when it was asked */
  private ahead: { generation: number; reply: Promise<FromInsightThread> } | null = null;
  /** how many batches read ahead were used */
  readAhead = 0;
  /** counts taxonomy and roster edits: a batch read ahead before one is not used */
  private generation = 0;

  constructor(
    file: string | null,
    /** the main thread's worker, which records (and whose `forget` reaches the thread); null: jobs only */
    readonly worker: InsightWorker | null,
  ) {
    // Started at the first batch or job, not with the collector.
    this.calls = new ThreadCalls<ToInsightThread, FromInsightThread>(
      () => startModuleWorker(import.meta.url, 'insight-thread-worker', { file }),
      (m) => (m.type === 'failed' ? new Error(`insight analysis failed: ${m.error}`) : null),
      (why) => new Error(`the insight thread ${why}`),
      true,
    );
    worker?.onForget((site) => {
      this.generation++;
      this.calls.tell({ type: 'forget', site });
    });
  }

  /**
   * Has the thread analyse the next batch, then records it (`InsightWorker.record`); resolves with how many it
   * analysed. After a full batch the thread reads and analyses the next new responses while this one is
   * recorded, so under steady ingest analysing and recording overlap instead of taking turns (every other
   * batch); that batch is used by the next call only if this one was recorded and no taxonomy or roster
   * changed meanwhile.
   */
  async runBatch(limit = INSIGHT_BATCH): Promise<number> {
    if (this.closing || !this.worker) return 0;
    const ahead = this.ahead;
    this.ahead = null;
    let batch: EncodedBatch | null = null;
    if (ahead && ahead.generation === this.generation) {
      const m = await ahead.reply.catch(() => null);
      batch = m?.type === 'batch' ? m.batch : null;
      if (batch) this.readAhead++;
    }
    // Only after a batch read the usual way: it also takes the partial responses completed since, which a
    // batch read ahead leaves out, so under steady ingest every other batch picks them up.
    const readTheUsualWay = batch === null;
    if (!batch) {
      const m = await this.calls.call({ type: 'next', limit });
      batch = m.type === 'batch' ? m.batch : null;
    }
    if (!batch) return 0;
    if (readTheUsualWay && batch.count >= limit && batch.watermark !== undefined && !this.closing) {
      const reply = this.calls.call({ type: 'ahead', after: batch.watermark, limit });
      reply.catch(() => undefined); // a failure is seen (and the batch read afresh) when it is used
      this.ahead = { generation: this.generation, reply };
    }
    try {
      return await this.worker.record(batch);
    } catch (err) {
      this.ahead = null; // it starts after rows this batch did not record
      throw err;
    }
  }

  /** Has the thread analyse a job (responses with their settings); resolves with the records in its order. */
  async analyse(job: AnalysisJob): Promise<InsightRecord[]> {
    if (this.closing) throw new Error('the insight thread is closing');
    const m = await this.calls.call({ type: 'analyse', job });
    if (m.type !== 'records') throw new Error(`the insight thread answered ${m.type} to a job`);
    return m.records;
  }

  /** Ends the thread (a batch it is analysing is dropped: the watermark has not moved, it is read again). */
  async close(): Promise<void> {
    this.closing = true;
    await this.calls.close({ type: 'close' });
  }
}
