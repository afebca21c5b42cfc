import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { syntheticBatches } from './generate.js';

/**
 * CPU per response of the SQLite write path (saveResponses, rollup upkeep included, inline writer, commits of
 * 500) on a fresh file: live traffic (the last hour) and a bulk import (90 days). Run it at two commits to see
 * what a rollup costs to keep: `pnpm --filter @touchpoint/collector exec tsx --conditions=source
 * ../bench/scores/ingest-cpu.ts` (BENCH_RUNS runs each, default 2). BENCH_PAIR_VARIABLES sets the site's
 * settings.pairVariables first: a comma-separated list (`device,var.segment`), or `none` for [].
 */
const ROWS = 30_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 2);
const PAIRS = process.env.BENCH_PAIR_VARIABLES;

for (let run = 0; run < RUNS; run++) {
  for (const [label, days] of [
    ['live', 1 / 24],
    ['bulk 90 d', 90],
  ] as const) {
    const dir = mkdtempSync(join(tmpdir(), 'touchpoint-ingest-cpu-'));
    const store = new SqliteStore({ file: join(dir, 'db.sqlite'), commitMaxRows: 500, writer: 'inline' });
    await seedDemoCatalog(store);
    if (PAIRS !== undefined) {
      const site = (await store.getSite('demo'))!;
      const pairVariables = PAIRS === 'none' ? [] : PAIRS.split(',');
      await store.updateSite({ ...site, settings: { ...site.settings, pairVariables } });
    }
    const batches = [...syntheticBatches(ROWS, { seed: 2, end: new Date(), days, batch: 500 })];
    const c0 = process.cpuUsage();
    for (const b of batches) {
      await store.saveResponses(b.responses);
      if (b.events.length > 0) await store.saveEvents(b.events);
    }
    const c = process.cpuUsage(c0);
    console.log(`${label}: ${((c.user + c.system) / ROWS).toFixed(1)} µs CPU per response`);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
