import { ADMIN_KEY, startCollector } from '../../collector/test/helpers/collector.js';
import { uuidv7 } from '../../collector/src/lib/uuid.js';
import { openDatabase } from '../../collector/src/store/sqlite/database.js';
import { SqliteWriter, type Write } from '../../collector/src/store/sqlite/writer.js';
import type { ResponseRecord } from '../../collector/src/store/store.js';
import { BENCH_SITE_REQUESTS } from './bench-site.js';

/**
 * The SQLite writer's share of ingest, in-process and without HTTP: group commits of bench:ingest's beacon
 * (an NPS score, a comment on 3 in 10, the cart variable) straight into SqliteWriter on a real file with the
 * store's settings (WAL, synchronous=FULL). Prints the writer's CPU and wall time per response; with
 * BENCH_STATEMENTS=1 also how many statements a response runs, and how long each kind takes. Run:
 * `pnpm --filter @touchpoint/collector exec tsx --conditions=source ../bench/ingest/writer-stage.ts`
 * (BENCH_GROUP responses a commit, 45 by default, about what bench:ingest's commits hold; BENCH_COMMITS: 1,500).
 */

const GROUP = Number(process.env.BENCH_GROUP ?? 45);
const COMMITS = Number(process.env.BENCH_COMMITS ?? 1500);
const STATEMENTS = process.env.BENCH_STATEMENTS === '1';

const collector = await startCollector({ env: { TOUCHPOINT_INSIGHTS: 'off' } });
const admin = async (url: string, payload: object) => {
  const r = await collector.app.inject({
    method: 'POST',
    url: `/v1/admin${url}`,
    payload,
    headers: { authorization: `Bearer ${ADMIN_KEY}` },
  });
  if (r.statusCode >= 300) throw new Error(`${url}: ${r.statusCode} ${r.body}`);
};
// The site of bench:ingest (run.ts), made through the API as there.
for (const [path, body] of BENCH_SITE_REQUESTS('bench', 'nps', 'https://shop.example')) await admin(path, body);

/** Calls and µs per statement text, when BENCH_STATEMENTS=1. */
const statements = new Map<string, { calls: number; us: number }>();
const db = openDatabase(collector.dbPath);
if (STATEMENTS) {
  // Every statement the writer prepares is timed around its run/get/all.
  const prepare = db.prepare.bind(db);
  (db as unknown as { prepare: (sql: string) => unknown }).prepare = (sql: string) => {
    const statement = prepare(sql) as unknown as Record<string, (...args: unknown[]) => unknown>;
    const key = sql.replace(/\s+/g, ' ').slice(0, 100);
    for (const method of ['run', 'get', 'all', 'iterate']) {
      const call = statement[method]?.bind(statement);
      if (!call) continue;
      statement[method] = (...args: unknown[]) => {
        const t = process.hrtime.bigint();
        try {
          return call(...args);
        } finally {
          const s = statements.get(key) ?? { calls: 0, us: 0 };
          s.calls++;
          s.us += Number(process.hrtime.bigint() - t) / 1000;
          statements.set(key, s);
        }
      };
    }
    return statement;
  };
}
const writer = new SqliteWriter(db);

// As load.ts and beacon.lua make them.
const SCORES = [10, 9, 10, 8, 9, 10, 7, 9, 6, 10, 8, 9, 3, 10, 9, 7, 10, 9, 8, 5];
const COMMENTS = ['The queue at the checkout was far too long.', 'Staff were friendly and helpful, thanks!'];
const AGENTS = [
  ['desktop', 'Windows', 'Chrome'],
  ['mobile', 'iOS', 'Safari'],
  ['desktop', 'macOS', 'Firefox'],
  ['mobile', 'Android', 'Chrome'],
] as const;
let n = 0;
function beacon(): ResponseRecord {
  n++;
  const now = new Date().toISOString();
  const [device, os, browser] = AGENTS[n % AGENTS.length] as (typeof AGENTS)[number];
  const nps = SCORES[n % SCORES.length] as number;
  return {
    id: uuidv7(), // time-ordered, as the widget makes them
    site: 'bench',
    survey: 'nps',
    touchpoint: 'checkout',
    answers: n % 10 < 3 ? { nps, comment: COMMENTS[n % COMMENTS.length] as string } : { nps },
    partial: false,
    locale: null,
    createdAt: now,
    receivedAt: now,
    channel: 'web',
    url: 'https://shop.example/checkout',
    referrer: null,
    trigger: 'exit-intent:desktop',
    kiosk: null,
    vars: { cart: n % 500 },
    respondentId: null,
    respondentEmail: null,
    device,
    os,
    browser,
  };
}
const commit = () => writer.commit(Array.from({ length: GROUP }, (): Write[] => [{ response: beacon() }]));

for (let i = 0; i < 100; i++) commit(); // warm-up: JIT, the site cache, the variable's bins
statements.clear();
const started = process.hrtime.bigint();
const cpu = process.cpuUsage();
for (let i = 0; i < COMMITS; i++) commit();
const used = process.cpuUsage(cpu);
const wallUs = Number(process.hrtime.bigint() - started) / 1000;
const responses = COMMITS * GROUP;
const per = (us: number) => (us / responses).toFixed(1);
process.stdout.write(
  `SQLite writer, ${GROUP} responses a commit, ${COMMITS} commits: CPU ${per(used.user + used.system)} µs a response ` +
    `(user ${per(used.user)}, system ${per(used.system)}), wall ${per(wallUs)} µs\n`,
);
if (STATEMENTS) {
  let calls = 0;
  let us = 0;
  for (const s of statements.values()) {
    calls += s.calls;
    us += s.us;
  }
  process.stdout.write(`statements: ${(calls / responses).toFixed(2)} a response, ${per(us)} µs a response\n`);
  for (const [sql, s] of [...statements].sort((a, b) => b[1].us - a[1].us).slice(0, 15))
    process.stdout.write(`${(s.calls / responses).toFixed(3).padStart(7)} × ${per(s.us).padStart(5)} µs  ${sql}\n`);
}
db.close();
await collector.close();
