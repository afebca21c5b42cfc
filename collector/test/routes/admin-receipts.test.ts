import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import { CLIENT_BURST_MAX } from '../../src/misuse/verdict.js';
import { signReceipt } from '../../src/receipts/sign.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { describeEachStore } from '../helpers/each-store.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

const DAY_MS = 86_400_000;
const today = () => new Date().toISOString().slice(0, 10);

describeEachStore('receipt counts, verified answers and response rates', (storeEnv) => {
  let c: TestCollector;
  let secret = '';
  const get = async <T>(url: string) => {
    const res = await c.app.inject({ url, headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<T>();
  };
  /** Opens a fresh receipt of store-12 and returns the response id its page gives the widget. */
  const scan = async () => {
    const token = signReceipt(
      { k: 'k1', s: 'shop', t: 'store-12', x: `T-${randomUUID()}`, i: Math.floor(Date.now() / 1000) },
      secret,
    );
    const page = await c.app.inject({ url: `/r/${token}` });
    expect(page.statusCode).toBe(200);
    return /data-response="([0-9a-f-]{36})"/.exec(page.body)?.[1] ?? '';
  };
  const answer = (id: string, nps: number) =>
    c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: aResponse({
        id,
        survey: 'receipt',
        touchpoint: 'store-12',
        answers: { nps },
        context: { channel: 'qr', vars: {} },
      }),
    });

  const start = async (env: Record<string, string> = {}) => {
    c = await startCollector({ env: { ...(await storeEnv()), ...env } });
    await seedCatalog(c);
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: {
        id: 'receipt',
        name: 'Store visit',
        touchpoint: 'store-12',
        questions: [{ id: 'nps', type: 'nps', text: { en: 'Would you recommend us?' } }],
      },
    });
    const key = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/receipts/keys',
      headers: admin(),
      payload: { kid: 'k1' },
    });
    secret = key.json<{ secret: string }>().secret;
  };
  beforeEach(() => start());
  afterEach(async () => {
    vi.useRealTimers();
    await c.close();
  });

  it('reports the response rate per store as verified answers over the receipts the POS says it issued', async () => {
    const set = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/receipts/issued',
      headers: admin(),
      payload: { counts: [{ touchpoint: 'store-12', day: today(), count: 3 }] },
    });
    expect(set.json()).toEqual({ stored: 1 });
    // A repeat replaces the day's count (a POS re-sending its report does not double it).
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/receipts/issued',
      headers: admin(),
      payload: { counts: [{ touchpoint: 'store-12', day: today(), count: 4 }] },
    });
    for (const nps of [9, 2]) expect((await answer(await scan(), nps)).statusCode).toBe(200);
    await scan(); // opened, never answered
    expect((await answer(randomUUID(), 10)).statusCode).toBe(200); // not from a receipt
    expect(await get(`/v1/admin/sites/shop/receipts/rates?from=${today()}&to=${today()}`)).toEqual([
      { touchpoint: 'store-12', issued: 4, verified: 2, rate: 0.5 },
    ]);
  });

  it('refuses issued counts for an unknown touchpoint, naming the entry', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/receipts/issued',
      headers: admin(),
      payload: {
        counts: [
          { touchpoint: 'store-12', day: today(), count: 1 },
          { touchpoint: 'store-99', day: today(), count: 1 },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json()).toMatchObject({ code: 'TP_ERR_UNKNOWN_TOUCHPOINT', details: [{ path: 'counts.1.touchpoint' }] });
  });

  it('marks answers within the validity window verified: receipt, and scores only those with verified=receipt', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const inTime = await scan();
    expect((await answer(inTime, 10)).statusCode).toBe(200);
    const late = await scan();
    vi.setSystemTime(Date.now() + 8 * DAY_MS); // past the default 7 days
    expect((await answer(late, 0)).statusCode).toBe(200);
    expect((await answer(randomUUID(), 0)).statusCode).toBe(200); // a link answer, no receipt
    vi.useRealTimers();

    const day = today();
    const listed = await get<{ id: string; verified: string | null }[]>(
      `/v1/admin/sites/shop/receipts/responses?from=${day}&to=${day}`,
    );
    expect(new Map(listed.map((r) => [r.id, r.verified]))).toEqual(
      new Map([
        [inTime, 'receipt'],
        [late, null],
      ]),
    );
    const score = await get(`/v1/admin/sites/shop/receipts/scores?from=${day}&to=${day}&metric=nps&verified=receipt`);
    expect(score).toMatchObject({ metric: 'nps', verified: 'receipt', n: 1, score: 100 });
  });

  it('scores, ranks, trends and lists verified answers only with verified=receipt; each listed response says verified', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const verifiedId = await scan();
    expect((await answer(verifiedId, 10)).statusCode).toBe(200);
    const late = await scan();
    vi.setSystemTime(Date.now() + 8 * DAY_MS); // past the default 7 days: not verified
    expect((await answer(late, 0)).statusCode).toBe(200);
    vi.useRealTimers();
    expect((await answer(randomUUID(), 0)).statusCode).toBe(200); // a link answer, no receipt
    const range = `from=${today()}&to=${new Date(Date.now() + 8 * DAY_MS).toISOString().slice(0, 10)}`;
    const base = '/v1/admin/sites/shop/scores';
    type Scores = { overall: { n: number; score: number } };
    expect((await get<Scores>(`${base}?${range}&by=none`)).overall.n).toBe(3);
    expect((await get<Scores>(`${base}?${range}&by=none&verified=receipt`)).overall).toMatchObject({
      n: 1,
      score: 100,
    });
    const board = await get<{ rows: { key: string; n: number; answered: number | null }[] }>(
      `${base}/leaderboard?${range}&minN=0&verified=receipt`,
    );
    expect(board.rows.map((r) => [r.key, r.n])).toEqual([['store-12', 1]]);
    const trend = await get<{ points: { n: number }[] }>(`${base}/trend?${range}&interval=day&verified=receipt`);
    expect(trend.points.reduce((sum, p) => sum + p.n, 0)).toBe(1);
    type Page = { items: { id: string; verified: string | null }[] };
    const all = await get<Page>('/v1/admin/sites/shop/responses');
    expect(all.items.filter((r) => r.verified === 'receipt').map((r) => r.id)).toEqual([verifiedId]);
    expect(all.items.map((r) => r.verified)).toHaveLength(3);
    const onlyVerified = await get<Page>('/v1/admin/sites/shop/responses?verified=receipt');
    expect(onlyVerified.items).toHaveLength(1);
    expect(onlyVerified.items[0]).toMatchObject({ verified: 'receipt', id: verifiedId });
    const rates = await c.app.inject({ url: `${base}/response-rates?${range}&verified=receipt`, headers: admin() });
    expect(rates.statusCode).toBe(400);
    expect(rates.body).toContain('verified');
  });

  it('does not flag many receipt answers from one client as a burst, as it does other answers', async () => {
    await c.close();
    await start({ TOUCHPOINT_RATE_LIMIT: '600' }); // the burst rule is off with every limit
    vi.useFakeTimers({ toFake: ['Date'] }); // one instant: the burst window cannot end mid-test
    const ids: string[] = [];
    for (let i = 0; i < CLIENT_BURST_MAX + 2; i++) ids.push(await scan());
    for (const id of ids) expect((await answer(id, 3)).statusCode).toBe(200);
    const stored = await Promise.all(ids.map((id) => c.app.store.getResponse('shop', id)));
    expect(stored.map((r) => r?.flagged)).toEqual(ids.map(() => false));
    // The same number of plain answers from that client is a burst.
    const plain = Array.from({ length: CLIENT_BURST_MAX + 1 }, () => randomUUID());
    for (const id of plain) await answer(id, 3);
    expect((await c.app.store.getResponse('shop', plain.at(-1) ?? ''))?.flagged).toBe(true);
  });
});
