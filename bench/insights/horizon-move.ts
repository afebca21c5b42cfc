import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteInsights } from '../../collector/src/insights/sqlite-insights.js';
import { InsightWorker } from '../../collector/src/insights/worker.js';
import { addDays } from '../../collector/src/scoring/calendar.js';
import { demoSurveys } from '../../collector/src/seed/demo-catalog.js';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { installWeekTriggers, WeekHorizon, weekHorizon } from '../../collector/src/store/sqlite/week-tier.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { WEEK_TABLE } from '../../collector/src/store/week-rollups.js';
import { syntheticBatches } from '../scores/generate.js';
import { readLabelled } from './labelled.js';

/**
 * How long the SQLite writer holds its commit to move the week horizon on by one week (`WeekHorizon.advance`,
 * migrations 032 and 033: each week table summed from its day rows of the week that passed), on a file of
 * BENCH_ROWS responses over BENCH_DAYS days up to now, all analysed (a third with a comment). The horizon is put
 * back one week first, as it stands when a week has just ended. `pnpm --filter @touchpoint/collector exec tsx
 * --conditions=source ../bench/insights/horizon-move.ts`.
 */
const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const DAYS = Number(process.env.BENCH_DAYS ?? 90);

const comments = [...readLabelled('en'), ...readLabelled('de')].map((l) => l.text);
const textQuestion = new Map(demoSurveys.map((s) => [s.id, s.questions.find((q) => q.type === 'text')?.id]));
const dir = mkdtempSync(join(tmpdir(), 'touchpoint-horizon-move-'));
try {
  const store = new SqliteStore({ file: join(dir, 'db.sqlite'), commitMaxRows: 500, writer: 'inline' });
  await seedDemoCatalog(store);
  let i = 0;
  for (const b of syntheticBatches(ROWS, { seed: 5, end: new Date(), days: DAYS, batch: 500 })) {
    for (const r of b.responses) {
      const q = textQuestion.get(r.survey);
      if (q && (i++ * 7919) % 100 < 30) r.answers[q] = comments[i % comments.length]!;
    }
    await store.saveResponses(b.responses);
  }
  const worker = new InsightWorker(new SqliteInsights(store.db));
  while ((await worker.runBatch()) > 0);
  const db = store.db;
  const count = (table: string) => db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
  const horizon = weekHorizon(db);
  const behind = addDays(horizon, -7);
  db.exec(`UPDATE week_rollup_horizon SET monday = '${behind}'`);
  db.exec(`DELETE FROM insight_var_rollups WHERE grain <> 'd' AND day >= '${behind}'`);
  for (const week of Object.values(WEEK_TABLE)) db.exec(`DELETE FROM ${week} WHERE week >= '${behind}'`);
  installWeekTriggers(db);
  const t0 = performance.now();
  const weeks = db.transaction(() => new WeekHorizon(db).advance())();
  const ms = performance.now() - t0;
  console.log(
    `horizon-move: ${ROWS} responses over ${DAYS} days; rows: score_rollups ${count('score_rollups')}, ` +
      `var_rollups ${count('var_rollups')}, var_pair_rollups ${count('var_pair_rollups')}, ` +
      `insight_var_rollups ${count('insight_var_rollups')}`,
  );
  console.log(`moved ${weeks} week(s) in ${ms.toFixed(0)} ms, load ${loadavg()[0]?.toFixed(1)}`);
  await store.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
