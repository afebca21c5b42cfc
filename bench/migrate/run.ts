import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { migrateToPostgres } from '../../collector/src/cli/migrate-to-postgres.js';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { createDatabase } from '../../collector/test/helpers/postgres.js';
import { benchCluster } from '../ingest/postgres.js';
import { syntheticBatches } from '../scores/generate.js';

/**
 * `pnpm bench:migrate`: how fast `touchpoint migrate` copies an SQLite installation into PostgreSQL.
 * BENCH_ROWS synthetic responses (with their events, rollups, cases and outbox rows, as ingest writes
 * them) are stored in a fresh SQLite file, then copied into a fresh database on a local PostgreSQL
 * cluster the bench starts (fsync=on); rows per second over every copied table, verification included.
 */

/** Responses in the SQLite file (BENCH_ROWS). */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
/** Rows per group commit while the file is filled. */
const FILL_BATCH = 10_000;
/** Days the synthetic responses spread over. */
const DAYS = 90;

async function main(): Promise<void> {
  const cluster = await benchCluster();
  if (!cluster) {
    process.stdout.write('bench:migrate: PostgreSQL is not installed (TOUCHPOINT_PG_BIN); nothing measured\n');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-migrate-'));
  try {
    const file = join(dir, 'touchpoint.db');
    const store = new SqliteStore({ file, commitMaxRows: FILL_BATCH, writer: 'inline' });
    await seedDemoCatalog(store);
    for (const b of syntheticBatches(ROWS, { seed: 3, end: new Date(), days: DAYS, batch: FILL_BATCH })) {
      await store.saveResponses(b.responses);
      if (b.events.length > 0) await store.saveEvents(b.events);
    }
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();

    const url = await createDatabase(cluster.base);
    const load = loadavg()[0]?.toFixed(1);
    const t0 = performance.now();
    const report = await migrateToPostgres(file, url);
    const seconds = (performance.now() - t0) / 1000;
    const rows = report.tables.reduce((n, t) => n + t.target, 0);
    const responses = report.tables.find((t) => t.table === 'responses')?.target ?? 0;
    process.stdout.write(
      `bench:migrate — ${cpus().length}× ${cpus()[0]?.model ?? 'CPU'}, node ${process.version}, load average ${load} at the start\n` +
        `${report.tables.length} tables, ${rows} rows (${responses} responses) copied and verified in ${seconds.toFixed(1)} s: ` +
        `${Math.round(rows / seconds)} rows/s\n`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    cluster.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
