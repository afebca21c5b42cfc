import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Analyser } from '../../collector/src/insights/analyse.js';
import { DEFAULT_TAXONOMY } from '../../collector/src/insights/default-taxonomy.js';
import { loadConfig } from '../../collector/src/config.js';
import { demoSurveys } from '../../collector/src/seed/demo-catalog.js';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { DEMO_ROSTER, seedDemoInsights } from '../../collector/src/seed/demo-insights.js';
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
const RUNS = 7;
const ADMIN_KEY = 'tp_bench_9Tq2Lm7Xr4Kw8Pz3Vn6C';

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

async function main(): Promise<void> {
  console.log(
    `cpus ${cpus().length}, load ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  console.log(
    `analysis: ${Math.round(throughput()).toLocaleString('en')} comments/s per core (CPU time, ${comments.length} labelled comments in a loop)`,
  );

  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-insights-'));
  const file = join(dir, 'db.sqlite');
  try {
    const store = new SqliteStore({ file, commitMaxRows: 5000 });
    await seedDemoCatalog(store);
    const textQuestion = new Map(demoSurveys.map((s) => [s.id, s.questions.find((q) => q.type === 'text')?.id]));
    let i = 0;
    let t0 = performance.now();
    for (const b of syntheticBatches(ROWS, {
      seed: 3,
      end: new Date('2026-11-20T23:59:59Z'),
      days: 365,
      batch: 5000,
    })) {
      for (const r of b.responses) {
        const q = textQuestion.get(r.survey);
        if (q && (i++ * 7919) % 100 < COMMENT_SHARE * 100) r.answers[q] = comments[i % comments.length]!;
      }
      await store.saveResponses(b.responses);
    }
    console.log(`generated ${ROWS.toLocaleString('en')} responses in ${(ms(t0) / 1000).toFixed(1)} s`);
    t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const analysed = await seedDemoInsights(store);
    const cpu = process.cpuUsage(cpu0);
    const withText = store.db
      .prepare('SELECT count(*) FROM response_insights WHERE has_text = 1')
      .pluck()
      .get() as number;
    console.log(
      `worker: ${analysed.toLocaleString('en')} responses (${withText.toLocaleString('en')} with a comment) analysed and ` +
        `stored in ${(ms(t0) / 1000).toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU ` +
        `= ${Math.round(withText / ((cpu.user + cpu.system) / 1e6)).toLocaleString('en')} comments/s per core end to end`,
    );
    store.db.exec('ANALYZE');
    await store.close();

    const app = await buildServer(
      loadConfig({
        TOUCHPOINT_DB: file,
        TOUCHPOINT_ADMIN_KEY: ADMIN_KEY,
        TOUCHPOINT_RATE_LIMIT: '0',
        LOG_LEVEL: 'silent',
      }),
    );
    await app.ready();
    const base = '/v1/admin/sites/demo/insights';
    const window = 'from=2026-08-23&to=2026-11-20';
    const views: [string, string][] = [
      ['themes (90 days)', `${base}/themes?${window}`],
      ['themes (a year, one store)', `${base}/themes?from=2025-11-21&to=2026-11-20&touchpoint=store-12`],
      ['verbatims (90 days, page 1)', `${base}/verbatims?${window}`],
      ['verbatims (theme + negative)', `${base}/verbatims?${window}&theme=queue-checkout&sentiment=negative`],
      ['verbatims (detractors, a year)', `${base}/verbatims?from=2025-11-21&to=2026-11-20&band=detractor`],
      ['staff (90 days)', `${base}/staff?${window}`],
    ];
    console.log('\nview                               median ms   CPU ms');
    for (const [name, url] of views) {
      const times: number[] = [];
      const cpuTimes: number[] = [];
      for (let r = 0; r <= RUNS; r++) {
        const t = performance.now();
        const c0 = process.cpuUsage();
        const res = await app.inject({ url, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
        if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
        const c = process.cpuUsage(c0);
        if (r > 0) times.push(ms(t));
        if (r > 0) cpuTimes.push((c.user + c.system) / 1000);
      }
      console.log(
        `${name.padEnd(34)} ${median(times).toFixed(1).padStart(8)} ${median(cpuTimes).toFixed(1).padStart(8)}`,
      );
    }
    await app.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
