import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { SqliteInsights } from '../../src/insights/sqlite-insights.js';
import { bucketOf } from '../../src/scoring/calendar.js';
import { InsightThread } from '../../src/insights/insight-thread.js';
import { InsightWorker } from '../../src/insights/worker.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { admin, type TestCollector } from '../helpers/collector.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse } from '../helpers/fixtures.js';

// Migration 028: SQLite's insight rollups are added per batch of stored analyses (one grouped upsert per
// table), no longer by a row trigger per analysis and theme row. Each table must hold exactly what a count
// from the stored rows gives, whatever a batch holds: a response twice, a response analysed again.

let c: TestCollector;
let db: Database;
beforeEach(async () => {
  c = await startWithCommentSurvey({ TOUCHPOINT_INSIGHTS_WORKER: 'off' });
  db = (c.app.store as SqliteStore).db;
});
afterEach(() => c.close());

const TEXTS = [
  'The queue at the checkout was far too long.',
  'Lovely staff, very helpful.',
  '',
  'Wet floor, slippery.',
];

async function send(n: number, from: number): Promise<void> {
  const responses = Array.from({ length: n }, (_, k) => {
    const i = from + k;
    return aResponse({
      survey: 'comment',
      answers: { nps: i % 11, comment: TEXTS[i % TEXTS.length] ?? '' },
      createdAt: new Date(Date.UTC(2026, 10, 20 + (i % 9), 12)).toISOString(),
      context: {
        channel: i % 3 === 0 ? 'kiosk' : 'web',
        // Two variables rolled up with their own levels (insight_var_rollups counts them), one absent on some.
        vars: { region: i % 2 ? 'North' : 'South', ...(i % 4 ? { tier: i % 3 } : {}) },
      },
    });
  });
  const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
  expect(res.statusCode, res.body).toBe(200);
}

/** Every count the stored analyses contribute (theme '' for each, '*' with text, each theme row). */
const PARTS = `(SELECT ri.response_id, ri.site, ri.day, ri.channel, ri.touchpoint, t.theme, ri.band,
    coalesce(ri.sentiment, '') AS sentiment FROM response_insights ri, (SELECT '' AS theme UNION ALL SELECT '*') t
    WHERE t.theme = '' OR ri.has_text = 1
  UNION ALL SELECT response_id, site, day, channel, touchpoint, theme, band, sentiment FROM response_insight_themes)`;
const WEEK = "date(day, 'weekday 0', '-6 days')";

function expectRollupsEqualRecount(): void {
  const same = (stored: string, recount: string) => {
    const a = db.prepare(`${stored} ORDER BY 1, 2, 3, 4, 5, 6`).all();
    const b = db.prepare(`${recount} ORDER BY 1, 2, 3, 4, 5, 6`).all();
    expect(a.length).toBeGreaterThan(0);
    expect(a).toEqual(b);
  };
  same(
    'SELECT site, day, touchpoint, theme, band, sentiment, count FROM insight_rollups WHERE count <> 0',
    `SELECT site, day, touchpoint, theme, band, sentiment, count(*) AS count FROM ${PARTS}
      GROUP BY site, day, touchpoint, theme, band, sentiment`,
  );
  same(
    'SELECT site, channel, theme, day, touchpoint, band, sentiment, count FROM insight_channel_rollups WHERE count <> 0',
    `SELECT site, channel, theme, day, touchpoint, band, sentiment, count(*) AS count FROM ${PARTS}
      GROUP BY site, channel, theme, day, touchpoint, band, sentiment`,
  );
  same(
    'SELECT site, touchpoint, theme, week, band, sentiment, count FROM insight_week_rollups WHERE count <> 0',
    `SELECT site, '' AS touchpoint, theme, ${WEEK} AS week, band, sentiment, count(*) AS count FROM ${PARTS}
      GROUP BY site, theme, week, band, sentiment
     UNION ALL SELECT site, touchpoint, theme, ${WEEK} AS week, '', '', count(*) FROM ${PARTS}
      GROUP BY site, touchpoint, theme, week`,
  );
  // Migration 023's own recount of the variable-level rows.
  same(
    `SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, count
      FROM insight_var_rollups WHERE count <> 0`,
    `SELECT site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment, count(*) AS count
      FROM insight_var_parts GROUP BY site, variable, level, grain, day, channel, touchpoint, theme, band, sentiment`,
  );
}

it('keeps every insight rollup equal to a recount through batches, repeats within a batch and analyses replaced', async () => {
  const worker = new InsightWorker(new SqliteInsights(db));
  await send(60, 0);
  expect(await worker.runBatch(20)).toBe(20);
  // One batch holding every analysis twice (with rollup rows of the same keys already there): each is stored
  // and counted once.
  const first = worker.analyseNext(30)!;
  expect(first.done.length).toBe(30);
  await worker.record({ done: [...first.done, ...first.done], watermark: first.watermark });
  expectRollupsEqualRecount();
  // The rest, then the first batch analysed again (replaced: taken out by the delete triggers, added again).
  while ((await worker.runBatch(7)) > 0);
  await worker.record({ done: first.done.slice(0, 25), watermark: undefined });
  expect(db.prepare('SELECT count(*) FROM response_insights').pluck().get()).toBe(60);
  expectRollupsEqualRecount();
  // A deleted response and new ones after it.
  const gone = first.done[3]!.response.id;
  const del = await c.app.inject({
    method: 'DELETE',
    url: `/v1/admin/sites/shop/responses/${gone}`,
    headers: admin(),
  });
  expect(del.statusCode, del.body).toBe(204);
  await send(30, 60);
  while ((await worker.runBatch()) > 0);
  expectRollupsEqualRecount();
});

it('reads ahead on the insight thread while a full batch is recorded, and still records every response once', async () => {
  const store = c.app.store as SqliteStore;
  const thread = new InsightThread(
    store.file,
    new InsightWorker(new SqliteInsights(db, store.sites), store.insightRecorder()),
  );
  try {
    // Partial responses among the first ones (no comment yet), completed with one while batches are on their way.
    const partial = Array.from({ length: 5 }, (_, i) =>
      aResponse({
        survey: 'comment',
        partial: true,
        answers: { nps: 2 },
        createdAt: new Date(Date.now() - i * 60_000).toISOString(), // recent: watched for completion
      }),
    );
    let res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses: partial } });
    expect(res.statusCode, res.body).toBe(200);
    for (let i = 0; i < 600; i += 100) await send(100, i);
    let analysed = await thread.runBatch(100); // full: the next 100 are read ahead while these are recorded
    analysed += await thread.runBatch(100);
    const completed = partial.map((r) => ({
      ...r,
      partial: false,
      answers: { comment: 'The queue at the checkout was far too long.' },
    }));
    res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses: completed } });
    expect(res.statusCode, res.body).toBe(200);
    await send(100, 600);
    await send(100, 700);
    for (let n = -1; n !== 0; analysed += n) n = await thread.runBatch(100);
    expect(thread.readAhead).toBeGreaterThanOrEqual(3);
    expect(analysed).toBeGreaterThanOrEqual(805); // the completed ones again, at least
    expect(db.prepare('SELECT count(*) FROM response_insights').pluck().get()).toBe(805);
    expect(
      db
        .prepare(
          'SELECT count(*) FROM responses r WHERE NOT EXISTS (SELECT 1 FROM response_insights ri WHERE ri.response_id = r.id)',
        )
        .pluck()
        .get(),
    ).toBe(0);
    // The completions were analysed again, with the comment they brought.
    const themes = db
      .prepare(
        `SELECT ri.has_text AS text, coalesce(group_concat(t.theme), '') AS themes FROM response_insights ri LEFT JOIN response_insight_themes t USING (response_id)
        WHERE ri.response_id IN (${partial.map(() => '?').join(', ')}) GROUP BY ri.response_id`,
      )
      .all(...partial.map((r) => r.id)) as { text: number; themes: string }[];
    expect(themes).toHaveLength(5);
    expect(themes.every((t) => t.text === 1 && t.themes !== '')).toBe(true);
    expectRollupsEqualRecount();
  } finally {
    await thread.close();
  }
});

it('does not use a batch read ahead before a taxonomy edit: the next batch is analysed with the new taxonomy', async () => {
  const store = c.app.store as SqliteStore;
  const insights = new SqliteInsights(db, store.sites);
  const worker = new InsightWorker(insights, store.insightRecorder());
  const thread = new InsightThread(store.file, worker);
  try {
    for (let i = 0; i < 300; i += 100) await send(100, i);
    expect(await thread.runBatch(100)).toBe(100); // the next 100 are read ahead, with the seeded taxonomy
    insights.saveConfig('shop', {
      taxonomy: { themes: [{ id: 'floors', label: 'Floors', terms: { en: ['floor'] } }] },
    });
    worker.forget('shop');
    while ((await thread.runBatch(100)) > 0);
    // Every "Wet floor" comment after the first batch carries the new theme.
    const floors = db
      .prepare(
        `SELECT count(*) FROM response_insights ri JOIN responses r ON r.id = ri.response_id
        WHERE r.rowid > (SELECT min(rowid) + 100 FROM responses) AND json_extract(r.answers, '$.comment') LIKE 'Wet floor%'
          AND NOT EXISTS (SELECT 1 FROM response_insight_themes t WHERE t.response_id = ri.response_id AND t.theme = 'floors')`,
      )
      .pluck()
      .get();
    expect(floors).toBe(0);
    expect(thread.readAhead).toBeGreaterThanOrEqual(1); // later full batches still read ahead
  } finally {
    await thread.close();
  }
});

it("sums a batch's weeks by the Monday SQLite's date(day, 'weekday 0', '-6 days') gives, across a year's end", () => {
  const monday = db.prepare("SELECT date(?, 'weekday 0', '-6 days')").pluck();
  for (let d = Date.UTC(2026, 11, 20); d <= Date.UTC(2027, 0, 12); d += 86_400_000) {
    const day = new Date(d).toISOString().slice(0, 10);
    expect(bucketOf(day, 'week').start, day).toBe(monday.get(day));
  }
});

it('counts the variable levels of a site only while one of its variables is rolled up with its own levels', async () => {
  await send(8, 0);
  await c.app.insights!.drain();
  const varRows = () => db.prepare('SELECT count(*) FROM insight_var_rollups').pluck().get() as number;
  expect(varRows()).toBeGreaterThan(0);
  db.prepare("UPDATE rollup_variables SET scan_only = 1 WHERE site = 'shop'").run();
  db.prepare('DELETE FROM insight_var_rollups').run();
  await send(8, 8);
  await c.app.insights!.drain();
  expect(varRows()).toBe(0);
  const responses = db.prepare("SELECT sum(count) FROM insight_rollups WHERE theme = ''").pluck().get();
  expect(responses).toBe(16);
});
