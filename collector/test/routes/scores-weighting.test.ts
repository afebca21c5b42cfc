import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

const WINDOW = 'from=2025-03-01&to=2025-03-31';
const DAY = '2025-03-10T12:00:00.000Z';
const SCORES = '/v1/admin/sites/shop/scores';

describe('admin API: weighted overall scores (weight=channel|impressions)', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const ingest = async (responses: ResponseInput[]) => {
    for (let i = 0; i < responses.length; i += 50) {
      const res = await c.app.inject({
        method: 'POST',
        url: '/v1/responses',
        payload: { responses: responses.slice(i, i + 50) },
      });
      expect(res.statusCode, res.body).toBe(200);
    }
  };
  const impressions = async (touchpoint: string, count: number, survey = 'nps') => {
    for (let i = 0; i < count; i += 100) {
      const events = Array.from({ length: Math.min(100, count - i) }, () => ({
        type: 'impression',
        id: randomUUID(),
        site: 'shop',
        survey,
        touchpoint,
        createdAt: DAY,
      }));
      const res = await c.app.inject({ method: 'POST', url: '/v1/events', payload: { events } });
      expect(res.statusCode, res.body).toBe(200);
    }
  };
  const get = (url: string) => c.app.inject({ url, headers: admin(c.adminKey) });
  const json = async (url: string) => {
    const res = await get(url);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  /** NPS answers at one touchpoint through one channel: promoters 10, passives 8, detractors 3. */
  const cell = (touchpoint: string, channel: 'web' | 'kiosk', p: number, pa: number, d: number) =>
    [...Array<number>(p).fill(10), ...Array<number>(pa).fill(8), ...Array<number>(d).fill(3)].map((nps) =>
      aResponse({ touchpoint, answers: { nps }, createdAt: DAY, context: { channel, trigger: 'manual', vars: {} } }),
    );
  /** Checkout on the web: 10 answers, NPS 20. Store 12 at the kiosk: 40 answers, NPS −25. Pooled: −16. */
  const seed = () => ingest([...cell('checkout', 'web', 5, 2, 3), ...cell('store-12', 'kiosk', 10, 10, 20)]);

  it('weights each touchpoint by its share of impressions, not of answers: 8.75 where the pooled NPS is −16', async () => {
    await seed();
    // Checkout was shown 150 times (answered by 1 in 15), the store 50 times (4 in 5).
    await impressions('checkout', 150);
    await impressions('store-12', 50);
    const plain = await json(`${SCORES}?by=none&${WINDOW}`);
    expect(plain.overall.score).toBeCloseTo(-16, 9);
    expect(plain.weighting).toBeUndefined();

    const body = await json(`${SCORES}?by=touchpoint&weight=impressions&${WINDOW}`);
    expect(body.overall).toMatchObject({ key: 'all', n: 50 });
    expect(body.overall.score).toBeCloseTo(0.75 * 20 + 0.25 * -25, 9);
    expect(body.overall.low).toBeLessThan(body.overall.score);
    expect(body.overall.high).toBeGreaterThan(body.overall.score);
    expect(body.pooled.score).toBeCloseTo(-16, 9);
    // Rows stay unweighted.
    const rows = body.rows.map((r: { key: string; score: number }) => [r.key, r.score]);
    expect(new Map(rows)).toEqual(
      new Map([
        ['checkout', 20],
        ['store-12', -25],
      ]),
    );
    expect(body.weighting).toMatchObject({ by: 'impressions', shares: 'impressions', empty: [], unweighted: [] });
    // Kish: 50·(0.75²/10 + 0.25²/40) = 2.890625; effective n = 50/deff.
    expect(body.weighting.deff).toBeCloseTo(2.890625, 9);
    expect(body.weighting.effectiveN).toBeCloseTo(50 / 2.890625, 9);
    expect(body.weighting.strata).toEqual([
      { key: 'checkout', n: 10, share: 0.75, weight: 0.75, respondentWeight: 3.75, score: 20 },
      { key: 'store-12', n: 40, share: 0.25, weight: 0.25, respondentWeight: 0.3125, score: -25 },
    ]);
  });

  it('counts only the impressions of surveys that ask the metric', async () => {
    await seed();
    await impressions('checkout', 150);
    await impressions('store-12', 50);
    const survey = {
      id: 'effort',
      name: 'Store effort',
      touchpoint: 'store-12',
      questions: [{ id: 'easy', type: 'ces', text: { en: 'How easy was it?' }, required: true }],
      trigger: { type: 'exit-intent' },
    };
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(c.adminKey),
      payload: survey,
    });
    expect(res.statusCode, res.body).toBe(201);
    // Shown 800 times at the store, the CES survey would make the store 17/20 of an NPS weighted by all impressions.
    await impressions('store-12', 800, 'effort');
    const body = await json(`${SCORES}?by=none&weight=impressions&${WINDOW}`);
    expect(body.overall.score).toBeCloseTo(8.75, 9);
  });

  it('weights channels equally unless the site declares its mix, and names the channels without answers', async () => {
    await seed();
    const equal = await json(`${SCORES}?by=none&weight=channel&${WINDOW}`);
    expect(equal.weighting.shares).toBe('equal');
    expect(equal.overall.score).toBeCloseTo(-2.5, 9);
    expect(equal.weighting.effectiveN).toBeCloseTo(32, 9);

    const patch = await c.app.inject({
      method: 'PATCH',
      url: '/v1/admin/sites/shop',
      headers: admin(c.adminKey),
      payload: { settings: { weighting: { channelShares: { web: 3, kiosk: 1, phone: 1 } } } },
    });
    expect(patch.statusCode, patch.body).toBe(200);
    const declared = await json(`${SCORES}?by=channel&weight=channel&metric=nps&${WINDOW}`);
    expect(declared.weighting).toMatchObject({ by: 'channel', shares: 'declared', empty: ['phone'] });
    // Phone has no answers: its fifth goes to the others, web 3/4 and kiosk 1/4.
    expect(declared.overall.score).toBeCloseTo(8.75, 9);
    expect(declared.weighting.strata.find((s: { key: string }) => s.key === 'phone')).toMatchObject({
      n: 0,
      share: 0.2,
      weight: 0,
    });

    const cleared = await c.app.inject({
      method: 'PATCH',
      url: '/v1/admin/sites/shop',
      headers: admin(c.adminKey),
      payload: { settings: { weighting: null } },
    });
    expect(cleared.statusCode, cleared.body).toBe(200);
    expect((await json(`${SCORES}?by=none&weight=channel&${WINDOW}`)).weighting.shares).toBe('equal');
  });

  it('refuses a declared channel mix without any positive share, naming the field', async () => {
    const res = await c.app.inject({
      method: 'PATCH',
      url: '/v1/admin/sites/shop',
      headers: admin(c.adminKey),
      payload: { settings: { weighting: { channelShares: { web: 0, fax: 1 } } } },
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('channelShares');
  });

  it('answers an empty window with no score, and refuses weighting by impressions when none were recorded', async () => {
    const empty = await json(`${SCORES}?by=none&weight=impressions&${WINDOW}`);
    expect(empty.overall).toMatchObject({ n: 0, score: null, low: null, high: null });
    await seed();
    const res = await get(`${SCORES}?by=none&weight=impressions&${WINDOW}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/^weight: no impressions/);
  });

  it('refuses a weighting when no answered stratum has a share, naming `weight` and the strata', async () => {
    await ingest(cell('store-12', 'kiosk', 3, 0, 0));
    await impressions('checkout', 10);
    const res = await get(`${SCORES}?by=none&weight=impressions&${WINDOW}`);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain('weight: none of the 3 answers');
    expect(res.json().message).toContain('empty: checkout');
  });

  it('refuses weight where it has no meaning or a bad value, naming `weight`', async () => {
    await seed();
    await impressions('checkout', 10);
    for (const query of [
      'weight=mode',
      'weight=channel&adjust=channel',
      'weight=channel&channel=web',
      'weight=impressions&var.segment=gold',
      'weight=impressions&verified=receipt',
    ]) {
      const res = await get(`${SCORES}?by=touchpoint&${query}&${WINDOW}`);
      expect(res.statusCode, query).toBe(400);
      expect(res.body, query).toContain('weight');
    }
    for (const path of ['/leaderboard', '/trend']) {
      const res = await get(`${SCORES}${path}?weight=channel&${WINDOW}`);
      expect(res.statusCode, path).toBe(400);
      expect(res.body, path).toContain('weight');
    }
  });
});
