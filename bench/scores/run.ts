import { clusterCpuReader } from './pg-cpu.js';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadConfig } from '../../collector/src/config.js';
import { seedDemoCatalog } from '../../collector/src/seed/demo-data.js';
import { buildServer } from '../../collector/src/server.js';
import { SqliteStore } from '../../collector/src/store/sqlite/sqlite-store.js';
import { migrateToPostgres } from '../../collector/src/cli/migrate-to-postgres.js';
import { openPool } from '../../collector/src/store/postgres/db.js';
import { openDatabase } from '../../collector/src/store/sqlite/database.js';
import { createDatabase } from '../../collector/test/helpers/postgres.js';
import { benchCluster } from '../ingest/postgres.js';
import { syntheticBatches } from './generate.js';
import { checkDirectWriter, recountAll, writeDirect } from './direct.js';
import { modelCases } from './model-cases.js';

/**
 * `pnpm bench:scores`: builds (or reuses) a SQLite database of BENCH_ROWS synthetic responses over a
 * year, checks that the rollups equal a recount, times each score endpoint through `app.inject`, copies
 * the database into PostgreSQL (`touchpoint migrate`, on a cluster the bench starts, where PostgreSQL is
 * installed) and times the same endpoints there, and times ingest with and without rollup upkeep.
 * BENCH_PG=0 leaves PostgreSQL out, BENCH_INGEST=0 the ingest runs. See bench/README.md.
 */

/** Responses in the database (BENCH_ROWS). */
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
/** Days the responses span, ending at END_DAY; the endpoints look at the last 90. */
const HISTORY_DAYS = 365;
/** A fixed last day, so that a cached database answers the same windows. */
const END_DAY = '2026-11-20';
const WINDOW = 'from=2026-08-23&to=2026-11-20';
/** The generated responses: a year ending on END_DAY (a cached database answers the same windows). */
const GENERATION = { seed: 1, end: new Date(`${END_DAY}T23:59:59.999Z`), days: HISTORY_DAYS };
/** Bumped whenever the generator or the rows it writes change: part of the cached file's name. */
const CACHE_VERSION = 'v3';
/** Responses the direct writer is checked against saveResponses on, before it writes the big file. */
const DIRECT_CHECK_ROWS = 3000;
/** Measured runs per endpoint (after one warm-up); the median is reported. */
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
/** Responses saved in each ingest-cost run, and rows per saveResponses call. */
const INGEST_ROWS = 50_000;
const INGEST_BATCH = 500;
/** How far back the ingested responses' createdAt reaches, in days: live traffic, and a bulk import. */
const INGEST_SCENARIOS: [string, number][] = [
  ['live (created in the last hour)', 1 / 24],
  ['bulk import (spread over 90 days)', 90],
];
/** Days whose rollups are checked against a recount from the responses. */
const CHECK_DAYS = ['2026-11-20', '2026-08-23', '2026-02-01'];
const ADMIN_KEY = 'tp_bench_8Rk3Vq9Lm2Xw7Pz4Tn6C';
/** Whether to time the endpoints on PostgreSQL too (where it is installed). */
const WITH_PG = process.env.BENCH_PG !== '0';
/** Whether to run the ingest-cost scenarios (SQLite). */
const WITH_INGEST = process.env.BENCH_INGEST !== '0';
const CACHE_DIR = join(tmpdir(), 'touchpoint-bench-scores');

/** Milliseconds in a day. */
const DAY_MS = 86_400_000;

const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

/**
 * Migrations renumbered after a cached database had applied them under their first name (the same SQL, so
 * the file's row is renamed rather than the migration run twice): 022_var_level_rollups became 024 when the
 * insight migrations took 022 and 023.
 */
const RENUMBERED: [before: string, after: string][] = [['022_var_level_rollups.sql', '024_var_level_rollups.sql']];

/** Renames the rows of renumbered migrations in a cached database, before the store migrates it. */
function renameRenumbered(file: string): void {
  const db = openDatabase(file);
  try {
    const rename = db.prepare('UPDATE schema_migrations SET version = ? WHERE version = ?');
    for (const [before, after] of RENUMBERED)
      if (rename.run(after, before).changes > 0) console.log(`migration ${before} recorded as ${after}`);
  } finally {
    db.close();
  }
}

/**
 * Counts the variable rollups of a database whose responses predate them (migration 017 marks the site
 * pending), or every rollup when BENCH_RECOUNT=1 (after a change of the rollup code): the store's recount, timed.
 * Null when there was nothing to recount.
 */
async function recountVariables(file: string): Promise<number | null> {
  renameRenumbered(file);
  const store = new SqliteStore({ file });
  try {
    const t0 = performance.now();
    if (process.env.BENCH_RECOUNT === '1') recountAll(store, 'demo');
    else if (store.db.prepare("SELECT 1 FROM variable_rollups_pending WHERE site = 'demo'").get())
      await store.rebuildVariableRollups('demo');
    else return null;
    store.db.exec('ANALYZE');
    return ms(t0) / 1000;
  } finally {
    await store.close();
  }
}

/**
 * The cached database of ROWS responses (by size and CACHE_VERSION), generated when missing: the responses
 * written first (kept as `….raw` until counted, so that BENCH_WRITE_ONLY=1 can write them ahead), then every
 * rollup counted by the store's recount.
 */
async function database(): Promise<{ file: string; seconds: number | null }> {
  mkdirSync(CACHE_DIR, { recursive: true });
  const file = join(CACHE_DIR, `scores-${ROWS}-${CACHE_VERSION}.db`);
  if (existsSync(file)) return { file, seconds: null };
  const raw = `${file}.raw`;
  const t0 = performance.now();
  if (!existsSync(raw)) {
    const partial = `${file}.partial`;
    rmSync(partial, { force: true });
    const store = new SqliteStore({ file: partial });
    await seedDemoCatalog(store);
    const c0 = process.cpuUsage();
    writeDirect(store, ROWS, GENERATION);
    store.db.pragma('wal_checkpoint(TRUNCATE)');
    await store.close();
    renameSync(partial, raw);
    const cpu = process.cpuUsage(c0);
    console.log(
      `wrote ${ROWS} responses in ${(ms(t0) / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU)`,
    );
    if (process.env.BENCH_WRITE_ONLY === '1') process.exit(0);
  }
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const store = new SqliteStore({ file: raw });
  recountAll(store, 'demo');
  const cpu = process.cpuUsage(c1);
  console.log(
    `recounted every rollup in ${(ms(t1) / 1000).toFixed(1)} s (${((cpu.user + cpu.system) / 1e6).toFixed(1)} s of CPU; the store's recount)`,
  );
  store.db.pragma('wal_checkpoint(TRUNCATE)');
  store.db.exec('ANALYZE');
  await store.close();
  renameSync(raw, file);
  return { file, seconds: ms(t0) / 1000 };
}

/** Compares the rollups of a few days with a recount from the responses (json_each, not the write path). */
function checkRollups(file: string): string {
  const store = new SqliteStore({ file });
  let rows = 0;
  for (const day of CHECK_DAYS) {
    const recount = store.db
      .prepare(
        `SELECT survey, touchpoint, channel, a.key AS question, a.value AS value, count(*) AS count
        FROM responses, json_each(answers) a WHERE site = 'demo' AND created_at >= ? AND created_at < ?
        AND a.type = 'integer' AND flagged = 0 GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
      )
      .all(`${day}T00:00:00.000Z`, new Date(Date.parse(day) + DAY_MS).toISOString());
    const rolled = store.db
      .prepare(
        `SELECT survey, touchpoint, channel, question, value, count FROM score_rollups
        WHERE site = 'demo' AND day = ? AND count <> 0 ORDER BY 1, 2, 3, 4, 5`,
      )
      .all(day);
    if (JSON.stringify(recount) !== JSON.stringify(rolled)) throw new Error(`rollups of ${day} differ from a recount`);
    rows += rolled.length;
    // The variable rollups of one variable, against a recount of its levels (JSON text, as the rollups keep it).
    const levels = store.db
      .prepare(
        `SELECT survey, touchpoint, channel, a.key AS question, coalesce(vars -> '$.segment', 'null') AS level,
        a.value AS value, count(*) AS count FROM responses, json_each(answers) a WHERE site = 'demo'
        AND created_at >= ? AND created_at < ? AND a.type = 'integer' AND flagged = 0
        GROUP BY 1, 2, 3, 4, 5, 6 ORDER BY 1, 2, 3, 4, 5, 6`,
      )
      .all(`${day}T00:00:00.000Z`, new Date(Date.parse(day) + DAY_MS).toISOString());
    const rolledLevels = store.db
      .prepare(
        `SELECT survey, touchpoint, channel, question, level, value, sum(count) AS count FROM var_rollups
        WHERE site = 'demo' AND variable = 'segment' AND day = ? GROUP BY 1, 2, 3, 4, 5, 6
        HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`,
      )
      .all(day);
    if (JSON.stringify(levels) !== JSON.stringify(rolledLevels))
      throw new Error(`variable rollups of ${day} differ from a recount`);
    rows += rolledLevels.length;
  }
  const total = store.db.prepare('SELECT count(*) FROM responses').pluck().get() as number;
  void store.close();
  const varRows = store.db.prepare('SELECT count(*) FROM var_rollups').pluck().get() as number;
  const scanOnly = store.db
    .prepare("SELECT group_concat(variable) FROM rollup_variables WHERE site = 'demo' AND scan_only = 1")
    .pluck()
    .get() as string | null;
  return (
    `rollups and variable rollups (segment) == recount on ${CHECK_DAYS.length} days (${rows} rollup rows); ` +
    `${total} responses; ${varRows} variable rollup rows; scan only: ${scanOnly ?? 'none'}`
  );
}

/** One dashboard view timed: a label, its URL under the site's scores, the target it is held to. */
interface BenchCase {
  label: string;
  /** the path and query after `/v1/admin/sites/demo/scores` */
  path: string;
  target: string;
}

/**
 * The views bench:scores times, in table order. To time another, add one entry: the table marks each row
 * with the reply's own `source` (rollup or scan) where the reply has one.
 */
export const CASES: BenchCase[] = [
  { label: 'leaderboard (90 d)', path: `/leaderboard?${WINDOW}`, target: '< 20 ms (PG < 50)' },
  { label: 'scores by touchpoint (90 d)', path: `?by=touchpoint&${WINDOW}`, target: '< 20 ms (PG < 50)' },
  { label: 'trend by day (90 d)', path: `/trend?interval=day&${WINDOW}`, target: '< 20 ms (PG < 50)' },
  {
    label: 'trend by week (365 d)',
    path: `/trend?interval=week&from=2025-11-21&to=${END_DAY}`,
    target: '< 20 ms (PG < 50)',
  },
  { label: 'quintiles (90 d)', path: `/quintiles?${WINDOW}`, target: '' },
  { label: 'response rates by trigger (90 d)', path: `/response-rates?by=trigger&${WINDOW}`, target: '' },
  { label: 'segments var.segment (90 d)', path: `/segments?variable=var.segment&${WINDOW}`, target: '< 200 ms' },
  { label: 'scores by device (90 d)', path: `?by=device&${WINDOW}`, target: '< 200 ms' },
  {
    label: 'scores by touchpoint, var.segment filter',
    path: `?by=touchpoint&var.segment=new&${WINDOW}`,
    target: '< 200 ms',
  },
  {
    label: 'drivers, 8 categorical variables (90 d)',
    path: `/drivers?variables=channel,device,trigger,touchpoint,var.segment,var.category,var.buyer,var.region&${WINDOW}`,
    target: '< 200 ms',
  },
  {
    label: 'segments var.cartValue (numeric, 90 d)',
    path: `/segments?variable=var.cartValue&${WINDOW}`,
    target: '< 200 ms',
  },
  { label: 'drivers, all variables (90 d)', path: `/drivers?${WINDOW}`, target: '< 200 ms' },
  {
    label: 'scores by touchpoint, var.segment + var.region filter',
    path: `?by=touchpoint&var.segment=new&var.region=North&${WINDOW}`,
    target: '',
  },
  ...modelCases(WINDOW),
];

/**
 * A timed case: median wall-clock and CPU ms (the collector's; and the database server's on PostgreSQL, else
 * null), and where the reply says its counts came from.
 */
type Timed = [label: string, ms: number, cpu: number, target: string, source: string, dbCpu: number | null];

/**
 * Resolves once the process has been quiet for a quarter second (under 10 % of one core), at most 15 s: the
 * collector's start-up (the writer thread loading its code, here from TypeScript sources) is not the first
 * views' time.
 */
async function settled(): Promise<void> {
  const QUIET_MS = 250;
  for (const t0 = performance.now(); performance.now() - t0 < 15_000;) {
    const c0 = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
    const c = process.cpuUsage(c0);
    if ((c.user + c.system) / 1000 < QUIET_MS * 0.1) return;
  }
}

/**
 * Median wall-clock and CPU time of each case through app.inject (CPU time: less noise on a busy machine).
 * `dbCpu` reads the PostgreSQL cluster's CPU seconds so far (pg-cpu.ts), for its share of each request.
 */
async function timeEndpoints(db: string, dbCpu: (() => number) | null = null): Promise<Timed[]> {
  const config = loadConfig({
    TOUCHPOINT_DB: db,
    TOUCHPOINT_ADMIN_KEY: ADMIN_KEY,
    TOUCHPOINT_RATE_LIMIT: '0',
    // No insight analysis beside the timing: on PostgreSQL every copied response waits in insight_queue, and a
    // worker draining a million of them counted in both the collector's CPU and the server's.
    TOUCHPOINT_INSIGHTS_WORKER: 'off',
    LOG_LEVEL: 'silent',
  });
  const app = await buildServer(config);
  await app.ready();
  await settled();
  const out: Timed[] = [];
  for (const { label, path, target } of CASES) {
    const url = `/v1/admin/sites/demo/scores${path}`;
    const times: number[] = [];
    const cpu: number[] = [];
    const server: number[] = [];
    let source = '';
    for (let i = 0; i <= RUNS; i++) {
      const t0 = performance.now();
      const c0 = process.cpuUsage();
      const s0 = dbCpu?.() ?? 0;
      const res = await app.inject({ url, headers: { authorization: `Bearer ${ADMIN_KEY}` } });
      const s = (dbCpu?.() ?? 0) - s0;
      const c = process.cpuUsage(c0);
      const t = ms(t0);
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
      const reply = res.json() as { source?: string; binning?: string | null; binned?: unknown[] };
      const binned = reply.binning === 'stored' || (reply.binned?.length ?? 0) > 0;
      // Replies without a `source` say nothing of where they read: by the store's rule, the score rollups
      // without a `var.*` filter, the variable rollups with one, a scan with two.
      const filters = path.match(/[?&]var\./g)?.length ?? 0;
      const inferred = filters === 0 ? 'score rollups' : filters === 1 ? 'variable rollups' : 'scan';
      source = reply.source ?? inferred;
      if (binned) source += ', stored bins';
      if (i > 0) {
        times.push(t);
        cpu.push((c.user + c.system) / 1000);
        server.push(s * 1000);
      }
    }
    out.push([label, median(times), median(cpu), target, source, dbCpu ? median(server) : null]);
  }
  await app.close();
  return out;
}

/**
 * The SQLite database copied into a fresh PostgreSQL database with `touchpoint migrate`, analysed, and its
 * rollups checked against a recount; null where PostgreSQL is not installed.
 */
async function postgresCopy(file: string): Promise<{ url: string; seconds: number; check: string } | null> {
  const cluster = await benchCluster();
  if (!cluster) return null;
  const url = await createDatabase(cluster.base);
  const t0 = performance.now();
  const report = await migrateToPostgres(file, url, { progress: (line) => console.log(line) });
  const seconds = ms(t0) / 1000;
  const pool = openPool(url, 1);
  try {
    // After a bulk load the planner needs statistics; autovacuum would gather them a little later.
    await pool.query('VACUUM ANALYZE');
    let rows = 0;
    for (const day of CHECK_DAYS) {
      const args = [`${day}T00:00:00.000Z`, new Date(Date.parse(day) + DAY_MS).toISOString()];
      const recount = await pool.query(
        `SELECT survey, touchpoint, channel, a.key AS question, (a.value #>> '{}')::int AS value, count(*)::int AS count
        FROM responses, jsonb_each(answers) a WHERE site = 'demo' AND created_at >= $1 AND created_at < $2
        AND jsonb_typeof(a.value) = 'number' AND (a.value #>> '{}') ~ '^-?\\d+$' AND NOT flagged GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5`,
        args,
      );
      const rolled = await pool.query(
        `SELECT survey, touchpoint, channel, question, value, count FROM score_rollups
        WHERE site = 'demo' AND day = $1 AND count <> 0 ORDER BY 1, 2, 3, 4, 5`,
        [day],
      );
      if (JSON.stringify(recount.rows) !== JSON.stringify(rolled.rows)) {
        throw new Error(`PostgreSQL: rollups of ${day} differ from a recount`);
      }
      rows += rolled.rows.length;
      // The level rollups (PostgreSQL migration 026, copied from SQLite's) equal var_rollups summed.
      const level = `SELECT variable, survey, question, qtype, level, value, sum(count)::int AS count FROM TABLE
        WHERE site = 'demo' AND day = $1 GROUP BY 1, 2, 3, 4, 5, 6 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6`;
      const [kept, summed] = await Promise.all(
        ['var_level_rollups', 'var_rollups'].map((t) => pool.query(level.replace('TABLE', t), [day])),
      );
      if (JSON.stringify(kept?.rows) !== JSON.stringify(summed?.rows)) {
        throw new Error(`PostgreSQL: level rollups of ${day} differ from var_rollups summed`);
      }
      rows += kept?.rows.length ?? 0;
      // The cell rollups (PostgreSQL migration 030, copied from SQLite's) equal var_rollups summed over the answer.
      const cell = `SELECT variable, survey, touchpoint, channel, question, qtype, level, sum(count)::int AS count
        FROM TABLE WHERE site = 'demo' AND day = $1 GROUP BY 1, 2, 3, 4, 5, 6, 7 HAVING sum(count) <> 0
        ORDER BY 1, 2, 3, 4, 5, 6, 7`;
      const [cells, byCell] = await Promise.all(
        ['var_cell_rollups', 'var_rollups'].map((t) => pool.query(cell.replace('TABLE', t), [day])),
      );
      if (JSON.stringify(cells?.rows) !== JSON.stringify(byCell?.rows)) {
        throw new Error(`PostgreSQL: cell rollups of ${day} differ from var_rollups summed`);
      }
      rows += cells?.rows.length ?? 0;
    }
    const copied = report.tables.reduce((n, t) => n + t.target, 0);
    return { url, seconds, check: `PostgreSQL: ${copied} rows copied, rollups == recount on ${rows} rollup rows` };
  } finally {
    await pool.end();
  }
}

/**
 * Seconds to save INGEST_ROWS responses into a fresh database, with or without rollup upkeep. `days`:
 * how far back their createdAt reaches — live traffic is all recent (1/24: the last hour), a bulk
 * import spreads over months, so fewer rows of a commit share a rollup row.
 */
async function ingestSeconds(withRollups: boolean, days: number): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-ingest-'));
  const store = new SqliteStore({ file: join(dir, 'db.sqlite'), commitMaxRows: INGEST_BATCH });
  if (!withRollups) {
    store.rollups.add = () => {};
    store.rollups.impression = () => {};
    store.rollups.stage = () => {};
  }
  await seedDemoCatalog(store);
  const batches = [...syntheticBatches(INGEST_ROWS, { seed: 2, end: new Date(), days, batch: INGEST_BATCH })];
  const t0 = performance.now();
  for (const b of batches) {
    await store.saveResponses(b.responses);
    if (b.events.length > 0) await store.saveEvents(b.events);
  }
  const seconds = ms(t0) / 1000;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

async function main(): Promise<void> {
  console.log(
    `bench:scores — ${ROWS} responses, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
  );
  console.log(await checkDirectWriter(DIRECT_CHECK_ROWS, { ...GENERATION, seed: 3 }));
  const { file, seconds } = await database();
  console.log(seconds === null ? `reusing ${file}` : `generated ${file} in ${seconds.toFixed(1)} s`);
  const recount = await recountVariables(file);
  if (recount !== null) console.log(`variable rollups recounted from the responses in ${recount.toFixed(1)} s`);
  console.log(checkRollups(file));
  console.log(
    `load average before timing: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')} (1, 5, 15 min)`,
  );
  const rows = await timeEndpoints(file);
  const pg = WITH_PG ? await postgresCopy(file) : null;
  if (pg) console.log(`${pg.check}; copied with touchpoint migrate in ${pg.seconds.toFixed(1)} s`);
  else if (WITH_PG) console.log('PostgreSQL not installed: SQLite only');
  const pgRows = pg ? await timeEndpoints(pg.url, clusterCpuReader(Number(new URL(pg.url).port))) : null;
  const ingest: [string, number, number][] = [];
  for (const [label, days] of WITH_INGEST ? INGEST_SCENARIOS : []) {
    // Alternate the modes and keep each one's best of three, so that disk and JIT noise cancel out.
    const without: number[] = [];
    const withRollups: number[] = [];
    for (let i = 0; i < 3; i++) {
      without.push(await ingestSeconds(false, days));
      withRollups.push(await ingestSeconds(true, days));
    }
    ingest.push([label, Math.min(...without), Math.min(...withRollups)]);
  }
  console.log(
    `load average after the run: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(', ')} (1, 5, 15 min)`,
  );
  console.log('');
  if (pgRows) {
    console.log(
      `| view (app.inject, ${ROWS} responses) | read from | SQLite ms | PostgreSQL ms | SQLite CPU ms | PG: collector CPU ms | PG: server CPU ms | PG: CPU ms in all | target |`,
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
    rows.forEach(([label, t, c, target, source], i) => {
      const [, pt, pc, , , ps] = pgRows[i] ?? [label, Number.NaN, Number.NaN, '', '', null];
      const server = ps === null ? '' : ps.toFixed(1);
      const all = ps === null ? '' : (pc + ps).toFixed(1);
      console.log(
        `| ${label} | ${source} | ${t.toFixed(1)} | ${pt.toFixed(1)} | ${c.toFixed(1)} | ${pc.toFixed(1)} | ${server} | ${all} | ${target} |`,
      );
    });
  } else {
    console.log(`| view (app.inject, ${ROWS} responses) | read from | median ms | median CPU ms | target |`);
    console.log('| --- | --- | ---: | ---: | --- |');
    for (const [label, t, c, target, source] of rows)
      console.log(`| ${label} | ${source} | ${t.toFixed(1)} | ${c.toFixed(1)} | ${target} |`);
  }
  console.log('');
  if (ingest.length === 0) return;
  console.log(
    `| ingest of ${INGEST_ROWS} responses, batches of ${INGEST_BATCH} | without upkeep rows/s | with upkeep rows/s | cost |`,
  );
  console.log('| --- | ---: | ---: | ---: |');
  for (const [label, a, b] of ingest) {
    const cost = (((b - a) / a) * 100).toFixed(1);
    console.log(`| ${label} | ${Math.round(INGEST_ROWS / a)} | ${Math.round(INGEST_ROWS / b)} | ${cost} % |`);
  }
}

await main();
