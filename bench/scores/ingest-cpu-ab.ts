import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * ingest-cpu.ts for two checkouts in one process, alternating run by run (A, B, A, B …), so that both see the
 * same load on a shared machine: `BENCH_A=/path/to/other/checkout pnpm --filter @touchpoint/collector exec tsx
 * --conditions=source ../bench/scores/ingest-cpu-ab.ts` (B is this checkout). A warm-up round, then BENCH_ROUNDS
 * rounds (default 6) of BENCH_ROWS responses (default 10,000) live and bulk; prints each run and the medians. BENCH_PAIR_VARIABLES_B
 * sets B's site's settings.pairVariables (as ingest-cpu.ts's BENCH_PAIR_VARIABLES).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const A = process.env.BENCH_A;
if (!A) throw new Error('BENCH_A: the checkout to compare with');
const B = resolve(import.meta.dirname, '../..');
const PAIRS_B = process.env.BENCH_PAIR_VARIABLES_B;

interface Checkout {
  name: string;
  SqliteStore: typeof import('../../collector/src/store/sqlite/sqlite-store.js').SqliteStore;
  seedDemoCatalog: typeof import('../../collector/src/seed/demo-data.js').seedDemoCatalog;
  pairs: string | undefined;
}

const load = async (name: string, root: string, pairs: string | undefined): Promise<Checkout> => {
  const at = (p: string) => pathToFileURL(join(root, p)).href;
  const { SqliteStore } = (await import(at('collector/src/store/sqlite/sqlite-store.ts'))) as Pick<
    Checkout,
    'SqliteStore'
  >;
  const { seedDemoCatalog } = (await import(at('collector/src/seed/demo-data.ts'))) as Pick<
    Checkout,
    'seedDemoCatalog'
  >;
  return { name, SqliteStore, seedDemoCatalog, pairs };
};
// The same generated responses for both (this checkout's generator).
const { syntheticBatches } = await import('./generate.js');
const checkouts = [await load('A', A, undefined), await load('B', B, PAIRS_B)];

const results = new Map<string, number[]>();
// Round 0 warms both up (the JIT, SQLite's code paths) and is not counted.
for (let round = 0; round <= ROUNDS; round++) {
  for (const c of checkouts) {
    for (const [label, days] of [
      ['live', 1 / 24],
      ['bulk 90 d', 90],
    ] as const) {
      const dir = mkdtempSync(join(tmpdir(), 'touchpoint-ingest-ab-'));
      const store = new c.SqliteStore({ file: join(dir, 'db.sqlite'), commitMaxRows: 500, writer: 'inline' });
      await c.seedDemoCatalog(store);
      if (c.pairs !== undefined) {
        const site = (await store.getSite('demo'))!;
        const pairVariables = c.pairs === 'none' ? [] : c.pairs.split(',');
        await store.updateSite({ ...site, settings: { ...site.settings, pairVariables } });
      }
      const batches = [...syntheticBatches(ROWS, { seed: 2 + round, end: new Date(), days, batch: 500 })];
      const c0 = process.cpuUsage();
      for (const b of batches) {
        await store.saveResponses(b.responses);
        if (b.events.length > 0) await store.saveEvents(b.events);
      }
      const used = process.cpuUsage(c0);
      const us = (used.user + used.system) / ROWS;
      const key = `${c.name} ${label}`;
      if (round > 0) results.set(key, [...(results.get(key) ?? []), us]);
      console.log(`round ${round}${round === 0 ? ' (warm-up)' : ''} ${key}: ${us.toFixed(1)} µs CPU per response`);
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2
    ? (s[(s.length - 1) / 2] as number)
    : ((s[s.length / 2 - 1] as number) + (s[s.length / 2] as number)) / 2;
};
for (const [key, xs] of results)
  console.log(`median ${key}: ${median(xs).toFixed(1)} µs CPU per response (${xs.length} runs)`);
