import { afterEach, beforeEach, expect, it } from 'vitest';
import type { Database } from 'better-sqlite3';
import { SqliteInsights } from '../../src/insights/sqlite-insights.js';
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
