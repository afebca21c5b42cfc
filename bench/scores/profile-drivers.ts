/**
 * Where the driver screen's time goes (issue #14): CPU ms of the store's read (variableCounts) and of the
 * whole Analysis.drivers call, on the cached bench database. Not part of bench:scores.
 *   pnpm --filter @touchpoint/collector exec tsx --conditions=source ../bench/scores/profile-drivers.ts FILE
 */
import { Analysis } from '../../collector/src/analysis/analysis.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';

const file = process.argv[2];
if (!file) throw new Error('usage: profile-drivers.ts DB');
const store = new SqliteStore({ file });
const analysis = new Analysis(store);
let storeCpu = 0;
const read = store.variableCounts.bind(store);
store.variableCounts = async (site, q) => {
  const c0 = process.cpuUsage();
  const out = await read(site, q);
  const c = process.cpuUsage(c0);
  storeCpu += (c.user + c.system) / 1000;
  return out;
};
const window = { metric: 'nps' as const, from: '2026-08-23', to: '2026-11-20' };
const cases = {
  eight: 'channel,device,trigger,touchpoint,var.segment,var.category,var.buyer,var.region',
  all: undefined,
};
for (const [label, variables] of Object.entries(cases)) {
  const cpu: number[] = [];
  const st: number[] = [];
  for (let i = 0; i < 6; i++) {
    storeCpu = 0;
    const c0 = process.cpuUsage();
    await analysis.drivers('demo', { ...window, variables });
    const c = process.cpuUsage(c0);
    if (i > 0) {
      cpu.push((c.user + c.system) / 1000);
      st.push(storeCpu);
    }
  }
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!.toFixed(1);
  console.log(`${label}: drivers ${med(cpu)} ms CPU, of which the store's read ${med(st)} ms`);
}
await store.close();
