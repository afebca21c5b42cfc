import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

const WINDOW = 'from=2025-03-01&to=2025-03-31';
const DAY = '2025-03-10T12:00:00.000Z';

describe('admin API: multivariable drivers, channel effects, importance grid', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
    for (const id of ['store-a', 'store-b']) {
      const res = await c.app.inject({
        method: 'POST',
        url: '/v1/admin/sites/shop/touchpoints',
        headers: admin(c.adminKey),
        payload: { id, name: id, kind: 'store' },
      });
      expect(res.statusCode, res.body).toBe(201);
    }
  });
  afterEach(() => c.close());

  /** Posts responses in batches the API accepts. */
  const ingest = async (responses: ResponseInput[]) => {
    for (let i = 0; i < responses.length; i += 50) {
      const batch = responses.slice(i, i + 50);
      const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses: batch } });
      expect(res.statusCode, res.body).toBe(200);
    }
  };
  const get = (url: string) => c.app.inject({ url, headers: admin(c.adminKey) });
  const json = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** NPS answers at one store through one channel: promoters 10, passives 8, detractors 3. */
  const cell = (touchpoint: string, channel: 'qr' | 'kiosk', p: number, pa: number, d: number) =>
    [...Array<number>(p).fill(10), ...Array<number>(pa).fill(8), ...Array<number>(d).fill(3)].map((nps) =>
      aResponse({ touchpoint, answers: { nps }, createdAt: DAY, context: { channel, trigger: 'manual', vars: {} } }),
    );
  /**
   * At both stores the kiosk is exactly 15 points under QR, but most kiosk answers come from the better
   * store, so pooled the kiosk looks best (38.3 vs 36.7).
   *   store-a: QR 20 answers NPS 70, kiosk 40 NPS 55;  store-b: QR 40 NPS 20, kiosk 20 NPS 5.
   */
  const seedSimpson = () =>
    ingest([
      ...cell('store-a', 'qr', 15, 4, 1),
      ...cell('store-a', 'kiosk', 26, 10, 4),
      ...cell('store-b', 'qr', 16, 16, 8),
      ...cell('store-b', 'kiosk', 6, 9, 5),
    ]);
  type Level = { level: string; mean: number; adjustedMean: number | null };

  it('calls the kiosk worse than QR within stores, where the one-variable screen calls it best', async () => {
    await seedSimpson();
    const screen = await json(`/v1/admin/sites/shop/scores/drivers?variables=channel&${WINDOW}`);
    expect(screen.drivers[0].best.level).toBe('kiosk');

    const body = await json(`/v1/admin/sites/shop/scores/drivers/multivariable?variables=channel,touchpoint&${WINDOW}`);
    expect(body).toMatchObject({ metric: 'nps', n: 120, adjustedFor: 'touchpoint' });
    const channel = body.drivers.find((d: { variable: string }) => d.variable === 'channel');
    expect(channel.best.level).toBe('qr');
    expect(channel.worst.level).toBe('kiosk');
    const level = (name: string) => channel.levels.find((l: Level) => l.level === name) as Level;
    expect(level('kiosk').mean).toBeCloseTo((100 * 23) / 60, 9);
    expect((level('qr').adjustedMean ?? 0) - (level('kiosk').adjustedMean ?? 0)).toBeCloseTo(15, 9);
    const shares = body.drivers.reduce((s: number, d: { shapley: number }) => s + d.shapley, 0);
    expect(shares).toBeCloseTo(body.r2, 12);
  });

  it('models the top drivers of the screen when none are named, and names a bad variable in a 400', async () => {
    await seedSimpson();
    const body = await json(`/v1/admin/sites/shop/scores/drivers/multivariable?${WINDOW}`);
    expect(body.drivers.map((d: { variable: string }) => d.variable)).toContain('touchpoint');
    const bad = await get(`/v1/admin/sites/shop/scores/drivers/multivariable?variables=channel,colour&${WINDOW}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('variables');
    const many = await get(`/v1/admin/sites/shop/scores/drivers/multivariable?top=9&${WINDOW}`);
    expect(many.statusCode).toBe(400);
    expect(many.body).toContain('top');
  });

  it('estimates the QR offset within stores and adjusts touchpoint scores to the site’s channel mix', async () => {
    await seedSimpson();
    const fx = await json(`/v1/admin/sites/shop/scores/channel-effects?${WINDOW}`);
    // 60 answers each: the tie goes to the first name.
    expect(fx).toMatchObject({ n: 120, reference: 'kiosk', mix: 7.5 });
    const qr = fx.offsets.find((o: { channel: string }) => o.channel === 'qr');
    expect(qr).toMatchObject({ n: 60, touchpoints: 2, sharedTouchpoints: 2 });
    expect(qr.offset).toBeCloseTo(15, 9);
    expect(qr.low).toBeLessThan(15);
    expect(qr.high).toBeGreaterThan(15);

    const raw = await json(`/v1/admin/sites/shop/scores?by=touchpoint&${WINDOW}`);
    const adjusted = await json(`/v1/admin/sites/shop/scores?by=touchpoint&adjust=channel&${WINDOW}`);
    const row = (body: { rows: { key: string; score: number; low: number; adjustment?: number }[] }, key: string) =>
      body.rows.find((r) => r.key === key);
    // store-a: a third QR, two thirds kiosk: −(⅓·(15 − 7.5) + ⅔·(0 − 7.5)) = +2.5; store-b the opposite.
    expect(row(raw, 'store-a')?.score).toBeCloseTo(60, 9);
    expect(row(adjusted, 'store-a')?.adjustment).toBeCloseTo(2.5, 9);
    expect(row(adjusted, 'store-a')?.score).toBeCloseTo(62.5, 9);
    expect(row(adjusted, 'store-a')?.low).toBeCloseTo((row(raw, 'store-a')?.low ?? 0) + 2.5, 9);
    expect(row(adjusted, 'store-b')?.score).toBeCloseTo(12.5, 9);
    expect(adjusted.overall.score).toBeCloseTo(raw.overall.score, 12);

    const board = await json(`/v1/admin/sites/shop/scores/leaderboard?adjust=channel&minN=1&${WINDOW}`);
    expect(board.adjust).toBe('channel');
    expect(board.rows.map((r: { key: string; rank: number }) => [r.key, r.rank])).toEqual([
      ['store-a', 1],
      ['store-b', 2],
    ]);
    expect(board.rows[0].score).toBeCloseTo(62.5, 9);
  });

  it('refuses channel adjustment where it has no meaning, naming `adjust`', async () => {
    for (const url of [`/scores?by=channel&adjust=channel`, `/scores/quintiles?adjust=channel`]) {
      const res = await get(`/v1/admin/sites/shop${url}&${WINDOW}`);
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toContain('adjust');
    }
    const bad = await get(`/v1/admin/sites/shop/scores/leaderboard?adjust=mode&${WINDOW}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('adjust');
  });

  it('maps touchpoints by journey stage with score, n and the gap to the top-fifth benchmark', async () => {
    await seedSimpson();
    for (const [id, stage] of [
      ['store-a', 'buy'],
      ['store-b', 'use'],
      ['store-12', 'get-help'],
    ]) {
      const res = await c.app.inject({
        method: 'PATCH',
        url: `/v1/admin/sites/shop/touchpoints/${id}`,
        headers: admin(c.adminKey),
        payload: { stage },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
    const body = await json(`/v1/admin/sites/shop/scores/journey?minN=1&${WINDOW}`);
    expect(body.stages.map((s: { stage: string }) => s.stage)).toEqual([
      'discover',
      'consider',
      'buy',
      'receive',
      'use',
      'get-help',
    ]);
    // Two ranked touchpoints: the best fifth is store-a alone (NPS 60).
    expect(body).toMatchObject({ benchmark: 60, benchmarkOf: 1 });
    const at = (stage: string) => body.stages.find((s: { stage: string }) => s.stage === stage).touchpoints;
    expect(at('buy')).toMatchObject([{ key: 'store-a', n: 60, score: 60, benchmarkGap: 0 }]);
    expect(at('use')[0].benchmarkGap).toBeCloseTo(-45, 9);
    expect(at('use')[0].low).toBeLessThan(15);
    // A staged touchpoint without answers is on the map, empty; one without a stage is not.
    expect(at('get-help')).toMatchObject([{ key: 'store-12', n: 0, score: null, quadrant: 'insufficient-data' }]);
    expect(body.unstaged).toEqual([]);
  });

  it('places touchpoints on the importance–performance grid around the medians', async () => {
    const made = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(c.adminKey),
      payload: {
        id: 'post',
        name: 'Post purchase',
        touchpoint: 'checkout',
        questions: [
          { id: 'sat', type: 'csat', text: { en: 'Satisfied?' } },
          { id: 'nps', type: 'nps', text: { en: 'Recommend?' } },
        ],
      },
    });
    expect(made.statusCode).toBe(201);
    const pairs = (touchpoint: string, list: [number, number][]) =>
      list.map(([sat, nps]) => aResponse({ survey: 'post', touchpoint, answers: { sat, nps }, createdAt: DAY }));
    await ingest([
      // impact 200, CSAT 25%: fix first
      ...pairs('checkout', [
        [5, 10],
        [2, 0],
        [1, 0],
        [2, 1],
      ]),
      // impact 200, CSAT 75%: keep up
      ...pairs('store-a', [
        [5, 10],
        [5, 10],
        [4, 9],
        [2, 0],
      ]),
      // impact 0, CSAT 25%: low priority
      ...pairs('store-b', [
        [5, 8],
        [2, 8],
        [1, 8],
        [2, 8],
      ]),
      // impact 0, CSAT 75%: possible overkill
      ...pairs('store-12', [
        [5, 8],
        [5, 8],
        [5, 8],
        [1, 8],
      ]),
    ]);
    const body = await json(`/v1/admin/sites/shop/scores/importance?rating=csat&minN=1&${WINDOW}`);
    expect(body).toMatchObject({ rating: 'csat', importanceLine: 100, performanceLine: 50 });
    const quadrants = Object.fromEntries(body.rows.map((r: { key: string; quadrant: string }) => [r.key, r.quadrant]));
    expect(quadrants).toEqual({
      checkout: 'fix-first',
      'store-a': 'keep-up',
      'store-b': 'low-priority',
      'store-12': 'possible-overkill',
    });
    const checkout = body.rows.find((r: { key: string }) => r.key === 'checkout');
    expect(checkout).toMatchObject({ n: 4, pairs: 4, performance: 25, importance: 200 });
    expect(checkout.performanceLow).toBeLessThan(25);
  });
});
