import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, type TestCollector } from '../helpers/collector.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse } from '../helpers/fixtures.js';
import { addDays } from '../../src/scoring/calendar.js';
import { WEEK_TABLE } from '../../src/store/week-rollups.js';
import { installWeekTriggers, WeekHorizon, weekHorizon } from '../../src/store/sqlite/week-tier.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';

/** The labelled comments of the evaluation set (collector/insights-eval), English only: enough themes. */
const EN = readFileSync(new URL('../../insights-eval/en.txt', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => l.split('|').slice(3).join('|'));
const DAY_MS = 86_400_000;
const NO_TIMER = { TOUCHPOINT_INSIGHTS_WORKER: 'off' };
/** More distinct values than the default rollupLevelCap (50): `order` is scan-only. */
const ORDERS = 60;

const uuid = (i: number) => `00000000-0000-4000-9100-${i.toString(16).padStart(12, '0')}`;
const responses = (now: number): ResponseInput[] =>
  EN.map((text, i) =>
    aResponse({
      id: uuid(i),
      survey: 'comment',
      answers: { nps: i % 11, comment: text },
      locale: 'en',
      createdAt: new Date(now - (i % 40) * DAY_MS - i * 1000).toISOString(),
      respondent: { id: `cust-${i % 7}` },
      context: {
        channel: i % 3 === 0 ? 'qr' : 'web',
        vars: { tier: i % 3 === 1 ? 'gold' : 'silver', visits: i % 4, member: i % 2 === 0, order: `o-${i % ORDERS}` },
      },
    }),
  );

/** The views of a one-variable segment, each read from the rollups by level and counted by a scan. */
const views = (from: string, to: string) => [
  'themes?var.tier=gold',
  'themes?var.visits=2',
  'themes?var.member=true',
  `themes?from=${from}&to=${to}&var.tier=silver&channel=qr`,
  `themes?from=${from}&to=${to}&touchpoint=store-12&var.tier=gold`,
  `trend?from=${from}&to=${to}&var.tier=silver`,
  `trend?from=${from}&to=${to}&var.tier=gold&band=detractor`,
  `trend?from=${from}&to=${to}&var.visits=3&channel=web`,
];

describePostgres('insight rollups by variable level: the same counts as a scan, on SQLite and PostgreSQL', (db) => {
  let lite: TestCollector;
  let pgsql: TestCollector;
  let pool: pg.Pool;
  const now = Date.now();
  const to = new Date(now).toISOString().slice(0, 10);
  const from = new Date(now - 45 * DAY_MS).toISOString().slice(0, 10);

  const get = async (c: TestCollector, path: string) => {
    const res = await c.app.inject({ url: `/v1/admin/sites/shop/insights/${path}`, headers: admin() });
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    return res.json() as { source: string } & Record<string, unknown>;
  };
  /** Runs `sql` on each store (SQLite through its file, PostgreSQL through the pool). */
  const onBoth = async (sql: string, params: unknown[] = []) => {
    const file = new Database(lite.dbPath);
    try {
      file.prepare(sql.replace(/\$\d/g, '?')).run(...params);
    } finally {
      file.close();
    }
    await pool.query(sql, params);
  };
  /** Each view from the rollups equals the scan (the site marked as awaiting its recount) and the other store. */
  const rollupEqualsScan = async () => {
    const fromRollups: Record<string, unknown>[] = [];
    for (const c of [lite, pgsql]) {
      for (const path of views(from, to)) {
        const { source, ...view } = await get(c, path);
        expect(source, path).toBe('rollup');
        fromRollups.push(view);
      }
    }
    await onBoth("INSERT INTO variable_rollups_pending (site) VALUES ('shop')");
    try {
      let i = 0;
      for (const c of [lite, pgsql]) {
        for (const path of views(from, to)) {
          const { source, ...view } = await get(c, path);
          expect(source, path).toBe('scan');
          expect(fromRollups[i++], path).toEqual(view);
        }
      }
    } finally {
      await onBoth("DELETE FROM variable_rollups_pending WHERE site = 'shop'");
    }
    const n = views(from, to).length;
    expect(fromRollups.slice(n)).toEqual(fromRollups.slice(0, n));
  };

  beforeAll(async () => {
    await truncateAll(db().url);
    lite = await startWithCommentSurvey(NO_TIMER);
    pgsql = await startWithCommentSurvey({ ...NO_TIMER, TOUCHPOINT_DB: db().url });
    pool = new pg.Pool({ connectionString: db().url, max: 2 });
    const all = responses(now);
    for (const c of [lite, pgsql]) {
      for (let i = 0; i < all.length; i += 100) {
        const res = await c.app.inject({
          method: 'POST',
          url: '/v1/responses',
          payload: { responses: all.slice(i, i + 100) },
        });
        expect(res.statusCode, res.body).toBe(200);
      }
      expect(await c.app.insights!.drain()).toBe(all.length);
    }
  });
  afterAll(async () => {
    await lite?.close();
    await pgsql?.close();
    await pool?.end();
  });

  it('answers a one-variable segment from the rollups with the counts of the scan', async () => {
    const gold = await get(lite, 'themes?var.tier=gold');
    expect((gold as unknown as { responses: number }).responses).toBeGreaterThan(30);
    await rollupEqualsScan();
  });

  it('scans a variable over the level cap, two variables, and a site awaiting its recount', async () => {
    for (const c of [lite, pgsql]) {
      expect((await get(c, 'themes?var.order=o-3')).source).toBe('scan');
      expect((await get(c, 'themes?var.tier=gold&var.visits=1')).source).toBe('scan');
    }
  });

  it('follows a deleted response, an erased respondent, changed variables and a backfill', async () => {
    for (const c of [lite, pgsql]) {
      const del = await c.app.inject({
        method: 'DELETE',
        url: `/v1/admin/sites/shop/responses/${uuid(4)}`,
        headers: admin(),
      });
      expect(del.statusCode, del.body).toBe(204);
      const erase = await c.app.inject({
        method: 'DELETE',
        url: '/v1/admin/sites/shop/respondents/cust-2',
        headers: admin(),
      });
      expect(erase.statusCode, erase.body).toBe(200);
    }
    await onBoth(`UPDATE responses SET vars = '{}' WHERE id = $1`, [uuid(7)]);
    await onBoth(`UPDATE responses SET vars = '{"tier":"gold","visits":2}' WHERE id = $1`, [uuid(9)]);
    await rollupEqualsScan();
    for (const c of [lite, pgsql]) expect(await c.app.insights!.backfill('shop')).toBeGreaterThan(100);
    await rollupEqualsScan();
  });

  it('keeps SQLite week rows only before the week horizon, and sums the weeks the horizon passes', async () => {
    const file = new Database(lite.dbPath);
    let behind: string;
    try {
      const horizon = weekHorizon(file);
      const rows = (sql: string) => file.prepare(`SELECT count(*) FROM insight_var_rollups WHERE ${sql}`).pluck().get();
      // The responses span 40 days up to now: days on both sides of the horizon, week rows on one.
      expect(rows(`grain = 'd' AND day >= '${horizon}'`)).toBeGreaterThan(0);
      expect(rows(`grain <> 'd' AND day < '${horizon}'`)).toBeGreaterThan(0);
      expect(rows(`grain <> 'd' AND day >= '${horizon}'`)).toBe(0);
      // A horizon three weeks behind, as on a collector that wrote nothing for weeks: the views read those
      // whole weeks from their days.
      behind = addDays(horizon, -21);
      file.exec(`UPDATE week_rollup_horizon SET monday = '${behind}'`);
      file.exec(`DELETE FROM insight_var_rollups WHERE grain <> 'd' AND day >= '${behind}'`);
      for (const week of Object.values(WEEK_TABLE)) file.exec(`DELETE FROM ${week} WHERE week >= '${behind}'`);
      installWeekTriggers(file);
    } finally {
      file.close();
    }
    await rollupEqualsScan();
    const again = new Database(lite.dbPath);
    try {
      // Six weeks on from there, as the writer does when its check finds weeks over.
      const moved = again.transaction(() => new WeekHorizon(again).advance(now + 21 * DAY_MS))();
      expect(moved).toBe(6);
      expect(weekHorizon(again)).toBe(addDays(behind, 42));
    } finally {
      again.close();
    }
    await rollupEqualsScan();
    // Changes after the move reach the week rows it made.
    await onBoth(`UPDATE responses SET vars = '{"tier":"gold","visits":3}' WHERE id = $1`, [uuid(2)]);
    const del = await lite.app.inject({
      method: 'DELETE',
      url: `/v1/admin/sites/shop/responses/${uuid(0)}`,
      headers: admin(),
    });
    expect(del.statusCode, del.body).toBe(204);
    await pgsql.app.inject({ method: 'DELETE', url: `/v1/admin/sites/shop/responses/${uuid(0)}`, headers: admin() });
    await rollupEqualsScan();
  });
});
