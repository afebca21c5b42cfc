/**
 * Channel effects with one `var.*` filter (issue #14), the scan against the variable rollups, alternating in one
 * process on the cached bench database: `Models.channelEffects(…, scan = true)` is the path every such request
 * took before the variable rollups answered it. CPU ms per call, median of BENCH_RUNS pairs (default 5), and
 * whether both answers agree. Not part of bench:scores.
 *   pnpm --filter @touchpoint/collector exec tsx --conditions=source ../bench/scores/channel-effects-ab.ts FILE
 */
import { loadavg } from 'node:os';
import { Analysis } from '../../collector/src/analysis/analysis.js';
import { Models } from '../../collector/src/analysis/models.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';

const file = process.argv[2];
if (!file) throw new Error('usage: channel-effects-ab.ts DB');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const store = new SqliteStore({ file });
const models = new Models(store, new Analysis(store));
const q = { metric: 'nps' as const, from: '2026-08-23', to: '2026-11-20', 'var.segment': 'new' };

/** CPU ms of one call, and its reply without where it came from. */
async function timed(scan: boolean): Promise<[number, string]> {
  const c0 = process.cpuUsage();
  const { source: _source, sourceNote: _note, ...reply } = await models.channelEffects('demo', q, scan);
  const c = process.cpuUsage(c0);
  return [(c.user + c.system) / 1000, JSON.stringify(reply)];
}

console.log(
  `load average: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')}`,
);
await timed(true);
await timed(false);
const scan: number[] = [];
const rollup: number[] = [];
let same = true;
for (let i = 0; i < RUNS; i++) {
  const [a, ra] = await timed(true);
  const [b, rb] = await timed(false);
  scan.push(a);
  rollup.push(b);
  same &&= ra === rb;
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
console.log(`channel effects, var.segment=new: scan ${med(scan)} ms CPU, variable rollups ${med(rollup)} ms CPU`);
console.log(`pairs: ${scan.map((a, i) => `${a.toFixed(0)}/${rollup[i]!.toFixed(1)}`).join(' ')}`);
console.log(
  `same answer: ${same ? 'yes' : 'NO'}; load average: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')}`,
);
await store.close();
