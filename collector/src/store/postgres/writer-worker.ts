import { parentPort, workerData } from 'node:worker_threads';
import { SiteCache } from '../site-cache.js';
import { answersOf, decodeWrites } from '../write-wire.js';
import { openPool, unavailable } from './db.js';
import { PgSiteSource } from './site-source.js';
import { PgWrites } from './writes.js';
import type { FromPgWriter, PgWriterData, ToPgWriter } from './writer-thread.js';

// The PostgreSQL writer thread: runs the group commits' transactions on connections of its own. A commit
// took about fifteen round trips to PostgreSQL (three now, writes.ts); on the main thread each answer waited
// until the event loop had parsed and answered the HTTP requests ahead of it (~0.5 ms a round trip under load,
// most of a commit's time). Here nothing else runs between them. Commits that queue while a transaction runs go together
// into the next one, as they would have in the main thread's group commit.
const port = parentPort;
if (port) {
  const data = workerData as PgWriterData;
  // Its connections pipeline: statements of a transaction that do not wait for each other share round trips.
  const pool = openPool(data.url, data.poolSize, data.shard ?? undefined, true);
  // Told of every edit the main thread's cache hears of (this collector's, and other collectors' by NOTIFY).
  const sites = new SiteCache(new PgSiteSource(pool));
  const writes = new PgWrites(pool, sites);
  const queue: Extract<ToPgWriter, { type: 'commit' }>[] = [];
  let running = false;
  let closing = false;

  const commitAll = async (batch: Extract<ToPgWriter, { type: 'commit' }>[]): Promise<void> => {
    try {
      const parts = batch.map((m) => ({ seq: m.seq, groups: decodeWrites(m.writes) }));
      const results = await writes.commit(parts.flatMap((p) => p.groups));
      for (const answer of answersOf(parts, results))
        port.postMessage({ type: 'committed', ...answer } satisfies FromPgWriter);
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const down = unavailable(err) !== null;
      for (const m of batch)
        port.postMessage({ type: 'failed', seq: m.seq, error, unavailable: down } satisfies FromPgWriter);
    }
  };

  const drain = async (): Promise<void> => {
    if (running) return;
    running = true;
    while (queue.length > 0) await commitAll(queue.splice(0));
    if (closing) {
      // Ends once: `running` stays set, so a message still arriving (an edit's invalidation) starts nothing.
      await writes.close();
      await pool.end();
      port.close();
      return;
    }
    running = false;
  };

  port.on('message', (m: ToPgWriter) => {
    if (m.type === 'commit') queue.push(m);
    else if (m.type === 'invalidate') sites.invalidate(m.site);
    else closing = true;
    void drain();
  });
}
