import { chmodSync, mkdtempSync, readFileSync } from 'node:fs';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startChildCollector } from '../../collector/test/helpers/child-collector.js';
import { createDatabase, findPostgresBin, startCluster } from '../../collector/test/helpers/postgres.js';

/**
 * bench:pg-recording — what recording the insight worker's analyses costs PostgreSQL: the insert of a batch of
 * analysis rows and theme rows with the rollup triggers they fire (daily, channel, weekly and by variable level).
 *
 * A built collector on a fresh PostgreSQL 15 (fsync=on) takes BENCH_RESPONSES responses (default 1,500; a third
 * with a comment, two rolled-up variables each) and analyses them; the analysis rows are then saved aside, and each
 * measured run deletes them and inserts them again in one transaction (the worker's two statements), timed from
 * the client. BENCH_BEFORE=027 then puts back the insight rollup triggers as migrations 018, 021 and 023 made
 * them (row triggers; read from those files) and measures again on the same data, for an A/B in one run.
 */

const require = createRequire(new URL('../../collector/package.json', import.meta.url));
interface PgClient {
  connect(): Promise<void>;
  query<T = Record<string, unknown>>(sql: string): Promise<{ rows: T[] }>;
  end(): Promise<void>;
}
const pg = require('pg') as { Client: new (opts: { connectionString: string }) => PgClient };

const RESPONSES = Number(process.env.BENCH_RESPONSES ?? 1500);
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const KEY = randomBytes(32).toString('hex');
const COMMENTS = [
  'The queue at the checkout was far too long.',
  'Staff were friendly and helpful, thanks!',
  'Delivery was late and the box was damaged.',
  'Great prices but the website is slow.',
];

async function main(): Promise<void> {
  const bin = findPostgresBin();
  if (bin === null) throw new Error('PostgreSQL is not installed (TOUCHPOINT_PG_BIN)');
  const dir = mkdtempSync(join(tmpdir(), 'touchpoint-bench-pg-recording-'));
  chmodSync(dir, 0o755);
  const cluster = await startCluster(bin, join(dir, 'cluster'));
  try {
    const url = await createDatabase(cluster.base);
    await fill(url);
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    const [c] = (
      await db.query<{ ri: string; t: string }>(
        'SELECT (SELECT count(*) FROM response_insights) AS ri, (SELECT count(*) FROM response_insight_themes) AS t',
      )
    ).rows;
    process.stdout.write(
      `bench:pg-recording — ${c?.ri} analysis rows and ${c?.t} theme rows inserted again in one transaction, ` +
        `median of ${RUNS} runs\n`,
    );
    await db.query('CREATE TABLE saved_ri AS SELECT * FROM response_insights');
    await db.query('CREATE TABLE saved_t AS SELECT * FROM response_insight_themes');
    const rows = Number(c?.ri ?? 1);
    await measure(db, 'current schema', rows);
    if (process.env.BENCH_BEFORE === '027') {
      await db.query(rowTriggersBefore027());
      await measure(db, 'row triggers, as before migration 027', rows);
    }
    await db.end();
  } finally {
    cluster.stop();
  }
}

const MIGRATIONS = new URL('../../collector/migrations/postgres/', import.meta.url);

/**
 * The insight rollups' row triggers as migrations 018, 021 and 023 made them, taken from those files, on a
 * database at 027: insight_week IMMUTABLE again (so not inlined), 027's statement triggers dropped.
 */
function rowTriggersBefore027(): string {
  const file = (name: string) => readFileSync(new URL(name, MIGRATIONS), 'utf8');
  const between = (text: string, start: string, end: string | null) => {
    const from = text.indexOf(start);
    const to = end === null ? text.length : text.indexOf(end, from);
    if (from < 0 || to < 0) throw new Error(`bench:pg-recording: "${start}" not found in the migrations`);
    return text.slice(from, to);
  };
  const m021 = file('021_insight_rollups_channel_week.sql');
  return [
    between(m021, 'CREATE FUNCTION insight_week(', 'INSERT INTO').replace(
      'CREATE FUNCTION',
      'CREATE OR REPLACE FUNCTION',
    ),
    ...['response_insights', 'response_insight_themes'].flatMap((table) =>
      ['inserted', 'deleted'].map((op) => `DROP TRIGGER ${table}_rollup_${op} ON ${table};`),
    ),
    between(file('018_insights.sql'), 'CREATE FUNCTION insight_rollup_add(', '-- Responses stored before'),
    between(m021, 'CREATE FUNCTION insight_rollup_add_more(', null),
    between(file('023_insight_var_rollups.sql'), 'CREATE FUNCTION insight_var_add(', '-- All of response `rid`'),
  ].join('\n');
}

/** A site whose responses carry two variables the rollups keep, answered and analysed by a built collector. */
async function fill(url: string): Promise<void> {
  const c = await startChildCollector({
    db: url,
    env: { TOUCHPOINT_ADMIN_KEY: KEY, TOUCHPOINT_RATE_LIMIT: '0', LOG_LEVEL: 'warn' },
  });
  try {
    const admin = async (path: string, body: unknown) => {
      const r = await fetch(`${c.url}/v1/admin${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    };
    await admin('/sites', { key: 'bench', name: 'Bench', origins: ['https://shop.example'] });
    await admin('/sites/bench/touchpoints', { id: 'checkout', name: 'Checkout', kind: 'web' });
    await admin('/sites/bench/surveys', {
      id: 'nps',
      name: 'NPS',
      touchpoint: 'checkout',
      questions: [
        { id: 'nps', type: 'nps', text: { en: 'How likely?' }, required: true },
        { id: 'comment', type: 'text', text: { en: 'Why?' } },
      ],
      trigger: { type: 'exit-intent' },
    });
    for (let n = 0; n < RESPONSES; n += 50) {
      await Promise.all(
        Array.from({ length: Math.min(50, RESPONSES - n) }, async (_, i) => {
          const k = n + i;
          const body = {
            id: randomUUID(),
            site: 'bench',
            survey: 'nps',
            answers: { nps: k % 11, ...(k % 3 === 0 ? { comment: COMMENTS[k % COMMENTS.length] } : {}) },
            createdAt: new Date().toISOString(),
            context: {
              channel: 'web',
              url: 'https://shop.example/checkout',
              vars: { region: ['North', 'South', 'East'][k % 3], tier: ['gold', 'silver'][k % 2] },
            },
          };
          const r = await fetch(`${c.url}/v1/responses`, {
            method: 'POST',
            headers: { 'content-type': 'text/plain', origin: 'https://shop.example' },
            body: JSON.stringify(body),
          });
          if (r.status >= 300) throw new Error(`response: ${r.status} ${await r.text()}`);
        }),
      );
    }
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      for (let waited = 0; ; waited += 250) {
        const [q] = (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM insight_queue')).rows;
        if (q?.n === 0) break;
        if (waited > 120_000) throw new Error('the insight worker did not finish in 2 minutes');
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    } finally {
      await db.end();
    }
  } finally {
    await c.stop();
  }
}

/** Median wall-clock time of re-inserting the saved analyses (DELETE outside the timed part). */
async function measure(db: PgClient, label: string, rows: number): Promise<void> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    await db.query('DELETE FROM response_insights');
    const t0 = process.hrtime.bigint();
    await db.query('BEGIN');
    await db.query('INSERT INTO response_insights SELECT * FROM saved_ri');
    await db.query('INSERT INTO response_insight_themes SELECT * FROM saved_t');
    await db.query('COMMIT');
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)] ?? 0;
  process.stdout.write(
    `${label.padEnd(62)} median ${median.toFixed(1)} ms (${((median * 1000) / rows).toFixed(0)} µs per analysis row); ` +
      `runs ${times.map((t) => t.toFixed(0)).join(' ')} ms\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
