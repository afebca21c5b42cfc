import { parentPort, receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { decodeAnalyses, SqliteInsights } from '../../insights/sqlite-insights.js';
import { openDatabase } from './database.js';
import { SqliteWriter } from './writer.js';
import { answersOf, decodeWrites, type FromWriter, type ToWriter } from './writer-messages.js';

// The writer thread: owns the write connection, so that waiting for the disk (fsync) never blocks the
// main thread's event loop. The main thread migrated the database before starting it.
//
// While a transaction runs (mostly waiting for fsync), commit requests queue up on the port; the next
// turn takes all of them at once, synchronously, into ONE transaction. So the group commit forms here,
// without the main thread having to wait for a reply before it sends more. It also records the insight
// worker's analyses: with one writer, the main thread's connection never waits for the write lock (a
// busy wait would stall the event loop) nor finds a read snapshot stale under steady ingest.
const port = parentPort;
if (port) {
  const db = openDatabase((workerData as { file: string }).file);
  const writer = new SqliteWriter(db);
  // Verbatim analyses are recorded here too, so that this thread stays the only writer (see saveInsights).
  let insights: SqliteInsights | null = null;
  const saveInsights = (m: Extract<ToWriter, { type: 'insights' }>) => {
    try {
      insights ??= new SqliteInsights(db, writer.sites); // the rules on themes read sites through the writer's cache
      insights.save(decodeAnalyses(m.analyses), m.watermark ?? undefined, new Date(m.now));
      port.postMessage({ type: 'saved', seq: m.seq } satisfies FromWriter);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      port.postMessage({ type: 'failed', seq: m.seq, error } satisfies FromWriter);
    }
  };
  const commitAll = (batch: Extract<ToWriter, { type: 'commit' }>[]) => {
    if (batch.length === 0) return;
    try {
      const parts = batch.map((m) => ({ seq: m.seq, groups: decodeWrites(m.writes) }));
      const results = writer.commit(parts.flatMap((p) => p.groups));
      for (const answer of answersOf(parts, results))
        port.postMessage({ type: 'committed', ...answer } satisfies FromWriter);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      for (const m of batch) port.postMessage({ type: 'failed', seq: m.seq, error } satisfies FromWriter);
    }
  };
  // The delivery worker's claims and marks: one transaction for all that queued together.
  const outboxAll = (ops: Extract<ToWriter, { type: 'outbox' }>[]) => {
    if (ops.length === 0) return;
    try {
      const rows = writer.closedLoop.applyOutbox(ops.map((o) => o.op));
      ops.forEach((o, i) =>
        port.postMessage({ type: 'outboxed', seq: o.seq, rows: rows[i] ?? [] } satisfies FromWriter),
      );
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      for (const o of ops) port.postMessage({ type: 'failed', seq: o.seq, error } satisfies FromWriter);
    }
  };
  port.on('message', (first: ToWriter) => {
    const batch: Extract<ToWriter, { type: 'commit' }>[] = [];
    const ops: Extract<ToWriter, { type: 'outbox' }>[] = [];
    let m: ToWriter | undefined = first;
    while (m) {
      if (m.type === 'commit') batch.push(m);
      else if (m.type === 'outbox') ops.push(m);
      else {
        // Keep the order: what was asked before an invalidation or a close is committed first.
        commitAll(batch.splice(0));
        outboxAll(ops.splice(0));
        if (m.type === 'insights') saveInsights(m);
        else if (m.type === 'invalidate') writer.invalidate(m.site);
        else {
          db.close();
          port.close();
          return;
        }
      }
      m = (receiveMessageOnPort(port as MessagePort)?.message as ToWriter | undefined) ?? undefined;
    }
    commitAll(batch);
    outboxAll(ops);
  });
}
