import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

/** z for a two-sided 95% interval. */
const Z95 = 1.959963984540054;
const WINDOW = 'from=2025-03-01&to=2025-03-31';
const DAY = '2025-03-10T12:00:00.000Z';

/** NPS and its adjusted-Wald interval (Rocks 2016), written out by hand for the checks below. */
function handNps(promoters: number, passives: number, detractors: number) {
  const n = promoters + passives + detractors;
  const nAdj = n + 3;
  const pP = (promoters + 0.75) / nAdj;
  const pD = (detractors + 0.75) / nAdj;
  const se = Math.sqrt((pP + pD - (pP - pD) ** 2) / nAdj);
  return {
    n,
    score: (100 * (promoters - detractors)) / n,
    low: Math.max(-100, 100 * (pP - pD - Z95 * se)),
    high: Math.min(100, 100 * (pP - pD + Z95 * se)),
  };
}

describe('admin API: scores', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const ingest = async (responses: ResponseInput[]) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.statusCode).toBe(200);
  };
  const get = (url: string, key = c.adminKey) => c.app.inject({ url, headers: admin(key) });
  const json = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const at = (nps: number, over: Partial<ResponseInput> = {}, vars: Record<string, string | number> = {}) =>
    aResponse({
      answers: { nps },
      createdAt: DAY,
      context: { channel: 'web', trigger: 'exit-intent:desktop', vars },
      ...over,
    });
  /** Checkout: 10 answers, 5 promoters, 2 passives, 3 detractors (NPS 20). Store 12: 9, 2, 5, 10 (NPS 0). */
  const seedFixed = async () => {
    await ingest(
      [10, 10, 9, 9, 9, 8, 7, 6, 3, 0].map((v, i) => at(v, {}, { segment: v >= 9 ? 'gold' : 'new', bill: i * 10 })),
    );
    const kiosk = { touchpoint: 'store-12', context: { channel: 'kiosk' as const, trigger: 'kiosk', vars: {} } };
    await ingest([9, 2, 5, 10].map((v) => at(v, kiosk)));
  };

  it('scores NPS per touchpoint and overall exactly as counted by hand', async () => {
    await seedFixed();
    const body = await json(`/v1/admin/sites/shop/scores?metric=nps&by=touchpoint&${WINDOW}`);
    expect(body).toMatchObject({ metric: 'nps', by: 'touchpoint', from: '2025-03-01', to: '2025-03-31' });
    const checkout = handNps(5, 2, 3);
    expect(checkout.score).toBe(20);
    const row = body.rows.find((r: { key: string }) => r.key === 'checkout');
    expect(row).toMatchObject({ n: 10, promoters: 5, passives: 2, detractors: 3, score: 20 });
    expect(row.low).toBeCloseTo(checkout.low, 9);
    expect(row.high).toBeCloseTo(checkout.high, 9);
    expect(body.rows.find((r: { key: string }) => r.key === 'store-12')).toMatchObject({ n: 4, score: 0 });
    expect(body.overall).toMatchObject({ key: 'all', n: 14, promoters: 7, detractors: 5 });
    expect(body.overall.score).toBeCloseTo((100 * 2) / 14, 9);
  });

  it('answers n = 0 with null scores when the window holds no answers', async () => {
    await seedFixed();
    const body = await json('/v1/admin/sites/shop/scores?metric=csat&from=2025-03-01&to=2025-03-31');
    expect(body.overall).toMatchObject({ n: 0, score: null, low: null, high: null });
    expect(body.rows).toEqual([]);
    const trend = await json('/v1/admin/sites/shop/scores/trend?interval=day&from=2024-01-01&to=2024-01-03');
    expect(trend.points.map((p: { n: number; score: null }) => [p.n, p.score])).toEqual([
      [0, null],
      [0, null],
      [0, null],
    ]);
  });

  it('ranks the leaderboard with response rate and low-sample flag, hiding a change from a previous n under minN (regression: ▲ +120 from 2 answers)', async () => {
    await seedFixed();
    await ingest([at(0, { createdAt: '2025-02-15T10:00:00.000Z' }), at(1, { createdAt: '2025-02-20T10:00:00.000Z' })]);
    const impressions = Array.from({ length: 20 }, () => ({
      type: 'impression',
      id: randomUUID(),
      site: 'shop',
      survey: 'nps',
      touchpoint: 'checkout',
      createdAt: DAY,
    }));
    expect(
      (await c.app.inject({ method: 'POST', url: '/v1/events', payload: { events: impressions } })).statusCode,
    ).toBe(200);
    const body = await json(`/v1/admin/sites/shop/scores/leaderboard?${WINDOW}&minN=5`);
    expect(body).toMatchObject({ previousFrom: '2025-01-29', previousTo: '2025-02-28', minN: 5 });
    expect(body.rows).toHaveLength(2);
    expect(body.rows[0]).toMatchObject({
      rank: 1,
      key: 'checkout',
      n: 10,
      score: 20,
      previous: -100,
      previousN: 2,
      change: null,
      significant: null,
      responseRate: 0.5,
      lowSample: false,
    });
    expect(body.rows[1]).toMatchObject({ rank: null, key: 'store-12', lowSample: true, responseRate: null });
  });

  it('ranks every answered touchpoint by its shrunk score with rank=shrunk', async () => {
    await seedFixed();
    const body = await json(`/v1/admin/sites/shop/scores/leaderboard?${WINDOW}&rank=shrunk`);
    expect(body.rankBy).toBe('shrunk');
    expect(body.shrinkage.mean).toBeGreaterThan(0);
    expect(body.shrinkage.mean).toBeLessThan(20);
    // NPS 20 from 10 answers and 0 from 4 differ less than their noise: τ² = 0, both at the mean, tied.
    expect(body.shrinkage.tau2).toBe(0);
    expect(body.rows.map((r: { key: string; rank: number }) => [r.key, r.rank])).toEqual([
      ['checkout', 1],
      ['store-12', 1],
    ]);
    for (const row of body.rows) {
      expect(row.lowSample).toBe(true); // n 10 and 4 < minN 30, ranked all the same
      expect(row.shrunk).toBeCloseTo(body.shrinkage.mean, 10);
      expect([row.rankLow, row.rankHigh]).toEqual([1, 2]);
    }
    const plain = await json(`/v1/admin/sites/shop/scores/leaderboard?${WINDOW}`);
    expect(plain).toMatchObject({ rankBy: 'score', shrinkage: null });
    expect(plain.rows[0]).toMatchObject({ shrunk: null, rankLow: null, rankHigh: null });
    const bad = await get(`/v1/admin/sites/shop/scores/leaderboard?${WINDOW}&rank=best`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/rank/);
  });

  it('splits touchpoints into quintiles and says when there are too few to read', async () => {
    await seedFixed();
    const body = await json(`/v1/admin/sites/shop/scores/quintiles?${WINDOW}&minN=1`);
    expect(body.quintiles).toHaveLength(5);
    expect(body.quintiles.flatMap((q: { keys: string[] }) => q.keys).sort()).toEqual(['checkout', 'store-12']);
    expect(body.gap).toBe(20);
    expect(body.gapLow).toBeLessThanOrEqual(20);
    expect(body.gapHigh).toBeGreaterThanOrEqual(20);
    expect(body.bootstrap).toBe(1000);
    expect(body.heterogeneity).toMatchObject({ k: 2 });
    expect(body.quintiles.map((q: { size: number }) => q.size)).toEqual([0, 1, 0, 1, 0]);
    expect(body.warning).toMatch(/Only 2 touchpoints/);
    expect(body.reading).toBe('insufficient-data');
  });

  it('trends by day and ISO week, keeping days without answers', async () => {
    await seedFixed();
    const days = await json('/v1/admin/sites/shop/scores/trend?interval=day&from=2025-03-09&to=2025-03-11');
    expect(days.points.map((p: { key: string; n: number }) => [p.key, p.n])).toEqual([
      ['2025-03-09', 0],
      ['2025-03-10', 14],
      ['2025-03-11', 0],
    ]);
    const weeks = await json(`/v1/admin/sites/shop/scores/trend?interval=week&${WINDOW}`);
    const week = weeks.points.find((p: { key: string }) => p.key === '2025-W11');
    expect(week).toMatchObject({ start: '2025-03-10', end: '2025-03-16', n: 14 });
  });

  it('breaks a score down by a variable, by device, and filters by a variable', async () => {
    await seedFixed();
    const seg = await json(`/v1/admin/sites/shop/scores/segments?variable=var.segment&${WINDOW}`);
    // Few levels: read from the variable rollups, and the reply says so.
    expect(seg).toMatchObject({ variable: 'var.segment', kind: 'categorical', source: 'rollup' });
    expect(seg.rows.find((r: { key: string }) => r.key === 'gold')).toMatchObject({ n: 5, score: 100 });
    expect(seg.rows.find((r: { key: string }) => r.key === 'new')).toMatchObject({ n: 5, score: -60 });
    expect(seg.rows.find((r: { key: string }) => r.key === '(missing)')).toMatchObject({ n: 4, score: 0 });
    const bills = await json(`/v1/admin/sites/shop/scores/segments?variable=var.bill&bins=2&${WINDOW}`);
    expect(bills.kind).toBe('numeric');
    expect(bills.bins[0].min).toBeNull();
    const byTrigger = await json(`/v1/admin/sites/shop/scores?by=trigger&${WINDOW}`);
    expect(byTrigger.rows.map((r: { key: string; n: number }) => [r.key, r.n])).toEqual([
      ['exit-intent:desktop', 10],
      ['kiosk', 4],
    ]);
    const gold = await json(`/v1/admin/sites/shop/scores?by=touchpoint&var.segment=gold&${WINDOW}`);
    expect(gold.overall).toMatchObject({ n: 5, score: 100 });
    expect(gold.source).toBe('rollup');
  });

  it('says on every score reply whether the rollups answered or a scan did, and why', async () => {
    await seedFixed();
    const two = 'var.segment=gold&var.bill=0';
    for (const path of ['?by=touchpoint&', '/leaderboard?', '/quintiles?', '/trend?interval=week&']) {
      const plain = await json(`/v1/admin/sites/shop/scores${path}${WINDOW}`);
      expect(plain.source, path).toBe('rollup');
      const one = await json(`/v1/admin/sites/shop/scores${path}var.segment=gold&${WINDOW}`);
      expect(one.source, path).toBe('rollup');
      // Two var.* filters: an exact scan, the same counts, and the reply says why.
      const scanned = await json(`/v1/admin/sites/shop/scores${path}${two}&${WINDOW}`);
      expect(scanned.source, path).toBe('scan');
      expect(scanned.sourceNote, path).toMatch(/one var\.\* filter at a time/);
    }
    const both = await json(`/v1/admin/sites/shop/scores?by=touchpoint&${two}&${WINDOW}`);
    expect(both.overall).toMatchObject({ n: 1, score: 100 });
  });

  it('ranks first the variable that splits promoters from detractors', async () => {
    await ingest(
      Array.from({ length: 40 }, (_, i) =>
        at(i % 2 === 0 ? 10 : 2, {}, { tier: i % 2 === 0 ? 'a' : 'b', noise: i % 4 < 2 ? 'x' : 'y' }),
      ),
    );
    const body = await json(`/v1/admin/sites/shop/scores/drivers?${WINDOW}`);
    expect(body.n).toBe(40);
    expect(body.source).toBe('rollup');
    expect(body.drivers[0]).toMatchObject({ variable: 'var.tier', etaSquared: 1 });
    expect(body.drivers[0].best).toMatchObject({ level: 'a', mean: 100 });
    const noise = body.drivers.find((d: { variable: string }) => d.variable === 'var.noise');
    expect(noise.etaSquaredAdjusted).toBe(0);
  });

  it('rates a touchpoint’s impact as the NPS gap between satisfied and unsatisfied respondents', async () => {
    const post = {
      id: 'post',
      name: 'Post purchase',
      touchpoint: 'checkout',
      questions: [
        { id: 'sat', type: 'csat', text: { en: 'Satisfied?' } },
        { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
      ],
    };
    const made = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: post,
    });
    expect(made.statusCode).toBe(201);
    const pairs: [number, number][] = [
      [5, 10],
      [4, 9],
      [2, 3],
      [1, 8],
    ];
    await ingest(pairs.map(([sat, nps]) => aResponse({ survey: 'post', answers: { sat, nps }, createdAt: DAY })));
    const body = await json(`/v1/admin/sites/shop/scores/impact?rating=csat&minN=1&${WINDOW}`);
    expect(body.rows).toHaveLength(1);
    expect(body.rows[0]).toMatchObject({ key: 'checkout', n: 4, impact: 150, lowSample: false });
    expect(body.rows[0].positive).toMatchObject({ n: 2, score: 100 });
    expect(body.rows[0].notPositive).toMatchObject({ n: 2, score: -50 });
  });

  it('gives response rates per trigger from impressions and answers', async () => {
    await seedFixed();
    const shown = (trigger: string | undefined, n: number) =>
      Array.from({ length: n }, () => ({
        type: 'impression',
        id: randomUUID(),
        site: 'shop',
        survey: 'nps',
        touchpoint: 'checkout',
        createdAt: DAY,
        ...(trigger ? { trigger } : {}),
      }));
    const events = [...shown('exit-intent:desktop', 40), ...shown(undefined, 5)];
    await c.app.inject({ method: 'POST', url: '/v1/events', payload: { events } });
    const body = await json(`/v1/admin/sites/shop/scores/response-rates?by=trigger&${WINDOW}`);
    expect(body.rows).toEqual([
      { key: '(none)', answered: 0, impressions: 5, rate: 0 },
      { key: 'exit-intent:desktop', answered: 10, impressions: 40, rate: 0.25 },
      { key: 'kiosk', answered: 4, impressions: 0, rate: null },
    ]);
    expect(body.overall).toEqual({ key: 'all', answered: 14, impressions: 45, rate: 14 / 45 });
  });

  it('counts a partial response once when it is completed, and forgets a deleted one', async () => {
    const r = at(3, { partial: true });
    await ingest([r]);
    await ingest([{ ...r, partial: false, answers: { nps: 3, why: 'slow' } }]);
    const url = `/v1/admin/sites/shop/scores?by=none&${WINDOW}`;
    expect((await json(url)).overall).toMatchObject({ n: 1, detractors: 1 });
    const del = await c.app.inject({
      method: 'DELETE',
      url: `/v1/admin/sites/shop/responses/${r.id}`,
      headers: admin(),
    });
    expect(del.statusCode).toBe(204);
    expect((await json(url)).overall).toMatchObject({ n: 0, score: null });
  });

  it('defaults to the last 90 days', async () => {
    await ingest([at(10, { createdAt: new Date().toISOString() }), at(0, { createdAt: '2020-01-01T00:00:00Z' })]);
    const body = await json('/v1/admin/sites/shop/scores?by=none');
    expect(body.overall).toMatchObject({ n: 1, score: 100 });
    expect(body.to).toBe(new Date().toISOString().slice(0, 10));
  });

  it('lets a read-only key read every score endpoint', async () => {
    await seedFixed();
    const made = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/keys',
      headers: admin(),
      payload: { name: 'analyst', kind: 'read' },
    });
    const { secret } = made.json() as { secret: string };
    for (const path of [
      '',
      '/leaderboard',
      '/quintiles',
      '/segments?variable=channel',
      '/drivers',
      '/impact',
      '/trend',
    ]) {
      const res = await get(`/v1/admin/sites/shop/scores${path}`, secret);
      expect(res.statusCode, path).toBe(200);
    }
    expect((await get('/v1/admin/sites/shop/scores/response-rates', secret)).statusCode).toBe(200);
    expect((await c.app.inject({ url: '/v1/admin/sites/shop/scores' })).statusCode).toBe(401);
  });

  it('rejects a bad query with a 400 that names the field', async () => {
    const problem = async (url: string) => {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      return (res.json() as { details: { path: string }[] }).details.map((d) => d.path);
    };
    expect(await problem('/v1/admin/sites/shop/scores?metric=happiness')).toEqual(['querystring.metric']);
    expect(await problem('/v1/admin/sites/shop/scores?from=2025-13-01')).toEqual(['querystring.from']);
    expect(await problem('/v1/admin/sites/shop/scores?from=2025-03-02&to=2025-03-01')).toEqual(['querystring.from']);
    expect(await problem('/v1/admin/sites/shop/scores?colour=red')).toEqual(['querystring.colour']);
    expect(await problem('/v1/admin/sites/shop/scores/segments')).toEqual(['querystring.variable']);
    expect(await problem('/v1/admin/sites/shop/scores/drivers?variables=var.ok,bad%20name')).toEqual(['variables']);
    expect(await problem('/v1/admin/sites/shop/scores/response-rates?var.segment=gold')).toEqual(['var.segment']);
    expect(await problem('/v1/admin/sites/shop/scores/trend?interval=hour')).toEqual(['querystring.interval']);
  });

  it('answers 404 for an unknown site', async () => {
    const res = await get('/v1/admin/sites/nowhere/scores/leaderboard');
    expect(res.statusCode).toBe(404);
  });
});
