import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Analyser } from '../../collector/src/insights/analyse.js';
import { DEFAULT_TAXONOMY } from '../../collector/src/insights/default-taxonomy.js';
import { loadConfig } from '../../collector/src/config.js';
import { demoSurveys } from '../../collector/src/seed/demo-catalog.js';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { SqliteInsights } from '../../collector/src/insights/sqlite-insights.js';
import { InsightWorker } from '../../collector/src/insights/worker.js';
import { DEMO_ROSTER } from '../../collector/src/seed/demo-insights.js';
import { buildServer } from '../../collector/src/server.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { syntheticBatches } from '../scores/generate.js';
import { readLabelled } from './labelled.js';

/**
 * `pnpm bench:insights`: (1) analysis throughput on one core, over the labelled comments; (2) a database of
 * BENCH_ROWS synthetic responses, a third with a comment, analysed by the worker's code (stored, rolled up),
 * then the insight views timed through app.inject. See bench/README.md.
 */

const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** Share of responses that carry a comment (a typical open-text answer rate). */
const COMMENT_SHARE = 0.3;
/** How long the throughput loop runs. */
const THROUGHPUT_MS = 3000;
/** Measured runs per view (after one warm-up); the median is reported. */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** The target for each insight view at 1M responses. */
const TARGET_MS = 100;
/** BENCH_VIEWS=<regular expression>: time only the views whose name matches it. */
const ONLY = process.env.BENCH_VIEWS ?? '';
const ADMIN_KEY = 'tp_bench_9Tq2Lm7Xr4Kw8Pz3Vn6C';
/** The last day of the synthetic responses, fixed so that a cached database answers the same windows. */
const END_DAY = '2026-11-20';
/** Where the generated and analysed database is kept between runs (delete it to build it again). */
const CACHE_DIR = join(tmpdir(), 'touchpoint-bench-insights');

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const comments = [...readLabelled('en'), ...readLabelled('de')].map((l) => l.text);

function throughput(): number {
  const analyser = new Analyser(DEFAULT_TAXONOMY, DEMO_ROSTER);
  let n = 0;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  while (ms(t0) < THROUGHPUT_MS) {
    for (const c of comments) analyser.analyse(c, null, null);
    n += comments.length;
  }
  const cpu = process.cpuUsage(cpu0);
  return n / ((cpu.user + cpu.system) / 1e6);
}

/** Responses analysed per transaction while building the cached database (the worker's own batch is 200). */
const BUILD_BATCH = 5000;

/** Fills `file` with ROWS synthetic responses (a share with a labelled comment); returns the seconds it took. */
async function generate(file: string): Promise<number> {
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  const store = new SqliteStore({ file: partial, commitMaxRows: 5000 });
  await seedDemoCatalog(store);
  const textQuestion = new Map(demoSurveys.map((s) => [s.id, s.questions.find((q) => q.type === 'text')?.id]));
  let i = 0;
  const t0 = performance.now();
  for (const b of syntheticBatches(ROWS, { seed: 3, end: new Date(`${END_DAY}T23:59:59Z`), days: 365, batch: 5000 })) {
    for (const r of b.responses) {
      const q = textQuestion.get(r.survey);
      if (q && (i++ * 7919) % 100 < COMMENT_SHARE * 100) r.answers[q] = comments[i % comments.length]!;
    }
    await store.saveResponses(b.responses);
  }
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  await store.close();
  renameSync(partial, file);
  return ms(t0) / 1000;
}

/**
 * The cached database of ROWS analysed responses, and what building it took when it was missing. Two stages,
 * each kept once done: the responses (`….responses.db`), then their analysis by the worker's code (backfill,
 * BUILD_BATCH per transaction, synchronous=OFF: a fixture, not the ingest path), stored and rolled up.
 */
async function database(): Promise<{
  file: string;
  built?: { generate: number | null; analysed: number; withText: number; wall: number; cpu: number };
}> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `insights-${ROWS}-v1.db`);
  if (existsSync(file)) return { file };
  const responses = join(CACHE_DIR, `insights-${ROWS}-v1.responses.db`);
  const generated = existsSync(responses) ? null : await generate(responses);
  const store = new SqliteStore({ file: responses });
  store.db.pragma('synchronous = OFF');
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const insights = new SqliteInsights(store.db);
  insights.saveConfig('demo', { roster: DEMO_ROSTER });
  const analysed = await new InsightWorker(insights).backfill('demo', BUILD_BATCH);
  const cpu = process.cpuUsage(cpu0);
  const wall = ms(t0) / 1000;
  const withText = store.db
    .prepare('SELECT count(*) FROM response_insights WHERE has_text = 1')
    .pluck()
    .get() as number;
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.db.exec('ANALYZE');
  await store.close();
  renameSync(responses, file);
  return { file, built: { generate: generated, analysed, withText, wall, cpu: (cpu.user + cpu.system) / 1e6 } };
}

async function main(): Promise<void> {
  console.log(
    `cpus ${cpus().length}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `analysis: ${Math.round(throughput()).toLocaleString('en')} comments/s per core (CPU time, ${comments.length} labelled comments in a loop)`,
  );

  // BENCH_DB=<file>: time the views on that database as it is (e.g. one whose analysis was cut short)
  const { file, built } = process.env.BENCH_DB ? { file: process.env.BENCH_DB, built: undefined } : await database();
  if (built) {
    if (built.generate !== null)
      console.log(`generated ${ROWS.toLocaleString('en')} responses in ${built.generate.toFixed(1)} s`);
    console.log(
      `worker: ${built.analysed.toLocaleString('en')} responses (${built.withText.toLocaleString('en')} with a comment) ` +
        `analysed and stored in ${built.wall.toFixed(1)} s wall, ${built.cpu.toFixed(1)} s CPU ` +
        `= ${Math.round(built.withText / built.cpu).toLocaleString('en')} comments/s per core end to end`,
    );
  } else console.log(`database: ${file} (cached or given; delete it to measure generation and the worker again)`);
  const open0 = performance.now();
  const openCpu0 = process.cpuUsage();
  const counts = new SqliteStore({ file });
  const count = (sql: string) => (counts.db.prepare(sql).pluck().get() as number).toLocaleString('en');
  console.log(
    `${count('SELECT count(*) FROM responses')} responses, ${count('SELECT count(*) FROM response_insights')} ` +
      `analysed, ${count('SELECT count(*) FROM response_insights WHERE has_text = 1')} with a comment`,
  );
  await counts.close();
  const app = await buildServer(
    loadConfig({
      TOUCHPOINT_DB: file,
      TOUCHPOINT_ADMIN_KEY: ADMIN_KEY,
      TOUCHPOINT_RATE_LIMIT: '0',
      LOG_LEVEL: 'silent',
    }),
  );
  await app.ready();
  const openCpu = process.cpuUsage(openCpu0);
  // Opening a database from before a migration runs it (e.g. 023's first count of the rollups by level).
  console.log(
    `opened, counted and served (migrations included) in ${(ms(open0) / 1000).toFixed(1)} s wall, ${((openCpu.user + openCpu.system) / 1e6).toFixed(1)} s CPU`,
  );
  const base = '/v1/admin/sites/demo/insights';
  // BENCH_END=<day>: the views' last day (default END_DAY), e.g. the last analysed day of a cut-short database
  const end = process.env.BENCH_END ?? END_DAY;
  const back = (days: number) => new Date(Date.parse(end) - days * 86_400_000).toISOString().slice(0, 10);
  const window = `from=${back(89)}&to=${end}`;
  const year = `from=${back(364)}&to=${end}`;
  console.log(`90 days: ${window}; a year: ${year}`);
  const views: [string, string][] = [
    ['themes (90 days)', `${base}/themes?${window}`],
    ['themes (a year, one store)', `${base}/themes?${year}&touchpoint=store-12`],
    ['themes (90 days, channel=kiosk)', `${base}/themes?${window}&channel=kiosk`],
    ['themes (90 days, var.region=North)', `${base}/themes?${window}&var.region=North`],
    ['themes (a year, var.region=North)', `${base}/themes?${year}&var.region=North`],
    ['trend (90 days)', `${base}/trend?${window}`],
    ['trend (a year)', `${base}/trend?${year}`],
    ['trend detractors (90 days)', `${base}/trend?${window}&band=detractor`],
    ['trend promoters (90 days)', `${base}/trend?${window}&band=promoter`],
    ['trend (90 days, channel=kiosk)', `${base}/trend?${window}&channel=kiosk`],
    ['verbatims (90 days, page 1)', `${base}/verbatims?${window}`],
    ['verbatims (theme + negative)', `${base}/verbatims?${window}&theme=queue-checkout&sentiment=negative`],
    ['verbatims (detractors, a year)', `${base}/verbatims?${year}&band=detractor`],
    ['verbatims (90 days, channel=kiosk)', `${base}/verbatims?${window}&channel=kiosk`],
    ['staff (90 days)', `${base}/staff?${window}`],
    ['staff (90 days, channel=kiosk)', `${base}/staff?${window}&channel=kiosk`],
    ['emerging (90 days)', `${base}/emerging?${window}`],
    ['emerging (90 days, channel=kiosk)', `${base}/emerging?${window}&channel=kiosk`],
  ].filter(([name]) => !ONLY || new RegExp(ONLY).test(name!)) as [string, string][];
  console.log(
    `\nload ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  // Stored emerging themes (migration 022) are dropped so that the first request computes them: its CPU is
  // the `first` column; the median is of the requests after it, which read the stored result.
  const emptied = new SqliteStore({ file });
  emptied.db.prepare('DELETE FROM insight_emerging').run();
  await emptied.close();
  console.log(`${'view'.padEnd(38)} median ms   CPU ms   CPU < ${TARGET_MS} ms   first CPU ms   source`);
  for (const [name, url] of views) {
    const times: number[] = [];
    const cpuTimes: number[] = [];
    let first = 0;
    let source = '';
    for (let r = 0; r <= RUNS; r++) {
      const t = performance.now();
      const c0 = process.cpuUsage();
      const res = await app.inject({ url, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      const c = process.cpuUsage(c0);
      if (r === 0) first = (c.user + c.system) / 1000;
      source = (res.json() as { source?: string }).source ?? '';
      if (r > 0) times.push(ms(t));
      if (r > 0) cpuTimes.push((c.user + c.system) / 1000);
    }
    const cpu = median(cpuTimes);
    console.log(
      `${name.padEnd(38)} ${median(times).toFixed(1).padStart(9)} ${cpu.toFixed(1).padStart(8)}   ${(cpu < TARGET_MS ? 'yes' : 'NO').padEnd(14)} ${first.toFixed(1).padStart(12)}   ${source}`,
    );
  }
  console.log(
    `load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  await app.close();
}

await main();
