import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, inject } from 'vitest';

/**
 * A real PostgreSQL for tests: one cluster per test run (initdb into a temp folder, `pg_ctl` on a free
 * port, fsync on), a fresh database per test file. The cluster is started by the first file that asks for
 * one and stopped by the run's global teardown (postgres-global.ts), so runs without a PostgreSQL test
 * pay nothing. Without the global setup (a file run some other way) a file starts and stops its own.
 */

declare module 'vitest' {
  interface ProvidedContext {
    /** the folder of this run's shared cluster (postgres-global.ts) */
    postgresRunDir: string;
  }
}

/** How long a file waits for another file of the run to finish starting the shared cluster. */
const CLUSTER_START_TIMEOUT_MS = 60_000;
/** How often it looks whether the cluster is ready: a check of one file. */
const CLUSTER_POLL_MS = 50;

/** The folder holding initdb and pg_ctl: TOUCHPOINT_PG_BIN, else PATH, else Debian's /usr/lib/postgresql/N/bin. */
export function findPostgresBin(env: NodeJS.ProcessEnv = process.env): string | null {
  if (env.TOUCHPOINT_PG_BIN) return existsSync(join(env.TOUCHPOINT_PG_BIN, 'pg_ctl')) ? env.TOUCHPOINT_PG_BIN : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl'))) return dir;
  }
  const debian = '/usr/lib/postgresql';
  if (!existsSync(debian)) return null;
  const versions = readdirSync(debian)
    .filter((v) => /^\d+$/.test(v) && existsSync(join(debian, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] ? join(debian, versions[0], 'bin') : null;
}

/** PostgreSQL refuses to run as root: then its tools run as the `postgres` user. */
const asRoot = (): boolean => process.getuid?.() === 0;

function run(bin: string, tool: string, args: string[]): void {
  const [cmd, argv] = asRoot()
    ? ['runuser', ['-u', 'postgres', '--', join(bin, tool), ...args]]
    : [join(bin, tool), args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tool} failed (${r.status}): ${r.stderr || r.stdout}`);
}

/** A TCP port nobody listens on now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** A running cluster: its superuser URL (without a database) and how to stop it. */
export interface Cluster {
  /** `postgres://postgres@127.0.0.1:PORT` */
  base: string;
  stop(): void;
}

/** initdb + pg_ctl start in `dir` (created, owned by `postgres` when run as root); `settings` are extra `name=value`. */
export async function startCluster(bin: string, dir: string, settings: readonly string[] = []): Promise<Cluster> {
  mkdirSync(dir, { recursive: true });
  if (asRoot()) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
  const data = join(dir, 'data');
  // --no-sync: only initdb's own files skip the fsync (a test cluster that crashes is thrown away);
  // the server itself runs with fsync=on, so commits in the tests are as durable as in production.
  run(bin, 'initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
  const port = await freePort();
  const extra = settings.map((x) => ` -c ${x}`).join('');
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=on -c synchronous_commit=on${extra}`;
  run(bin, 'pg_ctl', ['-D', data, '-l', join(dir, 'server.log'), '-w', '-t', '60', '-o', options, 'start']);
  return {
    base: `postgres://postgres@127.0.0.1:${port}`,
    stop: () => stopCluster(bin, dir),
  };
}

/** Stops the cluster in `dir` (if it runs) and removes the folder. */
export function stopCluster(bin: string, dir: string): void {
  const data = join(dir, 'data');
  if (existsSync(join(data, 'postmaster.pid'))) run(bin, 'pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
  rmSync(dir, { recursive: true, force: true });
}

/** The run's shared cluster: started by the first file that asks, its URL written for the others. */
async function sharedCluster(bin: string, runDir: string): Promise<string> {
  const ready = join(runDir, 'url');
  const failed = join(runDir, 'failed');
  let starter = false;
  try {
    mkdirSync(join(runDir, 'cluster'));
    starter = true;
  } catch {
    // another file of this run is starting it
  }
  if (starter) {
    try {
      const cluster = await startCluster(bin, join(runDir, 'cluster'));
      writeFileSync(ready, cluster.base);
    } catch (err) {
      writeFileSync(failed, String(err));
      throw err;
    }
  }
  const deadline = Date.now() + CLUSTER_START_TIMEOUT_MS;
  while (!existsSync(ready)) {
    if (existsSync(failed)) throw new Error(`PostgreSQL did not start: ${readFileSync(failed, 'utf8')}`);
    if (Date.now() > deadline) throw new Error('PostgreSQL did not start in time');
    await new Promise((resolve) => setTimeout(resolve, CLUSTER_POLL_MS));
  }
  return readFileSync(ready, 'utf8');
}

/** A database of its own for one test file, on the run's cluster. */
export interface TestDatabase {
  /** connection URL of the file's database */
  url: string;
  /** the cluster's URL without a database (for a second database) */
  base: string;
}

const missing = 'PostgreSQL binaries not found (install Debian\'s "postgresql" or set TOUCHPOINT_PG_BIN)';

/**
 * `describe` for tests on a real PostgreSQL: `body` receives a getter of the file's database, created in
 * beforeAll. Without PostgreSQL binaries the block is skipped with a clear message, except when CI=true,
 * where it fails: CI must run these tests.
 */
export function describePostgres(name: string, body: (db: () => TestDatabase) => void): void {
  const bin = findPostgresBin();
  if (!bin && process.env.CI !== 'true') {
    describe.skip(`${name} (skipped: ${missing})`, () => body(() => ({ url: '', base: '' })));
    return;
  }
  describe(name, () => {
    let db: TestDatabase | null = null;
    let own: Cluster | null = null;
    beforeAll(async () => {
      if (!bin) throw new Error(`${missing}; CI=true, so the PostgreSQL tests must run`);
      let base: string;
      const runDir = inject('postgresRunDir') as string | undefined;
      if (runDir) base = await sharedCluster(bin, runDir);
      else {
        own = await startCluster(bin, mkdtempSync(join(tmpdir(), 'touchpoint-pg-')));
        base = own.base;
      }
      db = { url: await createDatabase(base), base };
      // initdb and the server's start take their time on a loaded machine: the file that starts the shared
      // cluster may take longer than the project's 30 s hook limit, and the others wait up to a minute for it.
    }, CLUSTER_START_TIMEOUT_MS * 2);
    afterAll(() => own?.stop());
    body(() => {
      if (!db) throw new Error('the PostgreSQL test database is not ready');
      return db;
    });
  });
}

/** Creates a fresh, empty database on the cluster and returns its URL. */
export async function createDatabase(base: string): Promise<string> {
  const name = `t_${process.pid}_${Math.random().toString(36).slice(2, 10)}`;
  const admin = new pg.Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  return `${base}/${name}`;
}

/**
 * Empties every table of the file's database (the schema stays), so each test starts from a fresh store. The
 * migrations' bookkeeping stays too: which ran, and the week rollups' horizon (migration 032: the triggers
 * hold it as a literal).
 */
export async function truncateAll(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ name: string }>(
      `SELECT quote_ident(tablename) AS name FROM pg_tables
      WHERE schemaname = 'public' AND tablename NOT IN ('schema_migrations', 'week_rollup_horizon')`,
    );
    if (rows.length > 0) await client.query(`TRUNCATE ${rows.map((r) => r.name).join(', ')} RESTART IDENTITY CASCADE`);
  } finally {
    await client.end();
  }
}
