import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateToPostgres, MigrationError } from '../../src/cli/migrate-to-postgres.js';
import { SqliteInsights } from '../../src/insights/sqlite-insights.js';
import { InsightWorker } from '../../src/insights/worker.js';
import { seedDemoCatalog, seedDemoResponses } from '../../src/seed/demo-data.js';
import { openPostgresStore } from '../../src/store/postgres/index.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import type { HistogramQuery, Store } from '../../src/store/store.js';
import { createDatabase, describePostgres } from '../helpers/postgres.js';
import { cliArgs, COLLECTOR_DIR } from '../helpers/cli-bundle.js';

/** Demo responses in the SQLite file: enough for cases, outbox rows and rollups over many days. */
const RESPONSES = 400;
/** The seed's clock, fixed so that the score windows below cover every response. */
const NOW = new Date('2026-11-20T12:00:00.000Z');
const WINDOW = { from: '2026-01-01', to: '2026-11-30' };
const KEY_HASH = 'a'.repeat(64);

const migrateCli = (file: string, url: string, ...extra: string[]) =>
  spawnSync(process.execPath, cliArgs('migrate', '--from', file, '--to', url, ...extra), {
    encoding: 'utf8',
    cwd: COLLECTOR_DIR,
    env: { ...process.env, LOG_LEVEL: 'silent' },
  });

/** The score and count verbs the dashboard reads, on one store. */
async function scores(store: Store): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const groupBy of ['none', 'touchpoint', 'day', 'channel', 'survey'] as const) {
    for (const qtype of ['nps', 'csat', 'ces'] as const) {
      const q: HistogramQuery = { ...WINDOW, qtype, groupBy };
      const rows = await store.scoreHistograms('demo', q);
      out.push(rows.sort((a, b) => a.key.localeCompare(b.key) || a.value - b.value));
    }
  }
  const counts = await store.responseCounts('demo', { ...WINDOW, groupBy: 'touchpoint' });
  out.push(counts.sort((a, b) => a.key.localeCompare(b.key)));
  return out;
}

describePostgres('touchpoint migrate (SQLite → PostgreSQL)', (db) => {
  let dir = '';
  let file = '';
  let url = '';
  let reader: pg.Pool;
  let responseIds: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-migrate-'));
    file = join(dir, 'touchpoint.db');
    const sqlite = new SqliteStore({ file, commitWindowMs: 0, writer: 'inline' });
    await seedDemoCatalog(sqlite);
    await seedDemoResponses(sqlite, RESPONSES, { now: NOW });
    await sqlite.createApiKey({ name: 'ops', kind: 'read', hash: KEY_HASH, prefix: 'abcd', sites: ['demo'] });
    await sqlite.closedLoop.createWebhook(
      'demo',
      { url: 'https://hooks.example/tp', events: ['case.opened'], active: true },
      'whsec_1',
    );
    await sqlite.receipts.addKey('demo', 'k1', 'receipt-secret', NOW.toISOString());
    await new InsightWorker(new SqliteInsights(sqlite.db)).backfill('demo');
    responseIds = (sqlite.db.prepare('SELECT id FROM responses ORDER BY id LIMIT 25').pluck().all() as string[]).concat(
      sqlite.db.prepare('SELECT id FROM responses ORDER BY id DESC LIMIT 25').pluck().all() as string[],
    );
    await sqlite.close();
    url = await createDatabase(db().base);
    reader = new pg.Pool({ connectionString: url, max: 1 });
  }, 120_000);

  afterAll(async () => {
    await reader?.end();
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table, printing a line per table and the verified counts', () => {
    const run = migrateCli(file, url);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`responses\\s+${RESPONSES} rows`));
    expect(run.stdout).toMatch(/score_rollups\s+\d+ rows/);
    expect(run.stdout).toMatch(/the count of every table equals the source's/);
    expect(migrateCli(file, url).stdout).toMatch(/already holds this copy .* nothing written/);
  }, 60_000);

  it('serves the same responses, scores, keys, webhooks, cases and outbox from PostgreSQL', async () => {
    const sqlite = new SqliteStore({ file, commitWindowMs: 0, writer: 'inline' });
    const postgres = await openPostgresStore(url);
    try {
      expect(await postgres.countResponses('demo')).toBe(RESPONSES);
      for (const id of responseIds)
        expect(await postgres.getResponse('demo', id)).toEqual(await sqlite.getResponse('demo', id));
      expect(await scores(postgres)).toEqual(await scores(sqlite));
      expect((await scores(postgres)).flat().length).toBeGreaterThan(50);
      expect(await postgres.findApiKey(KEY_HASH)).toEqual(await sqlite.findApiKey(KEY_HASH));
      expect(await postgres.closedLoop.listWebhooks('demo')).toEqual(await sqlite.closedLoop.listWebhooks('demo'));
      const now = NOW.toISOString();
      const page = { limit: 200 };
      const cases = await postgres.closedLoop.listCases('demo', page, now);
      expect(cases.length).toBeGreaterThan(0);
      expect(cases).toEqual(await sqlite.closedLoop.listCases('demo', page, now));
      const deliveries = { limit: 200 };
      expect(await postgres.closedLoop.listDeliveries('demo', deliveries)).toEqual(
        await sqlite.closedLoop.listDeliveries('demo', deliveries),
      );
      // The notes' identity sequence was moved past the copied ids: a new note gets a fresh one.
      const first = cases[0];
      if (!first) throw new Error('no case');
      const changed = await postgres.closedLoop.updateCase('demo', first.id, {
        note: { author: 'ops', text: 'after the move' },
        at: now,
      });
      expect(changed?.notes.at(-1)?.text).toBe('after the move');
    } finally {
      await Promise.all([sqlite.close(), postgres.close()]);
    }
  });

  it('has rollups equal to a recount of the copied responses', async () => {
    const rollup = await reader.query<{ day: string; value: number; n: number }>(
      `SELECT day, value, sum(count)::int AS n FROM score_rollups WHERE question = 'nps'
       GROUP BY 1, 2 HAVING sum(count) <> 0 ORDER BY 1, 2`,
    );
    const recount = await reader.query<{ day: string; value: number; n: number }>(
      `SELECT substr(created_at, 1, 10) AS day, (answers ->> 'nps')::int AS value, count(*)::int AS n
       FROM responses WHERE NOT flagged AND answers ? 'nps' GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(rollup.rows.length).toBeGreaterThan(10);
    expect(rollup.rows).toEqual(recount.rows);
  });

  it('has level rollups (migration 026) equal to the copied var_rollups summed over touchpoint and channel', async () => {
    const kept = await reader.query(
      `SELECT site, variable, day, survey, question, qtype, level, value, count FROM var_level_rollups
      WHERE count <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    );
    const summed = await reader.query(
      `SELECT site, variable, day, survey, question, qtype, level, value, sum(count)::int AS count FROM var_rollups
      GROUP BY 1, 2, 3, 4, 5, 6, 7, 8 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8`,
    );
    expect(kept.rows.length).toBeGreaterThan(100);
    expect(kept.rows).toEqual(summed.rows);
  });

  it("has cell rollups (migration 030) copied from SQLite's, equal to the copied var_rollups summed over the answer", async () => {
    const query = (table: string) =>
      reader.query(
        `SELECT site, variable, day, survey, touchpoint, channel, question, qtype, level, sum(count)::int AS count
        FROM ${table} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9 HAVING sum(count) <> 0 ORDER BY 1, 2, 3, 4, 5, 6, 7, 8, 9`,
      );
    const kept = await query('var_cell_rollups');
    expect(kept.rows.length).toBeGreaterThan(100);
    expect(kept.rows).toEqual((await query('var_rollups')).rows);
    // Copied as they are: nothing left to sum from var_rollups.
    expect((await reader.query('SELECT 1 FROM var_cell_rollups_pending')).rowCount).toBe(0);
  });

  it("has insight rollups that PostgreSQL's triggers rebuilt from the copied analyses, none copied twice", async () => {
    const n = async (sql: string) => Number((await reader.query<{ n: string }>(sql)).rows[0]!.n);
    const analyses = await n('SELECT count(*) AS n FROM response_insights');
    expect(analyses).toBe(RESPONSES);
    // Each rollup counts every analysed response ('' rows), those with text ('*') and each theme mention.
    const mentions =
      analyses +
      (await n('SELECT count(*) AS n FROM response_insights WHERE has_text')) +
      (await n('SELECT count(*) AS n FROM response_insight_themes'));
    expect(await n('SELECT count(*) AS n FROM response_insight_themes')).toBeGreaterThan(0);
    expect(await n('SELECT sum(count) AS n FROM insight_rollups')).toBe(mentions);
    expect(await n('SELECT sum(count) AS n FROM insight_channel_rollups')).toBe(mentions);
    // The weekly rollups count each twice: all stores (by band and sentiment) and the store's own row.
    expect(await n('SELECT sum(count) AS n FROM insight_week_rollups')).toBe(2 * mentions);
    // The rollups by variable level hold what their analyses count, once.
    const keys = 'site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment';
    const stored = await reader.query(
      `SELECT ${keys}, count::int AS n FROM insight_var_rollups WHERE count <> 0 ORDER BY ${keys}`,
    );
    const recount = await reader.query(
      `SELECT ${keys}, count(*)::int AS n FROM insight_var_parts GROUP BY ${keys} ORDER BY ${keys}`,
    );
    expect(recount.rows.length).toBeGreaterThan(0);
    expect(stored.rows).toEqual(recount.rows);
  });

  it('refuses a target that differs from the file unless told to replace it', async () => {
    await reader.query('DELETE FROM responses WHERE id = (SELECT min(id) FROM responses)');
    const refused = migrateToPostgres(file, url);
    await expect(refused).rejects.toThrow(MigrationError);
    await expect(refused).rejects.toThrow(/not empty .*responses: \d+ rows.*--replace/);

    const lines: string[] = [];
    const replaced = await migrateToPostgres(file, url, { replace: true, progress: (l) => lines.push(l) });
    expect(replaced.alreadyCopied).toBe(false);
    expect(lines[0]).toMatch(/emptying/);
    const { rows } = await reader.query<{ n: number }>('SELECT count(*)::int AS n FROM responses');
    expect(rows[0]?.n).toBe(RESPONSES);
  });

  it("keeps tabs, line breaks, backslashes and a literal \\N in text exactly through COPY's text format", async () => {
    const tricky = join(dir, 'tricky.db');
    const sqlite = new SqliteStore({ file: tricky, commitWindowMs: 0, writer: 'inline' });
    await seedDemoCatalog(sqlite);
    await seedDemoResponses(sqlite, 5, { now: NOW });
    const id = sqlite.db.prepare('SELECT id FROM responses ORDER BY id LIMIT 1').pluck().get() as string;
    // JSON text holds backslashes (its own escapes); url and referrer hold raw control characters.
    const answers = JSON.stringify({ nps: 9, comment: 'tab\there\nnew line \\ back\\slash "quoted" \\N ünï' });
    sqlite.db
      .prepare('UPDATE responses SET answers = ?, url = ?, referrer = ? WHERE id = ?')
      .run(answers, 'https://shop.example/a\tb\r\nc\\d', '\\N', id);
    const expected = await sqlite.getResponse('demo', id);
    await sqlite.close();
    const target = await createDatabase(db().base);
    await migrateToPostgres(tricky, target);
    const postgres = await openPostgresStore(target);
    try {
      const copied = await postgres.getResponse('demo', id);
      expect(copied).toEqual(expected);
      expect(copied?.url).toBe('https://shop.example/a\tb\r\nc\\d');
      expect(copied?.referrer).toBe('\\N');
      expect(copied?.answers.comment).toContain('tab\there\nnew line \\ back');
    } finally {
      await postgres.close();
    }
  });

  it('refuses an SQLite file with migrations still to apply, and rolls back a copy that fails', async () => {
    const old = join(dir, 'old.db');
    const sqlite = new SqliteStore({ file: old, commitWindowMs: 0, writer: 'inline' });
    sqlite.db.exec('DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)');
    await sqlite.close();
    await expect(migrateToPostgres(old, url)).rejects.toThrow(/1 migration\(s\) not applied yet.*doctor/);

    // A response of a site the file no longer has breaks PostgreSQL's foreign key: nothing of the copy stays.
    const orphan = join(dir, 'orphan.db');
    const broken = new SqliteStore({ file: orphan, commitWindowMs: 0, writer: 'inline' });
    await seedDemoCatalog(broken);
    await seedDemoResponses(broken, 20, { now: NOW });
    broken.db.pragma('foreign_keys = OFF');
    broken.db.exec("UPDATE responses SET site = 'gone' WHERE rowid = (SELECT max(rowid) FROM responses)");
    await broken.close();
    const empty = await createDatabase(db().base);
    await expect(migrateToPostgres(orphan, empty)).rejects.toThrow(/copying responses: .*foreign key/);
    const check = new pg.Client({ connectionString: empty });
    await check.connect();
    try {
      const { rows } = await check.query<{ n: number }>('SELECT count(*)::int AS n FROM sites');
      expect(rows[0]?.n).toBe(0);
    } finally {
      await check.end();
    }
  });
});
