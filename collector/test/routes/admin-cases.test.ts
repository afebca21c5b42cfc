import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseSummaryRow, FollowUpCase } from '@touchpoint/shared';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { adminCall, postResponse } from '../closed-loop/fixtures.js';

/** Detractor answers posted (a case each): more than two pages of the page size below. */
const CASES = 230;
const PAGE = 100;

describe('admin cases: paging and sort', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
    // Posted in batches, half of them from a day ago (so "newest" and "soonest due" differ).
    const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
    for (let i = 0; i < CASES; i += 100) {
      const n = Math.min(100, CASES - i);
      const responses = Array.from({ length: n }, (_, k) =>
        aResponse({ answers: { nps: (i + k) % 7 }, ...((i + k) % 2 ? { createdAt: dayAgo } : {}) }),
      );
      await postResponse(c, { responses });
    }
  });
  afterEach(() => c.close());

  /** Every page of a listing, following `x-next-cursor` until it is absent. */
  const walk = async (query: string) => {
    const seen: FollowUpCase[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await c.app.inject({
        url: `/v1/admin/sites/shop/cases?limit=${PAGE}${query}${cursor ? `&cursor=${cursor}` : ''}`,
        headers: { authorization: `Bearer ${c.adminKey}` },
      });
      expect(res.statusCode).toBe(200);
      seen.push(...(JSON.parse(res.body) as FollowUpCase[]));
      cursor = res.headers['x-next-cursor'] as string | undefined;
      pages++;
    } while (cursor && pages < 10);
    return { seen, pages };
  };

  it('walks every case exactly once, page by page, soonest due first', async () => {
    const { seen, pages } = await walk('');
    expect(pages).toBe(3);
    expect(seen).toHaveLength(CASES);
    expect(new Set(seen.map((x) => x.id)).size).toBe(CASES);
    const due = seen.map((x) => x.dueAt);
    expect(due).toEqual([...due].sort());
  });

  it('walks every case exactly once newest first too, and with a filter', async () => {
    const newest = await walk('&sort=newest');
    expect(new Set(newest.seen.map((x) => x.id)).size).toBe(CASES);
    const opened = newest.seen.map((x) => x.openedAt);
    expect(opened).toEqual([...opened].sort().reverse());
    const open = await walk('&sort=newest&status=open');
    expect(open.seen).toHaveLength(CASES);
  });

  it('lists a just-created case first when sorted newest first', async () => {
    await postResponse(c, aResponse({ answers: { nps: 0, why: 'mine' }, touchpoint: 'store-12' }));
    const [first] = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases?sort=newest&limit=1')).body;
    expect(first?.touchpoint).toBe('store-12');
  });

  it('sends no next cursor on the last page', async () => {
    const res = await c.app.inject({
      url: `/v1/admin/sites/shop/cases?limit=500`,
      headers: { authorization: `Bearer ${c.adminKey}` },
    });
    expect(JSON.parse(res.body)).toHaveLength(CASES);
    expect(res.headers['x-next-cursor']).toBeUndefined();
  });

  it('answers 400 naming the cursor or the sort for values not its own', async () => {
    const bad = await adminCall<{ code: string; message: string }>(c, 'GET', '/v1/admin/sites/shop/cases?cursor=nope');
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('cursor');
    const sort = await adminCall<{ code: string; message: string }>(c, 'GET', '/v1/admin/sites/shop/cases?sort=oldest');
    expect(sort.status).toBe(400);
    expect(sort.body.message).toContain('sort');
  });

  it('counts in the summary only the cases the filter matches', async () => {
    const [one] = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases?limit=1')).body;
    await adminCall(c, 'PATCH', `/v1/admin/sites/shop/cases/${one!.id}`, { status: 'resolved' });
    const sum = async (q: string) =>
      (await adminCall<CaseSummaryRow[]>(c, 'GET', `/v1/admin/sites/shop/cases/summary${q}`)).body.reduce(
        (t, r) => t + r.open + r.contacted + r.resolved,
        0,
      );
    expect(await sum('')).toBe(CASES);
    expect(await sum('?status=resolved')).toBe(1);
    expect(await sum('?status=open&touchpoint=store-12')).toBe(0);
  });
});
