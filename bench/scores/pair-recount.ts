import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { syntheticBatches } from './generate.js';

/**
 * What a change of settings.pairVariables costs on SQLite: the site's pairs counted again from its responses
 * (SqliteRollups.rebuildPairs) inside the PATCH's transaction, on BENCH_ROWS generated responses over 90 days
 * (default 100,000). `pnpm --filter @touchpoint/collector exec tsx --conditions=source ../bench/scores/pair-recount.ts`
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);

const dir = mkdtempSync(join(tmpdir(), 'touchpoint-pair-recount-'));
const store = new SqliteStore({ file: join(dir, 'db.sqlite'), commitMaxRows: 500, writer: 'inline' });
try {
  await seedDemoCatalog(store);
  for (const b of syntheticBatches(ROWS, { seed: 3, end: new Date(), days: 90, batch: 500 })) {
    await store.saveResponses(b.responses);
  }
  for (const pairVariables of [['device', 'var.segment', 'var.region'], null]) {
    const site = (await store.getSite('demo'))!;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await store.updateSite({ ...site, settings: { ...site.settings, pairVariables } });
    const c = process.cpuUsage(c0);
    const wall = performance.now() - t0;
    const cpu = (c.user + c.system) / 1000;
    console.log(
      `pairVariables ${JSON.stringify(pairVariables)}: ${ROWS} responses recounted in ${wall.toFixed(0)} ms wall, ${cpu.toFixed(0)} ms CPU`,
    );
  }
} finally {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
