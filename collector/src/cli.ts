#!/usr/bin/env node
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { backupDatabase, restoreDatabase } from './cli/backup.js';
import { runImport } from './cli/import.js';
import { loadConfig, type Config } from './config.js';
import { receiptTokenFromArgs } from './receipts/cli-token.js';
import { backfillInsights } from './insights/backfill.js';
import { seedDemoCatalog, seedDemoResponses } from './seed/demo-data.js';
import { seedDemoInsights } from './seed/demo-insights.js';
import { serve } from './server.js';
import { openStore, storeKind } from './store/open.js';

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
  receipt-token --site S --touchpoint T --txn X [--till L] [--var bill=12.5 ...] [--kid K --secret SECRET]
          print a signed receipt token and its /r/ link (docs/RECEIPTS.md); without --secret, the
          site's newest receipt secret in the database signs it
  backup FILE   copy the database, consistent while the collector serves (SQLite online backup)
  restore FILE  check a backup (integrity_check, schema) and put it in place of the database; refuses
          a database a running collector has open, and needs --force to replace an existing one
  import FILE --site S --survey Q [--channel phone] [--map col=question,...]
          store answers from a CSV or NDJSON file (re-running it stores nothing twice); exits 1 if a row
          was refused, naming its row and field
  migrate --from FILE --to postgres://… [--replace]
          copy an SQLite installation into PostgreSQL in one transaction and compare the row counts of
          every table; refuses a non-empty target (unless it already holds this copy) without --replace
  insights backfill --site <key>
          analyse all of a site's free-text answers again (themes, sentiment, staff mentions)
  recount [--site <key>]
          count a site's variable, pairwise, level and impact rollups again from its responses (every
          site without --site). Sites with responses from before a migration that added such rollups read
          them by scanning until recounted; the site's writes wait while it is recounted (on SQLite, every
          write): run it at a quiet hour

Options (each also read from the environment variable in brackets):
  --port <n>         port to listen on [PORT, default 8787]
  --host <addr>      address to bind [HOST, default 127.0.0.1]
  --db <file>        SQLite database file [TOUCHPOINT_DB, default ./data/touchpoint.db]
  --admin-key <key>  bootstrap admin key, stored hashed [TOUCHPOINT_ADMIN_KEY]
  --responses <n>    responses to seed (seed, demo) [default ${DEFAULT_SEED_RESPONSES}]
  --force            backup, restore: replace an existing file
  --from, --to       migrate: the SQLite file, the PostgreSQL URL
  --replace          migrate: empty the target's tables first
  --site, --survey   the site and survey an import is for (--site: also insights backfill, recount)
  --channel <c>      channel of imported rows without a channel column [default phone]
  --map <col=q,...>  which question each CSV column answers (col= ignores a column)
  -h, --help         show this help
`;

function configFrom(
  values: Record<string, string | string[] | boolean | undefined>,
  extra: Record<string, string> = {},
): Config {
  const env: Record<string, string | undefined> = { ...extra, ...process.env };
  if (typeof values.port === 'string') env.PORT = values.port;
  if (typeof values.host === 'string') env.HOST = values.host;
  if (typeof values.db === 'string') env.TOUCHPOINT_DB = values.db;
  if (typeof values['admin-key'] === 'string') env.TOUCHPOINT_ADMIN_KEY = values['admin-key'];
  return loadConfig(env);
}

async function seed(config: Config, responses: number): Promise<number> {
  // A seed cut short leaves a demo database to delete anyway: no fsync per commit while seeding (5x faster).
  const store = await openStore(config, { commitWindowMs: 0, writer: 'inline', notDurable: true });
  try {
    await seedDemoCatalog(store);
    const n = await seedDemoResponses(store, responses);
    await seedDemoInsights(store);
    return n;
  } finally {
    await store.close();
  }
}

/** `touchpoint doctor`: the file's pages and indexes (quick_check) and a committed test write. */
async function doctor(config: Config): Promise<boolean> {
  const store = await openStore(config, { commitWindowMs: 0, writer: 'inline' });
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

/** `touchpoint receipt-token`: a signed token (with --secret, or the site's newest secret in the database) and its link. */
async function receiptToken(
  config: Config,
  values: Record<string, string | string[] | boolean | undefined>,
): Promise<string> {
  const str = (k: string): string | undefined => {
    const v = values[k];
    return typeof v === 'string' ? v : undefined;
  };
  let key = str('secret') !== undefined ? { kid: str('kid') ?? 'k1', secret: str('secret') ?? '' } : undefined;
  if (!key) {
    // Either store (a file path or postgres://…): the secrets live where the collector keeps them.
    const store = await openStore(config, { writer: 'inline', commitWindowMs: 0 });
    try {
      key = (await store.receipts.secrets(str('site') ?? '')).at(-1);
    } finally {
      await store.close();
    }
    if (!key) throw new Error(`--secret: site "${str('site') ?? ''}" has no receipt secret in ${config.TOUCHPOINT_DB}`);
  }
  const token = receiptTokenFromArgs({
    site: str('site'),
    touchpoint: str('touchpoint'),
    txn: str('txn'),
    till: str('till'),
    var: Array.isArray(values.var) ? values.var : undefined,
    issued: str('issued'),
    ...key,
  });
  const host = config.HOST === '0.0.0.0' ? 'localhost' : config.HOST;
  return `${token}\nhttp://${host}:${config.PORT}/r/${token}`;
}

/** `touchpoint recount`: the variable rollups and those kept with them, recounted site by site. */
async function recount(config: Config, site: string | undefined): Promise<void> {
  const store = await openStore(config, { commitWindowMs: 0, writer: 'inline' });
  try {
    const known = (await store.listSites()).map((s) => s.key);
    if (site !== undefined && !known.includes(site)) throw new Error(`recount: no site "${site}"`);
    for (const key of site !== undefined ? [site] : known) {
      const started = performance.now();
      const n = await store.rebuildVariableRollups(key);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      process.stdout.write(`Recounted the rollups of site "${key}" from ${n} responses in ${seconds} s\n`);
    }
  } finally {
    await store.close();
  }
}

/** `touchpoint migrate`: SQLite → PostgreSQL, with a line per table and the verified counts. */
async function migrateCommand(values: Record<string, string | string[] | boolean | undefined>): Promise<void> {
  const from = typeof values.from === 'string' ? values.from : configFrom(values).TOUCHPOINT_DB;
  const to = values.to;
  if (typeof to !== 'string' || storeKind(to) !== 'postgres') {
    throw new Error('migrate: --to must be a PostgreSQL URL (postgres://user@host:port/database)');
  }
  if (storeKind(from) !== 'sqlite') throw new Error('migrate: --from must be an SQLite file');
  // Loaded here: the PostgreSQL driver is needed by this command only.
  const { migrateToPostgres } = await import('./cli/migrate-to-postgres.js');
  const print = (line: string) => process.stdout.write(`${line}\n`);
  print(`Copying ${from} to ${to.replace(/\/\/[^@/]*@/, '//…@')}`);
  const report = await migrateToPostgres(from, to, { replace: values.replace === true, progress: print });
  if (report.skipped.length > 0) print(`Not copied (SQLite only so far): ${report.skipped.join(', ')}`);
  const rows = report.tables.reduce((n, t) => n + t.target, 0);
  print(
    report.alreadyCopied
      ? `The target already holds this copy (${report.tables.length} tables, ${rows} rows, counts equal): nothing written`
      : `Copied ${rows} rows in ${report.tables.length} tables; the count of every table equals the source's`,
  );
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
      survey: { type: 'string' },
      channel: { type: 'string' },
      map: { type: 'string', multiple: true },
      force: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      replace: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      touchpoint: { type: 'string' },
      txn: { type: 'string' },
      till: { type: 'string' },
      var: { type: 'string', multiple: true },
      kid: { type: 'string' },
      secret: { type: 'string' },
      issued: { type: 'string' },
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
  } else if (command === 'receipt-token') {
    process.stdout.write(`${await receiptToken(configFrom(values), values)}\n`);
  } else if (command === 'backup' || command === 'restore') {
    const file = positionals[1];
    if (!file) throw new Error(`${command}: name the backup file`);
    const db = configFrom(values).TOUCHPOINT_DB;
    const force = values.force === true;
    const report =
      command === 'backup' ? await backupDatabase(db, file, { force }) : await restoreDatabase(file, db, { force });
    const [from, to] = command === 'backup' ? [db, file] : [file, db];
    process.stdout.write(
      `${command === 'backup' ? 'Backed up' : 'Restored'} ${from} to ${to}: integrity_check ok, ` +
        `${report.responses} responses, schema ${report.schema ?? '(none)'}` +
        `${report.pending > 0 ? ` (${report.pending} migration(s) to apply at the next start)` : ''}\n`,
    );
  } else if (command === 'import') {
    const file = positionals[1];
    if (!file) throw new Error('import: name the file to import');
    const config = configFrom(values, { LOG_LEVEL: 'warn' });
    const args = { file, site: values.site, survey: values.survey, channel: values.channel, map: values.map ?? [] };
    if (!(await runImport(config, args))) process.exitCode = 1;
  } else if (command === 'migrate') {
    await migrateCommand(values);
  } else if (command === 'insights' && positionals[1] === 'backfill' && typeof values.site === 'string') {
    const config = configFrom(values);
    const n = await backfillInsights(config, values.site);
    process.stdout.write(`Analysed ${n} responses of site "${values.site}"\n`);
  } else if (command === 'recount') {
    await recount(configFrom(values, { LOG_LEVEL: 'warn' }), typeof values.site === 'string' ? values.site : undefined);
  } else if (command === 'demo') {
    const config = configFrom(values, { TOUCHPOINT_ADMIN_KEY: DEMO_ADMIN_KEY, LOG_LEVEL: 'warn' });
    const probe = await openStore(config, { writer: 'inline' });
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
