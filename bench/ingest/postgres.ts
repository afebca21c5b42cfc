import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { startChildCollector, type ChildCollector } from '../../collector/test/helpers/child-collector.js';
import { createDatabase, findPostgresBin, startCluster, type Cluster } from '../../collector/test/helpers/postgres.js';
import { clusterCpuReader } from '../scores/pg-cpu.js';
import { analysesOn, catchUp, type Lag } from './catch-up.js';
import { measureCpu, type CpuSplit } from './cpu.js';
import { capCpus, COLLECTOR_CPUS } from './cpu-cap.js';
import { drive, type Ids, type LoadResult, type Shape, type Target } from './load.js';

/**
 * bench:ingest's PostgreSQL cases: one or two built collectors on one PostgreSQL 15 (Debian's, started in a
 * temporary folder with fsync=on, as the tests do), each collector driven by its own wrk process with its
 * share of the connections.
 */

const require = createRequire(new URL('../../collector/package.json', import.meta.url));
/** The part of node-postgres the bench uses, borrowed from the collector's dependencies. */
interface PgClient {
  connect(): Promise<void>;
  query<T>(sql: string): Promise<{ rows: T[] }>;
  end(): Promise<void>;
}
const pg = require('pg') as { Client: new (opts: { connectionString: string }) => PgClient };

let cluster: Cluster | null = null;

/**
 * BENCH_PG_STATEMENTS=1: the cluster loads pg_stat_statements (nested statements too, so a trigger's statements
 * show; their time is also in the statement that fired them) and each case prints its statements by total time.
 */
const STATEMENTS = process.env.BENCH_PG_STATEMENTS === '1';
/** BENCH_PROFILE_DIR=/some/dir: a V8 CPU profile of each collector, as for the SQLite cases. */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;

/** The bench run's PostgreSQL cluster, started on first use; null where PostgreSQL is not installed. */
export async function benchCluster(): Promise<Cluster | null> {
  if (cluster) return cluster;
  const bin = findPostgresBin();
  if (bin === null) return null;
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-pg-'));
  // The cluster runs as the `postgres` user when the bench runs as root: it must be able to enter the folder.
  chmodSync(dir, 0o755);
  cluster = await startCluster(
    bin,
    join(dir, 'cluster'),
    STATEMENTS
      ? [
          'shared_preload_libraries=pg_stat_statements',
          'pg_stat_statements.track=all',
          'pg_stat_statements.track_planning=on',
        ]
      : [],
  );
  process.once('exit', () => cluster?.stop());
  return cluster;
}

/**
 * A fresh database on the bench cluster for the PostgreSQL floor (floor-server.ts), with a reader of the
 * cluster's CPU; null where PostgreSQL is not installed.
 */
export async function floorDatabase(): Promise<{ url: string; cpu: (() => number) | null } | null> {
  const c = await benchCluster();
  if (c === null) return null;
  return { url: await createDatabase(c.base), cpu: clusterCpuReader(Number(new URL(c.base).port)) };
}

/** What one PostgreSQL case measured. */
export interface PostgresRun {
  r: LoadResult;
  /** with `dbUs`: the PostgreSQL server's CPU per answered request (postmaster and its children) */
  cpu: CpuSplit;
  durability: { acked: number; rows: number; analysed?: number; lag?: Lag };
}

/** The rows of `table`. */
async function countRows(client: PgClient, table: string): Promise<number> {
  return Number((await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`)).rows[0]?.n ?? 0);
}

/** Several load runs at once (one per collector) summed into one result: throughput adds, latency is the worst. */
function combine(results: LoadResult[]): LoadResult {
  const sum = (f: (r: LoadResult) => number) => results.reduce((a, r) => a + f(r), 0);
  const max = (f: (r: LoadResult) => number) => Math.max(...results.map(f));
  return {
    requests: { average: sum((r) => r.requests.average), total: sum((r) => r.requests.total) },
    latency: { p50: max((r) => r.latency.p50), p99: max((r) => r.latency.p99), mean: max((r) => r.latency.mean) },
    '2xx': sum((r) => r['2xx']),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
    duration: max((r) => r.duration),
    generatorCpuSeconds: sum((r) => r.generatorCpuSeconds ?? 0),
  };
}

/** Runs `collectors` collectors on a fresh database and measures them together. */
export async function runPostgres(
  collectors: number,
  env: Record<string, string>,
  seed: (url: string) => Promise<void>,
  load: { target: Target; shape: Shape; seconds: number; warmup: number; connections: number; ids?: Ids },
): Promise<PostgresRun | null> {
  const c = await benchCluster();
  if (c === null) return null;
  const url = await createDatabase(c.base);
  const dbCpu = clusterCpuReader(Number(new URL(c.base).port));
  const stats = STATEMENTS ? new pg.Client({ connectionString: url }) : null;
  if (stats) {
    await stats.connect();
    await stats.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  }
  const started: ChildCollector[] = [];
  const uncaps: (() => void)[] = [];
  let acked = 0;
  let lag: Lag | undefined;
  let r: LoadResult;
  let cpu: CpuSplit;
  try {
    for (let i = 0; i < collectors; i++) {
      const collector = await startChildCollector({
        db: url,
        env,
        ...(PROFILE_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
      });
      started.push(collector);
      if (COLLECTOR_CPUS !== null) uncaps.push(capCpus(collector.pid, COLLECTOR_CPUS));
    }
    await seed(started[0]!.url);
    const per = Math.max(1, Math.round(load.connections / collectors));
    const all = (seconds: number) =>
      Promise.all(started.map((s) => drive(s.url, load.target, load.shape, seconds, per, load.ids))).then(combine);
    if (load.warmup > 0) acked += (await all(load.warmup))['2xx'];
    await stats?.query('SELECT pg_stat_statements_reset()');
    const db0 = dbCpu?.() ?? null;
    ({ result: r, cpu } = await measureCpu(
      started.map((s) => s.pid),
      () => all(load.seconds),
      (x) => x['2xx'] + x.non2xx,
    ));
    const db1 = dbCpu?.() ?? null;
    const answered = Math.max(1, r['2xx'] + r.non2xx);
    cpu = { ...cpu, dbUs: db0 !== null && db1 !== null ? ((db1 - db0) * 1e6) / answered : null };
    acked += r['2xx'];
    if (stats) process.stderr.write(await statements(stats, answered));
    if (analysesOn(env)) {
      const counter = new pg.Client({ connectionString: url });
      await counter.connect();
      try {
        lag = await catchUp(async () => ({
          rows: await countRows(counter, 'responses'),
          analysed: await countRows(counter, 'response_insights'),
        }));
      } finally {
        await counter.end();
      }
    }
  } finally {
    for (const s of started) await s.stop();
    for (const uncap of uncaps) uncap();
    await stats?.end();
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const rows = await countRows(client, 'responses');
  const analysed = await countRows(client, 'response_insights');
  await client.end();
  return { r, cpu, durability: { acked, rows, analysed, ...(lag ? { lag } : {}) } };
}

/** The measured run's statements by total execution time (wall clock inside PostgreSQL), per answered request. */
async function statements(client: PgClient, answered: number): Promise<string> {
  const { rows } = await client.query<{ calls: string; total: number; plan: number; query: string }>(
    `SELECT calls, total_exec_time AS total, total_plan_time AS plan, query FROM pg_stat_statements
      WHERE query NOT LIKE '%pg_stat_statements%' ORDER BY total_exec_time DESC LIMIT 15`,
  );
  const { rows: sums } = await client.query<{ exec: number; plan: number }>(
    `SELECT sum(total_exec_time) AS exec, sum(total_plan_time) AS plan FROM pg_stat_statements
      WHERE query NOT LIKE '%pg_stat_statements%' AND toplevel`,
  );
  const perRequest = (ms: number | null | undefined) => (((ms ?? 0) * 1000) / answered).toFixed(1);
  const lines = rows.map((x) => {
    const text = x.query.replace(/\s+/g, ' ');
    // A trigger's statements share their opening (WITH parts AS …): name the table each one writes.
    const target = text.startsWith('WITH') ? /INSERT INTO (\w+)/.exec(text)?.[1] : undefined;
    return (
      `  ${((x.total * 1000) / answered).toFixed(1).padStart(7)} µs/req (+${perRequest(x.plan).padStart(5)} planning) ` +
      `${String(x.calls).padStart(8)} calls  ` +
      (target ? `[→ ${target}] ` : '') +
      text.slice(0, 110)
    );
  });
  const total = sums[0];
  return (
    `  PostgreSQL statements (pg_stat_statements, nested included), by total time; top-level statements in all: ` +
    `${perRequest(total?.exec)} µs/req executing, ${perRequest(total?.plan)} µs/req planning:\n${lines.join('\n')}\n`
  );
}
