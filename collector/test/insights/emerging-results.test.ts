import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EmergingQuery, ResponseInput } from '@touchpoint/shared';
import { EMERGING_REFRESH_COMMENTS } from '../../src/insights/emerging-results.js';
import type { EmergingView } from '../../src/insights/insight-store.js';
import { computeEmerging as computeSqlite } from '../../src/insights/sqlite-emerging-view.js';
import { computeEmerging as computePostgres } from '../../src/store/postgres/insight-views.js';
import { admin, type TestCollector } from '../helpers/collector.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse } from '../helpers/fixtures.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';

/** Only the tests' `drain` and `refreshEmerging` calls run: no timer. */
const NO_TIMER = { TOUCHPOINT_INSIGHTS_WORKER: 'off' };
const HOUR_MS = 3_600_000;

/** Unmatched by the seeded taxonomy, with recurring content words: the escalator, the fitting rooms. */
const ESCALATOR = [
  'The escalator was out of order again.',
  'Escalator stopped, had to walk up.',
  'Why is the escalator always stopped?',
];
const FITTING = [
  'Fitting rooms closed on a Saturday.',
  'Only one fitting room open.',
  'The fitting rooms had no mirrors.',
];
/** Matched by the seeded taxonomy: the background of the lift. */
const MATCHED = [
  'The queue at the checkout was far too long.',
  'Friendly staff, very helpful.',
  'Too expensive for what it is.',
];

let serial = 0;
const uuid = () => `00000000-0000-4000-9000-${(++serial).toString(16).padStart(12, '0')}`;
const responsesOf = (texts: readonly string[], n: number, now: number): ResponseInput[] =>
  Array.from({ length: n }, (_, i) =>
    aResponse({
      id: uuid(),
      survey: 'comment',
      answers: { nps: i % 11, comment: texts[i % texts.length]! },
      locale: 'en',
      createdAt: new Date(now - (i % 20) * HOUR_MS).toISOString(),
      respondent: { id: `resp-${serial}` },
    }),
  );

type Compute = (q: EmergingQuery) => Promise<Omit<EmergingView, 'computedAt'>>;

/**
 * The stored emerging results on one store: read back while fresh, the same as the computation on the same
 * data, recomputed at once after a taxonomy edit, refreshed by the worker's tick, dropped with a deleted example.
 */
function storedResultCases(start: () => Promise<{ c: TestCollector; compute: Compute; rows: () => Promise<number> }>) {
  let c: TestCollector;
  let compute: Compute;
  let rows: () => Promise<number>;
  const now = Date.now();
  const q: EmergingQuery = { minCount: 3, limit: 10 };
  const get = async (path = 'emerging') => {
    const res = await c.app.inject({ url: `/v1/admin/sites/shop/insights/${path}`, headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as EmergingView;
  };
  const withoutTime = ({ computedAt: _, ...v }: EmergingView) => v;
  const send = async (responses: ResponseInput[]) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.statusCode, res.body).toBe(200);
    expect(await c.app.insights!.drain()).toBe(responses.length);
  };

  beforeAll(async () => {
    ({ c, compute, rows } = await start());
    await send([...responsesOf(ESCALATOR, 12, now), ...responsesOf(MATCHED, 30, now)]);
  });
  afterAll(async () => {
    await c?.close();
  });

  it('stores the clustering once and reads it back: the same answer as computing it on the same data', async () => {
    const first = await get();
    expect(first.clusters.length).toBeGreaterThan(0);
    expect(await rows()).toBe(1);
    const again = await get();
    expect(again).toEqual(first); // computedAt too: read back, not computed
    expect(withoutTime(again)).toEqual(await compute(q));
  });

  it('answers from the stored result until enough comments arrived, then the worker refreshes it', async () => {
    const first = await get();
    await send(responsesOf(FITTING, EMERGING_REFRESH_COMMENTS - 1, now));
    expect(await get()).toEqual(first); // fewer than the threshold: the stored result stands
    await send(responsesOf(FITTING, 1, now));
    expect(await c.app.insights!.store.refreshEmerging()).toBe(1);
    expect(await c.app.insights!.store.refreshEmerging()).toBe(0);
    const refreshed = await get();
    expect(refreshed.computedAt).not.toBe(first.computedAt);
    expect(refreshed.clusters.flatMap((k) => k.terms)).toContain('fitting rooms');
    expect(withoutTime(refreshed)).toEqual(await compute(q));
  });

  it('computes again at once after a taxonomy edit; a promoted term leaves the list with the backfill', async () => {
    const before = await get();
    const taxonomy = (
      await c.app.inject({ url: '/v1/admin/sites/shop/insights/taxonomy', headers: admin() })
    ).json() as {
      themes: object[];
    };
    // As the dashboard's "Promote to theme" does: a theme with the top cluster's terms.
    const top = before.clusters[0]!;
    const promoted = { id: 'promoted', label: top.label, terms: { en: top.terms } };
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/sites/shop/insights/taxonomy',
      headers: admin(),
      payload: { themes: [...taxonomy.themes, promoted] },
    });
    expect(put.statusCode, put.body).toBe(200);
    expect(await rows()).toBe(0);
    const edited = await get();
    expect(edited.computedAt).not.toBe(before.computedAt);
    expect(withoutTime(edited)).toEqual(await compute(q));
    await c.app.insights!.backfill('shop');
    const after = await get();
    expect(after.clusters.map((k) => k.label)).not.toContain(top.label);
    expect(withoutTime(after)).toEqual(await compute(q));
  });

  it('drops a stored result whose example was deleted, so it never quotes a comment that is gone', async () => {
    const view = await get();
    const quoted = view.clusters[0]!.examples[0]!.responseId;
    expect(await rows()).toBe(1);
    const res = await c.app.inject({
      method: 'DELETE',
      url: `/v1/admin/sites/shop/responses/${quoted}`,
      headers: admin(),
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    expect(await rows()).toBe(0);
    const fresh = await get();
    expect(fresh.clusters.flatMap((k) => k.examples.map((e) => e.responseId))).not.toContain(quoted);
  });
}

describe('stored emerging themes on SQLite', () => {
  storedResultCases(async () => {
    const c = await startWithCommentSurvey(NO_TIMER);
    const file = () => new Database(c.dbPath, { readonly: true });
    return {
      c,
      async compute(q) {
        const db = file();
        try {
          return computeSqlite(db, 'shop', q);
        } finally {
          db.close();
        }
      },
      async rows() {
        const db = file();
        try {
          return db.prepare('SELECT count(*) FROM insight_emerging').pluck().get() as number;
        } finally {
          db.close();
        }
      },
    };
  });
});

describePostgres('stored emerging themes on PostgreSQL', (db) => {
  let pool: pg.Pool | undefined;
  afterAll(async () => {
    await pool?.end();
  });
  storedResultCases(async () => {
    await truncateAll(db().url);
    const c = await startWithCommentSurvey({ ...NO_TIMER, TOUCHPOINT_DB: db().url });
    const p = (pool = new pg.Pool({ connectionString: db().url, max: 2 }));
    return {
      c,
      compute: (q) => computePostgres(p, 'shop', q),
      async rows() {
        return Number((await p.query<{ n: string }>('SELECT count(*) AS n FROM insight_emerging')).rows[0]!.n);
      },
    };
  });
});
