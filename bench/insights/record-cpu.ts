import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteInsights } from '../../collector/src/insights/sqlite-insights.js';
import { InsightWorker, INSIGHT_BATCH } from '../../collector/src/insights/worker.js';
import { demoSurveys } from '../../collector/src/seed/demo-catalog.js';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { syntheticBatches } from '../scores/generate.js';
import { readLabelled } from './labelled.js';

/**
 * CPU per response of recording verbatim analyses on SQLite (`SqliteInsights.save`: the analysis rows, their
 * themes and every insight rollup), in the insight worker's batches of 200, on a fresh file of ROWS live
 * responses (the last day; a third with a labelled comment, the variables of bench:scores). Only `save` is
 * timed, not the analysis. `pnpm --filter @touchpoint/collector exec tsx --conditions=source
 * ../bench/insights/record-cpu.ts` (BENCH_RUNS runs, default 3; BENCH_COMMENT_SHARE: the share of responses with
 * a comment, default 0.3).
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 20_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const COMMENT_SHARE = Number(process.env.BENCH_COMMENT_SHARE ?? 0.3);

/** SqliteInsights that adds up the CPU its `save` calls take. */
class TimedInsights extends SqliteInsights {
  cpuMicros = 0;
  saved = 0;
  override save(...args: Parameters<SqliteInsights['save']>): void {
    const c0 = process.cpuUsage();
    super.save(...args);
    const c = process.cpuUsage(c0);
    this.cpuMicros += c.user + c.system;
    this.saved += args[0].length;
  }
}

const comments = [...readLabelled('en'), ...readLabelled('de')].map((l) => l.text);
const textQuestion = new Map(demoSurveys.map((s) => [s.id, s.questions.find((q) => q.type === 'text')?.id]));
console.log(`record-cpu: ${ROWS} responses, batches of ${INSIGHT_BATCH}, load ${loadavg()[0]?.toFixed(1)}`);
for (let run = 0; run < RUNS; run++) {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-record-cpu-'));
  const store = new SqliteStore({ file: join(dir, 'db.sqlite'), commitMaxRows: 500, writer: 'inline' });
  await seedDemoCatalog(store);
  let i = 0;
  for (const b of syntheticBatches(ROWS, { seed: 5, end: new Date(), days: 1, batch: 500 })) {
    for (const r of b.responses) {
      const q = textQuestion.get(r.survey);
      if (q && (i++ * 7919) % 100 < COMMENT_SHARE * 100) r.answers[q] = comments[i % comments.length]!;
    }
    await store.saveResponses(b.responses);
  }
  const insights = new TimedInsights(store.db);
  const worker = new InsightWorker(insights);
  while ((await worker.runBatch()) > 0);
  const withText = store.db.prepare('SELECT count(*) FROM response_insights WHERE has_text = 1').pluck().get();
  console.log(
    `run ${run + 1}: ${(insights.cpuMicros / insights.saved).toFixed(1)} µs CPU per response recorded ` +
      `(${insights.saved} responses, ${String(withText)} with text), load ${loadavg()[0]?.toFixed(1)}`,
  );
  await store.close();
  rmSync(dir, { recursive: true, force: true });
}
