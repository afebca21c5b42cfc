import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/sqlite/database.js';
import type { FromInsightThread, ToInsightThread } from './insight-thread.js';
import { SqliteInsights } from './sqlite-insights.js';
import { InsightWorker } from './worker.js';

// The insight thread: reads the responses waiting for analysis on its own connection (WAL: reads never wait
// for the writer) and analyses them; the main thread records each batch. It never writes: its connection is
// query-only, so a mistake here fails loudly instead of contending with the writer for the lock.
const port = parentPort;
if (port) {
  const db = openDatabase((workerData as { file: string }).file);
  db.pragma('query_only = ON');
  const worker = new InsightWorker(new SqliteInsights(db));
  port.on('message', (m: ToInsightThread) => {
    if (m.type === 'forget') worker.forget(m.site);
    else if (m.type === 'close') {
      db.close();
      port.close();
    } else {
      try {
        port.postMessage({ type: 'batch', seq: m.seq, batch: worker.analyseNext(m.limit) } satisfies FromInsightThread);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        port.postMessage({ type: 'failed', seq: m.seq, error } satisfies FromInsightThread);
      }
    }
  });
}
