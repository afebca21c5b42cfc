import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/sqlite/database.js';
import { VersionedAnalysers } from './analyse-batch.js';
import type { FromInsightThread, ToInsightThread } from './insight-thread.js';
import { SqliteInsights } from './sqlite-insights.js';
import { encodeBatch, InsightWorker } from './worker.js';

// The insight thread: reads the responses waiting for analysis on its own connection (WAL: reads never wait
// for the writer) and analyses them; the main thread has each batch recorded (by the store's writer thread when it has one). It never writes: its connection is
// query-only, so a mistake here fails loudly instead of contending with the writer for the lock. Without a
// file (PostgreSQL) it opens nothing and analyses the jobs it is sent, each with its sites' settings.
const port = parentPort;
if (port) {
  const file = (workerData as { file: string | null }).file;
  const db = file === null ? null : openDatabase(file);
  db?.pragma('query_only = ON');
  const worker = db ? new InsightWorker(new SqliteInsights(db)) : null;
  const analysers = new VersionedAnalysers();
  const answer = (m: Extract<ToInsightThread, { seq: number }>): FromInsightThread => {
    if (m.type === 'analyse') return { type: 'records', seq: m.seq, records: analysers.analyse(m.job) };
    if (!worker) throw new Error('no database on this thread: send jobs');
    const batch = m.type === 'ahead' ? worker.analyseAfter(m.after, m.limit) : worker.analyseNext(m.limit);
    return { type: 'batch', seq: m.seq, batch: batch && encodeBatch(batch) };
  };
  port.on('message', (m: ToInsightThread) => {
    if (m.type === 'forget') worker?.forget(m.site);
    else if (m.type === 'close') {
      db?.close();
      port.close();
    } else {
      try {
        port.postMessage(answer(m));
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        port.postMessage({ type: 'failed', seq: m.seq, error } satisfies FromInsightThread);
      }
    }
  });
}
