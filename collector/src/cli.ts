#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from './config.js';
import { backfillInsights } from './insights/backfill.js';
import { seedDemoCatalog, seedDemoResponses } from './seed/demo-data.js';
import { seedDemoInsights } from './seed/demo-insights.js';
import { serve } from './server.js';
import { SqliteStore } from './store/sqlite/sqlite-store.js';

/** The admin key `touchpoint demo` uses when TOUCHPOINT_ADMIN_KEY is not set. Demo only. */
const DEMO_ADMIN_KEY = 'tp_demo_7Qm2vXk9RpL4wZt8Nc3B';
/** Responses `seed` and `demo` create unless told otherwise. */
const DEFAULT_SEED_RESPONSES = 6000;

const USAGE = `Usage: touchpoint <command> [options]

Commands:
  serve   start the collector
  seed    create the demo site, touchpoints and surveys, and synthetic responses
  demo    seed (if the database is empty) and serve, printing the URLs and the admin key
  doctor  check the database: PRAGMA quick_check and a test write; exits 1 on a problem
  insights backfill --site <key>
          analyse all of a site's free-text answers again (themes, sentiment, staff mentions)

Options (each also read from the environment variable in brackets):
  --port <n>         port to listen on [PORT, default 8787]
  --host <addr>      address to bind [HOST, default 127.0.0.1]
  --db <file>        SQLite database file [TOUCHPOINT_DB, default ./data/touchpoint.db]
  --admin-key <key>  bootstrap admin key, stored hashed [TOUCHPOINT_ADMIN_KEY]
  --responses <n>    responses to seed (seed, demo) [default ${DEFAULT_SEED_RESPONSES}]
  --site <key>       site (insights backfill)
  -h, --help         show this help
`;

function configFrom(values: Record<string, string | boolean | undefined>, extra: Record<string, string> = {}): Config {
  const env: Record<string, string | undefined> = { ...extra, ...process.env };
  if (typeof values.port === 'string') env.PORT = values.port;
  if (typeof values.host === 'string') env.HOST = values.host;
  if (typeof values.db === 'string') env.TOUCHPOINT_DB = values.db;
  if (typeof values['admin-key'] === 'string') env.TOUCHPOINT_ADMIN_KEY = values['admin-key'];
  return loadConfig(env);
}

async function seed(config: Config, responses: number): Promise<number> {
  const store = new SqliteStore({ file: config.TOUCHPOINT_DB, commitWindowMs: 0, writer: 'inline' });
  // A seed cut short leaves a demo database to delete anyway: no fsync per commit while seeding (5x faster).
  store.db.pragma('synchronous = OFF');
  try {
    await seedDemoCatalog(store);
    const n = await seedDemoResponses(store, responses);
    seedDemoInsights(store);
    return n;
  } finally {
    await store.close();
  }
}

/** `touchpoint doctor`: the file's pages and indexes (quick_check) and a committed test write. */
async function doctor(config: Config): Promise<boolean> {
  const store = new SqliteStore({ file: config.TOUCHPOINT_DB, commitWindowMs: 0, writer: 'inline' });
  try {
    const problems = await store.checkIntegrity();
    const write = await store.probeWrite().then(
      () => null,
      (err: unknown) => (err instanceof Error ? err.message : String(err)),
    );
    process.stdout.write(`${config.TOUCHPOINT_DB}\n`);
    process.stdout.write(`  quick_check  ${problems.length === 0 ? 'ok' : `${problems.length} problem(s)`}\n`);
    for (const p of problems) process.stdout.write(`    ${p}\n`);
    process.stdout.write(`  write        ${write === null ? 'ok' : `FAILED: ${write}`}\n`);
    return problems.length === 0 && write === null;
  } finally {
    await store.close();
  }
}

async function main(argv: string[]): Promise<void> {
  // A .env in the working folder fills in what the real environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      db: { type: 'string' },
      'admin-key': { type: 'string' },
      responses: { type: 'string' },
      site: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0];
  const responses = Number(values.responses ?? DEFAULT_SEED_RESPONSES);
  if (values.help || !command) {
    process.stdout.write(USAGE);
    return;
  }
  if (!Number.isInteger(responses) || responses < 0) throw new Error('--responses must be a whole number');

  if (command === 'serve') {
    await serve(configFrom(values));
  } else if (command === 'seed') {
    const config = configFrom(values);
    const n = await seed(config, responses);
    process.stdout.write(`Seeded site "demo" with ${n} responses in ${config.TOUCHPOINT_DB}\n`);
  } else if (command === 'doctor') {
    if (!(await doctor(configFrom(values)))) process.exitCode = 1;
  } else if (command === 'insights' && positionals[1] === 'backfill' && typeof values.site === 'string') {
    const config = configFrom(values);
    const n = await backfillInsights(config.TOUCHPOINT_DB, values.site);
    process.stdout.write(`Analysed ${n} responses of site "${values.site}"\n`);
  } else if (command === 'demo') {
    const config = configFrom(values, { TOUCHPOINT_ADMIN_KEY: DEMO_ADMIN_KEY, LOG_LEVEL: 'warn' });
    const probe = new SqliteStore({ file: config.TOUCHPOINT_DB, writer: 'inline' });
    const empty = (await probe.countResponses('demo').catch(() => 0)) === 0;
    await probe.close();
    if (empty) {
      process.stdout.write(`Seeding ${responses} demo responses into ${config.TOUCHPOINT_DB} …\n`);
      await seed(config, responses);
    }
    const app = await serve(config);
    const base = `http://${config.HOST === '0.0.0.0' ? 'localhost' : config.HOST}:${config.PORT}`;
    process.stdout.write(
      [
        '',
        'Touchpoint is running.',
        `  Collector   ${base}`,
        `  API docs    ${base}/docs`,
        `  Widget      ${base}/widget.js`,
        `  Site config ${base}/v1/sites/demo/config`,
        `  Admin key   ${config.TOUCHPOINT_ADMIN_KEY ?? '(none)'}   (demo only: set TOUCHPOINT_ADMIN_KEY for real use)`,
        '',
        'Press Ctrl+C to stop.',
        '',
      ].join('\n'),
    );
    void app;
  } else {
    process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
    process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
