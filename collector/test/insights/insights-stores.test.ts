import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse } from '../helpers/fixtures.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';

/** The labelled comments of the evaluation set (collector/insights-eval), English and German. */
const EVAL_DIR = new URL('../../insights-eval/', import.meta.url);
const DAY_MS = 86_400_000;
/** No background runs: only the tests' `drain` calls analyse, so the counts they return are all there is. */
const NO_TIMER = { TOUCHPOINT_INSIGHTS_WORKER: 'off' };
/** Days the comments are spread over: three ISO weeks and a bit, so the trend has several points. */
const SPREAD_DAYS = 23;

const labelled = (lang: 'en' | 'de') =>
  readFileSync(new URL(`${lang}.txt`, EVAL_DIR), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => {
      const [overall = '', , , ...text] = l.split('|');
      return { lang, overall, text: text.join('|') };
    });

/** A fixed UUID per comment (ids are UUIDs); `group` tells apart the sets of one test run. */
const uuid = (group: number, i: number): string =>
  `00000000-0000-4000-${8000 + group}-${i.toString(16).padStart(12, '0')}`;

/** One response per labelled comment: a score that fits its sentiment, a day, a tier and a respondent. */
function comments(now: number, group = 0): ResponseInput[] {
  return [...labelled('en'), ...labelled('de')].map((c, i) => {
    const score = c.overall === 'neg' ? i % 7 : c.overall === 'pos' ? 9 + (i % 2) : 7 + (i % 2);
    return aResponse({
      id: uuid(group, i),
      survey: 'comment',
      answers: { nps: score, comment: c.text },
      locale: c.lang,
      createdAt: new Date(now - (i % SPREAD_DAYS) * DAY_MS - i * 1000).toISOString(),
      respondent: { id: `cust-${i % 9}` },
      context: { channel: i % 4 === 0 ? 'qr' : 'web', vars: { tier: i % 3 === 0 ? 'gold' : 'silver' } },
    });
  });
}

/** The insight views compared between the stores, with filters and segments. */
function views(from: string, to: string): string[] {
  return [
    'themes',
    'themes?channel=qr',
    'themes?var.tier=gold',
    `trend?from=${from}&to=${to}`,
    `trend?from=${from}&to=${to}&band=detractor`,
    `trend?from=${from}&to=${to}&var.tier=silver`,
    `trend?from=${from}&to=${to}&channel=qr`,
    `themes?from=${from}&to=${to}`,
    `themes?from=${from}&to=${to}&touchpoint=checkout`,
    'verbatims?limit=100',
    'verbatims?limit=50&offset=50',
    'verbatims?theme=queue-checkout&sentiment=negative&limit=100',
    'verbatims?staff=jana&staffNames=true',
    'verbatims?band=promoter&var.tier=gold&limit=100',
    'verbatims?sentiment=mixed&channel=web&limit=100',
    'staff',
    'staff?names=true',
    'staff?channel=qr',
    'staff?var.tier=gold&names=true',
    'emerging',
    'emerging?minCount=3&limit=5',
    'emerging?channel=web&minCount=2',
    'emerging?var.tier=silver&minCount=2',
  ];
}

/** The analysed rows counted as the daily rollups count them: '' every response, '*' those with text, themes. */
const RECOUNT = (channel: string) => `
    SELECT site, ${channel}day, touchpoint, '' AS theme, band, coalesce(sentiment, '') AS sentiment, count(*) AS n
      FROM response_insights GROUP BY ${channel}site, day, touchpoint, band, sentiment
    UNION ALL
    SELECT site, ${channel}day, touchpoint, '*', band, coalesce(sentiment, ''), count(*)
      FROM response_insights WHERE has_text GROUP BY ${channel}site, day, touchpoint, band, sentiment
    UNION ALL
    SELECT site, ${channel}day, touchpoint, theme, band, sentiment, count(*) FROM response_insight_themes
      GROUP BY ${channel}site, day, touchpoint, theme, band, sentiment`;

/**
 * How many rows of `kept` (nonzero counts, summed over PostgreSQL's rollup shards: two collectors write two)
 * differ from `recount`: none when the rollups are right.
 */
const differing = (recount: string, kept: string) => `
  WITH recount AS (${recount}), kept AS (${kept})
  SELECT (SELECT count(*) FROM (SELECT * FROM recount EXCEPT SELECT * FROM kept) a)
    + (SELECT count(*) FROM (SELECT * FROM kept EXCEPT SELECT * FROM recount) b) AS n`;

/**
 * Each insight rollup (daily, by channel, weekly) against a recount of the analysed rows, in the dialect
 * whose Monday-of-the-week expression is `week` (of a 'YYYY-MM-DD' column).
 */
const rollupChecks = (week: (day: string) => string): [string, string][] => [
  [
    'daily',
    differing(
      RECOUNT(''),
      `SELECT site, day, touchpoint, theme, band, sentiment, sum(count) AS n FROM insight_rollups
      GROUP BY site, day, touchpoint, theme, band, sentiment HAVING sum(count) <> 0`,
    ),
  ],
  [
    'by channel',
    differing(
      RECOUNT('channel, '),
      `SELECT site, channel, day, touchpoint, theme, band, sentiment, sum(count) AS n FROM insight_channel_rollups
      GROUP BY site, channel, day, touchpoint, theme, band, sentiment HAVING sum(count) <> 0`,
    ),
  ],
  [
    'weekly',
    differing(
      `SELECT site, '' AS touchpoint, theme, ${week('day')} AS week, band, sentiment, sum(n) AS n FROM (${RECOUNT('')}) c
        GROUP BY site, theme, ${week('day')}, band, sentiment
      UNION ALL
      SELECT site, touchpoint, theme, ${week('day')}, '', '', sum(n) FROM (${RECOUNT('')}) c
        GROUP BY site, touchpoint, theme, ${week('day')}`,
      `SELECT site, touchpoint, theme, week, band, sentiment, sum(count) AS n FROM insight_week_rollups
      GROUP BY site, touchpoint, theme, week, band, sentiment HAVING sum(count) <> 0`,
    ),
  ],
];
const PG_CHECKS = rollupChecks((day) => `insight_week(${day})`);
const SQLITE_CHECKS = rollupChecks((day) => `date(${day}, 'weekday 0', '-6 days')`);

describePostgres('verbatim insights: the same comments give the same views on SQLite and PostgreSQL', (db) => {
  let lite: TestCollector;
  let pgsql: TestCollector;
  const now = Date.now();
  const to = new Date(now).toISOString().slice(0, 10);
  const from = new Date(now - SPREAD_DAYS * DAY_MS).toISOString().slice(0, 10);

  const query = async <T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> => {
    const client = new pg.Client({ connectionString: db().url });
    await client.connect();
    try {
      return (await client.query<T>(sql, params)).rows;
    } finally {
      await client.end();
    }
  };
  const get = async (c: TestCollector, path: string) => {
    const res = await c.app.inject({ url: `/v1/admin/sites/shop/insights/${path}`, headers: admin() });
    expect(res.statusCode, `${path}: ${res.body}`).toBe(200);
    return res.json() as unknown;
  };
  const send = async (c: TestCollector, responses: ResponseInput[]) => {
    for (let i = 0; i < responses.length; i += 100) {
      const res = await c.app.inject({
        method: 'POST',
        url: '/v1/responses',
        payload: { responses: responses.slice(i, i + 100) },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  };
  /** A view's reply without when the stored emerging themes were computed (each store at its own time). */
  const answer = async (c: TestCollector, path: string) => {
    const { computedAt: _, ...rest } = (await get(c, path)) as Record<string, unknown>;
    return rest;
  };
  const sameViews = async () => {
    for (const path of views(from, to)) expect(await answer(pgsql, path), path).toEqual(await answer(lite, path));
  };
  /** Rollup rows off a recount, per rollup and store: all zero when every rollup is right on both. */
  const rollupsOff = async () => {
    const off: Record<string, number> = {};
    for (const [name, sql] of PG_CHECKS) off[`postgres ${name}`] = Number((await query<{ n: number }>(sql))[0]!.n);
    const file = new Database(lite.dbPath, { readonly: true });
    try {
      for (const [name, sql] of SQLITE_CHECKS) off[`sqlite ${name}`] = file.prepare(sql).pluck().get() as number;
    } finally {
      file.close();
    }
    return off;
  };
  const allZero = async () => {
    const off = await rollupsOff();
    expect(Object.keys(off)).toHaveLength(6);
    expect(off).toEqual(Object.fromEntries(Object.keys(off).map((k) => [k, 0])));
  };

  beforeAll(async () => {
    await truncateAll(db().url);
    lite = await startWithCommentSurvey(NO_TIMER);
    pgsql = await startWithCommentSurvey({ ...NO_TIMER, TOUCHPOINT_DB: db().url });
    const roster = JSON.parse(readFileSync(new URL('roster.json', EVAL_DIR), 'utf8')) as object;
    const all = comments(now);
    for (const c of [lite, pgsql]) {
      const url = '/v1/admin/sites/shop/insights/roster';
      const put = await c.app.inject({ method: 'PUT', url, headers: admin(), payload: roster });
      expect(put.statusCode, put.body).toBe(200);
      await send(c, all);
      expect(await c.app.insights!.drain()).toBe(all.length);
    }
  });
  afterAll(async () => {
    await lite?.close();
    await pgsql?.close();
  });

  it('gives the same themes, impact, trend, staff kudos, verbatims and emerging themes on both stores', async () => {
    const themes = (await get(pgsql, 'themes')) as { responses: number; themes: { count: number }[] };
    expect(themes.responses).toBe(comments(now).length);
    expect(themes.themes.filter((t) => t.count > 0).length).toBeGreaterThanOrEqual(10);
    await sameViews();
  });

  it('counts a window from whole weeks and edge days as the channel rollups count it day by day', async () => {
    type Themes = {
      source: string;
      withText: number;
      themes: { theme: string; count: number; sentiment: object; detractors: number; byTouchpoint: object[] }[];
    };
    type Trend = {
      source: string;
      withText: number[];
      themes: { theme: string; count: number[]; negative: number[] }[];
    };
    const add = (a: number[], b: number[]) => a.map((x, i) => x + b[i]!);
    for (const c of [lite, pgsql]) {
      // Every response came by qr or web: the two channels' daily rollups add up to the whole.
      const all = (await get(c, `themes?from=${from}&to=${to}`)) as Themes;
      const qr = (await get(c, `themes?from=${from}&to=${to}&channel=qr`)) as Themes;
      const web = (await get(c, `themes?from=${from}&to=${to}&channel=web`)) as Themes;
      // One rolled-up variable reads the rollups by level (migration 023); two variables still scan.
      const gold = (await get(c, 'themes?var.tier=gold')) as Themes;
      const twoVars = (await get(c, 'themes?var.tier=gold&var.tier2=x')) as Themes;
      expect([all.source, qr.source, gold.source, twoVars.source]).toEqual(['rollup', 'rollup', 'rollup', 'scan']);
      expect(all.withText).toBe(qr.withText + web.withText);
      for (const t of all.themes) {
        const [q, w] = [qr, web].map((v) => v.themes.find((x) => x.theme === t.theme)!);
        expect(t.count, t.theme).toBe(q!.count + w!.count);
        expect(t.detractors, t.theme).toBe(q!.detractors + w!.detractors);
        const byTp = new Map<string, number>();
        for (const x of [...q!.byTouchpoint, ...w!.byTouchpoint] as { touchpoint: string; count: number }[]) {
          byTp.set(x.touchpoint, (byTp.get(x.touchpoint) ?? 0) + x.count);
        }
        expect(
          Object.fromEntries(
            (t.byTouchpoint as { touchpoint: string; count: number }[]).map((x) => [x.touchpoint, x.count]),
          ),
          t.theme,
        ).toEqual(Object.fromEntries(byTp));
      }
      const trend = (ch: string) => get(c, `trend?from=${from}&to=${to}${ch}`) as Promise<Trend>;
      const [tAll, tQr, tWeb] = [await trend(''), await trend('&channel=qr'), await trend('&channel=web')];
      expect(tAll.withText).toEqual(add(tQr.withText, tWeb.withText));
      expect(tAll.withText.reduce((x, y) => x + y, 0)).toBe(all.withText);
      for (const t of tAll.themes) {
        const [q, w] = [tQr, tWeb].map((v) => v.themes.find((x) => x.theme === t.theme)!);
        expect(t.count, t.theme).toEqual(add(q!.count, w!.count));
        expect(t.negative, t.theme).toEqual(add(q!.negative, w!.negative));
      }
    }
  });

  it('keeps the daily, channel and weekly rollups equal to a recount of the analysed responses on both stores', async () => {
    for (const table of ['insight_rollups', 'insight_channel_rollups', 'insight_week_rollups']) {
      expect(await query(`SELECT 1 FROM ${table} WHERE count > 0`), table).not.toHaveLength(0);
    }
    await allZero();
    expect(await query('SELECT 1 FROM insight_queue')).toHaveLength(0);
  });

  it("removes an erased respondent's analyses from the rows and the rollups on both stores", async () => {
    for (const c of [lite, pgsql]) {
      const res = await c.app.inject({
        method: 'DELETE',
        url: '/v1/admin/sites/shop/respondents/cust-1',
        headers: admin(),
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const left = await query<{ n: number }>(
      `SELECT count(*) AS n FROM response_insights ri JOIN responses r ON r.id = ri.response_id
      WHERE r.respondent_id = 'cust-1'`,
    );
    expect(Number(left[0]!.n)).toBe(0);
    const gone = comments(now)
      .filter((r) => r.respondent?.id === 'cust-1')
      .map((r) => r.id);
    expect(gone.length).toBeGreaterThan(10);
    expect(await query('SELECT 1 FROM response_insights WHERE response_id = ANY($1)', [gone])).toHaveLength(0);
    expect(await query('SELECT 1 FROM response_insight_themes WHERE response_id = ANY($1)', [gone])).toHaveLength(0);
    expect(await query('SELECT 1 FROM response_insight_staff WHERE response_id = ANY($1)', [gone])).toHaveLength(0);
    await allZero();
    await sameViews();
  });

  it('lets two collectors share the work without analysing a response twice or counting it twice', async () => {
    const second = await startCollector({ env: { ...NO_TIMER, TOUCHPOINT_DB: db().url } });
    try {
      const more = comments(now, 1);
      await send(pgsql, more.slice(0, 150));
      await send(second, more.slice(150));
      const [a, b] = await Promise.all([pgsql.app.insights!.drain(), second.app.insights!.drain()]);
      expect(a + b).toBe(more.length);
      const analysed = await query<{ n: number }>(
        'SELECT count(*) AS n FROM response_insights WHERE response_id = ANY($1)',
        [more.map((r) => r.id)],
      );
      expect(Number(analysed[0]!.n)).toBe(more.length);
      await allZero();
    } finally {
      await second.close();
    }
  });
});
