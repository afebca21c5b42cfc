import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CLIENT_BURST_MAX } from '../../src/misuse/verdict.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

describe('the misuse filter', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const kioskAnswer = (secondsAgo: number, over: Parameters<typeof aResponse>[0] = {}) =>
    aResponse({
      touchpoint: 'store-12',
      createdAt: new Date(Date.now() - secondsAgo * 1000).toISOString(),
      context: { channel: 'kiosk', kiosk: 'tablet-1', durationMs: 4000 },
      ...over,
    });
  const post = (r: ReturnType<typeof aResponse>) => c.app.inject({ method: 'POST', url: '/v1/responses', payload: r });
  const list = async () =>
    (await c.app.inject({ url: '/v1/admin/sites/shop/responses', headers: admin() })).json().items as {
      id: string;
      flagged: boolean;
      flagReason: string | null;
    }[];
  const npsN = async () =>
    (await c.app.inject({ url: '/v1/admin/sites/shop/scores?metric=nps&by=none', headers: admin() })).json().overall.n;

  it('flags the third of three kiosk answers within 20 seconds as a burst, keeps it, and leaves it out of scores', async () => {
    const [a, b, d] = [kioskAnswer(15), kioskAnswer(10), kioskAnswer(5)];
    for (const r of [a, b, d]) expect((await post(r)).statusCode).toBe(200);
    const byId = new Map((await list()).map((r) => [r.id, r]));
    expect(byId.get(a.id)).toMatchObject({ flagged: false, flagReason: null });
    expect(byId.get(b.id)).toMatchObject({ flagged: false });
    expect(byId.get(d.id)).toMatchObject({ flagged: true, flagReason: 'burst' });
    expect(await npsN()).toBe(2);
    const flagged = await c.app.inject({ url: '/v1/admin/sites/shop/responses?flagged=true', headers: admin() });
    expect(flagged.json().items.map((r: { id: string }) => r.id)).toEqual([d.id]);
  });

  it('flags the same kiosk answer whether the kiosk sends its queue oldest or newest first (regression: 1 vs 0)', async () => {
    const flagsAfter = async (kiosk: string, order: 'oldest' | 'newest') => {
      const context = { channel: 'kiosk' as const, kiosk, durationMs: 4000 };
      const answers = [18, 12, 6, 1].map((ago) => kioskAnswer(ago, { context }));
      for (const r of order === 'oldest' ? answers : [...answers].reverse())
        expect((await post(r)).statusCode).toBe(200);
      const byId = new Map((await list()).map((r) => [r.id, r]));
      return answers.map((r) => byId.get(r.id)?.flagReason ?? null);
    };
    const oldest = await flagsAfter('tablet-a', 'oldest');
    expect(oldest).toEqual([null, null, 'burst', 'burst']);
    expect(await flagsAfter('tablet-b', 'newest')).toEqual(oldest);
    expect(await npsN()).toBe(4);
  });

  it('does not flag kiosk answers a minute apart', async () => {
    for (const ago of [180, 120, 60]) await post(kioskAnswer(ago));
    expect((await list()).every((r) => !r.flagged)).toBe(true);
    expect(await npsN()).toBe(3);
  });

  it('flags answers given faster than a person can read', async () => {
    const r = kioskAnswer(1, {
      answers: { nps: 10, topic: 'staff' },
      context: { channel: 'kiosk', kiosk: 'tablet-2', durationMs: 700 },
    });
    await post(r);
    expect((await list())[0]).toMatchObject({ flagged: true, flagReason: 'too-fast' });
    expect(await npsN()).toBe(0);
  });

  it('judges a completed partial response with its final duration', async () => {
    const first = kioskAnswer(30, { partial: true, context: { channel: 'kiosk', kiosk: 'tablet-3' } });
    await post(first);
    expect(await npsN()).toBe(1);
    await post({
      ...first,
      partial: false,
      answers: { topic: 'price' },
      context: { channel: 'kiosk', kiosk: 'tablet-3', durationMs: 500 },
    });
    expect((await list())[0]).toMatchObject({ flagged: true, flagReason: 'too-fast' });
    expect(await npsN()).toBe(0);
  });

  it('flags answers for one touchpoint beyond the burst maximum from one client within a minute, keeps them, and leaves them out of scores and the closed loop', async () => {
    await c.close();
    c = await startCollector({ env: { TOUCHPOINT_RATE_LIMIT: '600' } }); // the rule is off with every limit
    await seedCatalog(c);
    vi.useFakeTimers({ toFake: ['Date'] }); // one instant: the window cannot end mid-test on a slow machine
    try {
      const detractors = Array.from({ length: CLIENT_BURST_MAX + 2 }, () => aResponse({ answers: { nps: 0 } }));
      for (const r of detractors) expect((await post(r)).statusCode).toBe(200);
      const byId = new Map((await list()).map((r) => [r.id, r]));
      expect(detractors.map((r) => byId.get(r.id)?.flagReason ?? null)).toEqual([
        ...Array<null>(CLIENT_BURST_MAX).fill(null),
        'client-burst',
        'client-burst',
      ]);
      expect(await npsN()).toBe(CLIENT_BURST_MAX);
      const cases = await c.app.inject({ url: '/v1/admin/sites/shop/cases', headers: admin() });
      expect(cases.json()).toHaveLength(CLIENT_BURST_MAX);
      // Another touchpoint of the same client is judged apart.
      expect((await post(kioskAnswer(0, { context: { channel: 'web', vars: {} } }))).statusCode).toBe(200);
      expect(await npsN()).toBe(CLIENT_BURST_MAX + 1);
    } finally {
      vi.useRealTimers();
    }
  });
});
