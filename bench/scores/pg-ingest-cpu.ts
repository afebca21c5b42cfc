import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { openPostgresStore } from '../../collector/src/store/postgres/index.js';
import { createDatabase } from '../../collector/test/helpers/postgres.js';
import { benchCluster } from '../ingest/postgres.js';
import { syntheticBatches } from './generate.js';
import { clusterCpuReader } from './pg-cpu.js';

/**
 * CPU per response of the PostgreSQL write path (saveResponses, rollup upkeep included, commits of 500) on a
 * fresh database of a cluster the script starts: the collector's CPU and the server's (pg-cpu.ts), for live
 * traffic (the last hour) and a bulk import (90 days). Run it at two commits to see what a rollup costs to keep:
 * `pnpm --filter @touchpoint/collector exec tsx --conditions=source ../bench/scores/pg-ingest-cpu.ts`
 * (BENCH_RUNS runs each, default 2).
 */
const ROWS = 30_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 2);

const cluster = await benchCluster();
if (!cluster) throw new Error('PostgreSQL is not installed');
const serverCpu = clusterCpuReader(Number(new URL(cluster.base).port));
if (!serverCpu) throw new Error('cannot read the cluster’s CPU time');
for (let run = 0; run < RUNS; run++) {
  for (const [label, days] of [
    ['live', 1 / 24],
    ['bulk 90 d', 90],
  ] as const) {
    const store = await openPostgresStore(await createDatabase(cluster.base));
    await seedDemoCatalog(store);
    const batches = [...syntheticBatches(ROWS, { seed: 2, end: new Date(), days, batch: 500 })];
    const s0 = serverCpu();
    const c0 = process.cpuUsage();
    for (const b of batches) {
      await store.saveResponses(b.responses);
      if (b.events.length > 0) await store.saveEvents(b.events);
    }
    const c = process.cpuUsage(c0);
    const s = serverCpu() - s0;
    const collector = (c.user + c.system) / ROWS;
    const server = (s * 1e6) / ROWS;
    console.log(
      `${label}: ${collector.toFixed(1)} µs collector + ${server.toFixed(1)} µs server = ${(collector + server).toFixed(1)} µs CPU per response`,
    );
    await store.close();
  }
}
process.exit(0);
