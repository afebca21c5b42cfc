import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writerMode } from '../../collector/src/plugins/store.js';
import { startChildCollector } from '../../collector/test/helpers/child-collector.js';
import { analysesOn, catchUp, showLag, type Lag } from './catch-up.js';
import { measureCpu, type CpuSplit } from './cpu.js';
import { capCpus, COLLECTOR_CPUS } from './cpu-cap.js';
import { floorDatabase, runPostgres } from './postgres.js';
import { drive, GENERATOR, Sqlite, type Ids, type LoadResult, type Shape, type Target } from './load.js';
import { BENCH_SITE_REQUESTS } from './bench-site.js';

/**
 * `pnpm bench:ingest`: durable ingest of the built collector against bare node:http, on loopback,
 * with wrk in its own process (autocannon where wrk is missing). See bench/README.md.
 */

/** Seconds each case is measured (BENCH_SECONDS). */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Seconds of unmeasured load before each case, so both servers run JIT-compiled code (BENCH_WARMUP_SECONDS). */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 1);
/** Concurrent connections (BENCH_CONNECTIONS). */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 100);
/** where to write a CPU profile of each collector run (unset: no profiling) */
const PROFILE_DIR = process.env.BENCH_PROFILE_DIR;
/**
 * BENCH_COLLECTOR_ENV="NAME=value NAME=value": extra environment of every collector (after the case's own), to
 * measure a setting, e.g. TOUCHPOINT_INSIGHTS_WORKER=off for what the insight analyses cost.
 */
const EXTRA_ENV: Record<string, string> = Object.fromEntries(
  (process.env.BENCH_COLLECTOR_ENV ?? '')
    .split(/\s+/)
    .filter((kv) => kv.includes('='))
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);
/**
 * BENCH_WEBHOOK=1: the SQLite collectors' site has a webhook on `response.created`, answered by a receiver in this
 * process, so every response also queues a delivery that the delivery worker claims and marks while the load runs.
 */
const WEBHOOK = process.env.BENCH_WEBHOOK === '1';
/** Bootstrap admin key of the bench collectors (they listen on 127.0.0.1 only and live for one case). */
const ADMIN_KEY = 'tp_bench_8Rk3Vq9Lm2Xw7Pz4Tn6C';
/** Issue #12's target, measured with a generator that does not cap the servers: ≥ 0.4 × bare node:http… */
const TARGET_RATIO = 0.4;
/** …with a p99 latency of at most this many ms (keep-alive, 100 connections). */
const TARGET_P99_MS = 20;
/** Issue #12's target for one collector on PostgreSQL: ≥ 0.25 × bare node:http. */
const PG_TARGET_RATIO = 0.25;

/** Collectors of the several-collectors case on PostgreSQL (BENCH_PG_COLLECTORS; they share BENCH_CONNECTIONS). */
const PG_COLLECTORS = Number(process.env.BENCH_PG_COLLECTORS ?? 2);

/** BENCH_CASES=first-two (or a comma list of case numbers, 1-based) measures only those cases. */
const ONLY = process.env.BENCH_CASES;

/** Whether a case is measured in this run (BENCH_CASES). */
function selected(_c: Case, i: number): boolean {
  if (!ONLY) return true;
  return ONLY.split(',')
    .map(Number)
    .includes(i + 1);
}

const target: Target = { site: 'bench', survey: 'nps', origin: 'https://shop.example' };

/** One measured configuration. */
interface Case {
  shape: Shape;
  label: string;
  /** null: the bare server (or the reference server `floor`); else the collector with these extra environment variables */
  collector: Record<string, string> | null;
  /**
   * A reference server instead of bare node:http (bench/ingest/floor-server.ts): Fastify parsing the beacon and
   * answering, and that plus a durable one-table SQLite or PostgreSQL insert. What the stack costs before the
   * collector's work.
   */
  floor?: 'fastify' | 'fastify-sqlite' | 'fastify-postgres';
  /** response ids: v7 (the widget's, default) or random v4 */
  ids?: Ids;
  /** the collector's store: SQLite (default), or PostgreSQL with this many collectors sharing it */
  postgres?: number;
}

/** The writer the collector picks by default on this machine (TOUCHPOINT_WRITER=auto), and the other one. */
const DEFAULT_WRITER = writerMode('auto', availableParallelism());
const OTHER_WRITER = DEFAULT_WRITER === 'inline' ? 'thread' : 'inline';

const CASES: Case[] = [
  { shape: 'keep-alive', label: 'bare node:http', collector: null },
  { shape: 'keep-alive', label: `collector (default: ${DEFAULT_WRITER} writer)`, collector: {} },
  { shape: 'new-connection', label: 'bare node:http', collector: null },
  { shape: 'new-connection', label: `collector (default: ${DEFAULT_WRITER} writer)`, collector: {} },
  {
    shape: 'new-connection',
    label: `collector, ${OTHER_WRITER} writer`,
    collector: { TOUCHPOINT_WRITER: OTHER_WRITER },
  },
  { shape: 'keep-alive', label: 'collector, random v4 ids', collector: {}, ids: 'v4' },
  { shape: 'keep-alive', label: `collector, ${OTHER_WRITER} writer`, collector: { TOUCHPOINT_WRITER: OTHER_WRITER } },
  {
    shape: 'keep-alive',
    label: 'collector, writer thread, window 0',
    collector: { TOUCHPOINT_WRITER: 'thread', TOUCHPOINT_COMMIT_WINDOW_MS: '0' },
  },
  {
    shape: 'keep-alive',
    label: 'collector, inline, commit per request',
    collector: { TOUCHPOINT_WRITER: 'inline', TOUCHPOINT_COMMIT_MAX_ROWS: '1' },
  },
  { shape: 'keep-alive', label: 'collector on PostgreSQL', collector: {}, postgres: 1 },
  {
    shape: 'keep-alive',
    label: `${PG_COLLECTORS} collectors on one PostgreSQL`,
    collector: {},
    postgres: PG_COLLECTORS,
  },
  // What analysing the comments costs ingest: the default analyses on a thread, these on the event loop or not at all.
  {
    shape: 'keep-alive',
    label: 'collector, insights inline',
    collector: { TOUCHPOINT_INSIGHTS_WORKER: 'inline' },
  },
  { shape: 'keep-alive', label: 'collector, insights off', collector: { TOUCHPOINT_INSIGHTS_WORKER: 'off' } },
  // The stack's own floor: what Fastify alone, and Fastify with a bare durable insert, leave of bare node:http.
  { shape: 'keep-alive', label: 'floor: Fastify, parse and answer', collector: null, floor: 'fastify' },
  { shape: 'keep-alive', label: 'floor: + durable SQLite insert', collector: null, floor: 'fastify-sqlite' },
  { shape: 'keep-alive', label: 'floor: + durable PostgreSQL insert', collector: null, floor: 'fastify-postgres' },
];

interface Outcome {
  c: Case;
  r: LoadResult;
  /** CPU per answered request during the measured run */
  cpu: CpuSplit;
  /** collector cases: rows in the database vs 2xx answers (warm-up included) */
  durability?: { acked: number; rows: number; analysed?: number; lag?: Lag };
}

/**
 * Starts bench/ingest/bare-server.ts (or floor-server.ts, for a reference case) in its own process, as the collector
 * runs in its own.
 */
async function startBare(
  c: Case,
  dir: string,
  pgUrl?: string,
): Promise<{ url: string; pid: number; stop: () => void }> {
  const file = fileURLToPath(new URL(c.floor ? './floor-server.ts' : './bare-server.ts', import.meta.url));
  // process.execArgv carries tsx's loader, so the child runs the .ts file as this process does.
  const child = spawn(process.execPath, [...process.execArgv, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      ...(c.floor ? { FLOOR_MODE: c.floor, FLOOR_DB: join(dir, 'floor.db') } : {}),
      ...(pgUrl ? { FLOOR_PG: pgUrl } : {}),
    },
  });
  const line = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', resolve);
  });
  const { port } = JSON.parse(line) as { port: number };
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? 0, stop: () => child.kill('SIGTERM') };
}

async function adminPost(url: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${url}/v1/admin${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${await res.text()}`);
}

/** A webhook receiver on loopback that answers 204 and counts the calls. */
async function startReceiver(): Promise<{ url: string; calls: () => number; server: Server }> {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      calls++;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/hook`, calls: () => calls, server };
}

async function seed(url: string): Promise<void> {
  for (const [path, body] of BENCH_SITE_REQUESTS(target.site, target.survey, target.origin))
    await adminPost(url, path, body);
}

/** One measured load run against a server process, with the CPU it cost. */
function measured(pid: number, url: string, c: Case): Promise<{ result: LoadResult; cpu: CpuSplit }> {
  return measureCpu(
    pid,
    () => drive(url, target, c.shape, SECONDS, CONNECTIONS, c.ids),
    (r) => r['2xx'] + r.non2xx,
  );
}

async function runBare(c: Case): Promise<Outcome | null> {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-'));
  const pg = c.floor === 'fastify-postgres' ? await floorDatabase() : undefined;
  if (pg === null) return null;
  const bare = await startBare(c, dir, pg?.url);
  try {
    if (WARMUP_SECONDS > 0) await drive(bare.url, target, c.shape, WARMUP_SECONDS, CONNECTIONS, c.ids);
    const db0 = pg?.cpu?.() ?? null;
    const { result: r, cpu } = await measured(bare.pid, bare.url, c);
    const db1 = pg?.cpu?.() ?? null;
    if (!pg) return { c, r, cpu };
    const answered = Math.max(1, r['2xx'] + r.non2xx);
    return { c, r, cpu: { ...cpu, dbUs: db0 !== null && db1 !== null ? ((db1 - db0) * 1e6) / answered : null } };
  } finally {
    bare.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Counts stored and analysed responses in a collector's SQLite file (a read-only connection, beside the writer). */
async function catchUpSqlite(db: string): Promise<Lag> {
  const sqlite = new Sqlite(db, { readonly: true });
  try {
    const rows = sqlite.prepare('SELECT count(*) FROM responses').pluck();
    const analysed = sqlite.prepare('SELECT count(*) FROM response_insights').pluck();
    return await catchUp(() => Promise.resolve({ rows: rows.get() as number, analysed: analysed.get() as number }));
  } finally {
    sqlite.close();
  }
}

async function runCollector(c: Case, env: Record<string, string>): Promise<Outcome> {
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-'));
  const db = join(dir, 'bench.db');
  try {
    const receiver = WEBHOOK ? await startReceiver() : null;
    const collector = await startChildCollector({
      db,
      env: {
        TOUCHPOINT_ADMIN_KEY: ADMIN_KEY,
        TOUCHPOINT_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        ...(receiver ? { TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: 'true' } : {}),
        ...env,
        ...EXTRA_ENV,
      },
      // BENCH_PROFILE_DIR=/some/dir writes a V8 CPU profile of each collector (open it in Chrome DevTools).
      ...(PROFILE_DIR ? { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] } : {}),
    });
    const uncap = COLLECTOR_CPUS === null ? null : capCpus(collector.pid, COLLECTOR_CPUS);
    let acked = 0;
    let lag: Lag | undefined;
    let r: LoadResult;
    let cpu: CpuSplit;
    try {
      await seed(collector.url);
      if (receiver)
        await adminPost(collector.url, `/sites/${target.site}/webhooks`, {
          url: receiver.url,
          events: ['response.created'],
        });
      if (WARMUP_SECONDS > 0)
        acked += (await drive(collector.url, target, c.shape, WARMUP_SECONDS, CONNECTIONS, c.ids))['2xx'];
      ({ result: r, cpu } = await measured(collector.pid, collector.url, c));
      acked += r['2xx'];
      if (analysesOn({ ...env, ...EXTRA_ENV })) lag = await catchUpSqlite(db);
    } finally {
      // SIGTERM drains: requests still in flight when the load generator stopped may be committed too.
      const exit = await collector.stop();
      uncap?.();
      if (exit.code !== 0)
        process.stderr.write(`collector exited with ${JSON.stringify(exit)}:\n${collector.output()}\n`);
      else if (process.env.BENCH_SHOW_LOG === '1')
        process.stderr.write(`collector log (tail):\n${collector.output()}\n`);
    }
    const sqlite = new Sqlite(db, { readonly: true });
    const rows = sqlite.prepare('SELECT count(*) FROM responses').pluck().get() as number;
    const analysed = sqlite.prepare('SELECT count(*) FROM response_insights').pluck().get() as number;
    if (receiver) {
      const delivered = sqlite.prepare("SELECT count(*) FROM outbox WHERE status = 'delivered'").pluck().get();
      const queued = sqlite.prepare("SELECT count(*) FROM outbox WHERE kind = 'webhook'").pluck().get();
      process.stdout.write(
        `  webhooks (BENCH_WEBHOOK=1): ${String(queued)} queued, ${String(delivered)} marked delivered, ` +
          `${receiver.calls()} received by the end of the run\n`,
      );
      receiver.server.close();
    }
    sqlite.close();
    return { c, r, cpu, durability: { acked, rows, analysed, ...(lag ? { lag } : {}) } };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const pad = (v: string | number, n: number) => String(v).padStart(n);
/** Latency in ms: one decimal (wrk measures µs; autocannon whole ms). */
const ms = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(1));

function table(outcomes: Outcome[]): string {
  const bare = new Map(
    outcomes.filter((o) => o.c.collector === null && !o.c.floor).map((o) => [o.c.shape, o.r.requests.average]),
  );
  const lines = [
    `${'shape'.padEnd(15)}${'server'.padEnd(40)}${pad('req/s', 9)}${pad('p50 ms', 8)}${pad('p99 ms', 8)}` +
      `${pad('non-2xx', 9)}${pad('errors', 8)}${pad('× bare', 8)}` +
      `${pad('main µs', 9)}${pad('other µs', 10)}${pad('db µs', 8)}${pad('load µs', 9)}${pad('busy', 6)}`,
  ];
  const us = (v: number | null) => (v === null ? '' : v.toFixed(1));
  for (const { c, r, cpu } of outcomes) {
    const base = bare.get(c.shape);
    const ratio = (c.collector || c.floor) && base ? (r.requests.average / base).toFixed(2) : '';
    lines.push(
      `${c.shape.padEnd(15)}${c.label.padEnd(40)}${pad(Math.round(r.requests.average), 9)}${pad(ms(r.latency.p50), 8)}` +
        `${pad(ms(r.latency.p99), 8)}${pad(r.non2xx, 9)}${pad(r.errors + r.timeouts, 8)}${pad(ratio, 8)}` +
        `${pad(us(cpu.mainUs), 9)}${pad(us(cpu.othersUs), 10)}${pad(us(cpu.dbUs ?? null), 8)}${pad(us(cpu.loadUs), 9)}` +
        `${pad(cpu.machineBusy === null ? '' : `${Math.round(cpu.machineBusy * 100)}%`, 6)}`,
    );
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(
    `bench:ingest — POST /v1/responses, text/plain single response with a fresh UUIDv7 (as the widget makes) per request, ` +
      `variables: ${process.env.BENCH_VARS === 'rich' ? 'cart, region, segment, category, member (BENCH_VARS=rich)' : 'cart'}\n` +
      `${CONNECTIONS} connections, ${SECONDS} s per case (+${WARMUP_SECONDS} s warm-up), 127.0.0.1, ` +
      `node ${process.version}, ${availableParallelism()}× ${cpu}, CPUs not pinned (generator and server share them)\n` +
      `load generator: ${GENERATOR === 'wrk' ? 'wrk in its own process' : 'autocannon in the bench process (wrk not found)'}\n` +
      `collector: built dist, SQLite WAL + synchronous=FULL (PostgreSQL cases: PostgreSQL 15, fsync=on, synchronous_commit=on), ` +
      `reply after COMMIT, 1 ms commit window, LOG_LEVEL=warn, rate limit off` +
      `${COLLECTOR_CPUS === null ? '' : `, each collector capped at ${COLLECTOR_CPUS} CPUs (BENCH_COLLECTOR_CPUS)`}\n\n`,
  );
  const outcomes: Outcome[] = [];
  for (const c of CASES.filter(selected)) {
    process.stderr.write(`… ${c.shape}: ${c.label}\n`);
    if (c.postgres) {
      const env = {
        TOUCHPOINT_ADMIN_KEY: ADMIN_KEY,
        TOUCHPOINT_RATE_LIMIT: '0',
        LOG_LEVEL: 'warn',
        ...c.collector,
        ...EXTRA_ENV,
      };
      const load = { target, shape: c.shape, seconds: SECONDS, warmup: WARMUP_SECONDS, connections: CONNECTIONS };
      const run = await runPostgres(c.postgres, env, seed, { ...load, ...(c.ids ? { ids: c.ids } : {}) });
      if (run === null) process.stderr.write(`  skipped: PostgreSQL is not installed (TOUCHPOINT_PG_BIN)\n`);
      else outcomes.push({ c, ...run });
      continue;
    }
    const outcome = c.collector === null ? await runBare(c) : await runCollector(c, c.collector);
    if (outcome === null) process.stderr.write(`  skipped: PostgreSQL is not installed (TOUCHPOINT_PG_BIN)\n`);
    else outcomes.push(outcome);
  }
  process.stdout.write(`${table(outcomes)}\n\n`);

  let lost = false;
  process.stdout.write(
    'durability (rows in the database after a graceful stop vs 2xx answers, warm-up included; analysed: ' +
      'responses the insight worker had recorded by then; behind: not yet analysed when the load stopped, and how ' +
      'long the analyses took to catch up after it):\n',
  );
  for (const { c, durability } of outcomes) {
    if (!durability) continue;
    // Requests in flight when a load run stops get no counted answer but may be committed: at most one per
    // connection and run (warm-up and measured).
    const cutOff = CONNECTIONS * (WARMUP_SECONDS > 0 ? 2 : 1);
    const ok = durability.rows >= durability.acked && durability.rows <= durability.acked + cutOff;
    lost ||= !ok;
    process.stdout.write(
      `  ${c.shape.padEnd(15)}${c.label.padEnd(40)}2xx ${pad(durability.acked, 8)}  rows ${pad(durability.rows, 8)}  ` +
        `${ok ? 'ok' : 'MISMATCH'}${durability.analysed === undefined ? '' : `  analysed ${pad(durability.analysed, 8)}`}` +
        `${durability.lag ? `  ${showLag(durability.lag)}` : ''}\n`,
    );
  }

  const bareKa = outcomes.find((o) => o.c.shape === 'keep-alive' && o.c.collector === null && !o.c.floor);
  const durable = outcomes.find((o) => o.c.shape === 'keep-alive' && o.c.collector !== null && !o.c.postgres);
  const onPg = outcomes.find((o) => o.c.postgres === 1);
  if (bareKa && onPg) {
    const ratio = onPg.r.requests.average / bareKa.r.requests.average;
    process.stdout.write(
      `\ntarget (PostgreSQL, one collector, keep-alive): ≥ ${PG_TARGET_RATIO} × bare — ${ratio.toFixed(2)} × bare, ` +
        `p99 ${ms(onPg.r.latency.p99)} ms: ${ratio >= PG_TARGET_RATIO ? 'met' : 'NOT met'}`,
    );
  }
  if (bareKa && durable) {
    const ratio = durable.r.requests.average / bareKa.r.requests.average;
    const met = ratio >= TARGET_RATIO && durable.r.latency.p99 <= TARGET_P99_MS;
    process.stdout.write(
      `\ntarget (keep-alive): ≥ ${TARGET_RATIO} × bare and p99 ≤ ${TARGET_P99_MS} ms — ` +
        `${ratio.toFixed(2)} × bare, p99 ${ms(durable.r.latency.p99)} ms: ${met ? 'met' : 'NOT met'}\n`,
    );
  }
  if (lost) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
