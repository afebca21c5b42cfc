import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from './database.js';
import { SqliteWriter, type Write } from './writer.js';

/** Messages the main thread sends to the writer thread. */
export type ToWriter =
  { type: 'commit'; seq: number; groups: Write[][] } | { type: 'invalidate'; site: string } | { type: 'close' };

/** Messages the writer thread answers with. Errors cross the thread boundary as messages. */
export type FromWriter =
  | { type: 'committed'; seq: number; results: (import('../store.js').SaveOutcome[] | { error: string })[] }
  | { type: 'failed'; seq: number; error: string };

// The writer thread: owns the write connection, so that waiting for the disk (fsync) never blocks the
// main thread's event loop. The main thread migrated the database before starting it.
const port = parentPort;
if (port) {
  const db = openDatabase((workerData as { file: string }).file);
  const writer = new SqliteWriter(db);
  port.on('message', (m: ToWriter) => {
    if (m.type === 'commit') {
      let reply: FromWriter;
      try {
        const results = writer.commit(m.groups).map((r) => (r instanceof Error ? { error: r.message } : r));
        reply = { type: 'committed', seq: m.seq, results };
      } catch (err) {
        reply = { type: 'failed', seq: m.seq, error: err instanceof Error ? err.message : String(err) };
      }
      port.postMessage(reply);
    } else if (m.type === 'invalidate') {
      writer.invalidate(m.site);
    } else {
      db.close();
      port.close();
    }
  });
}
