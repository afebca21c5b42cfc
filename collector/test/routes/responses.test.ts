import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

describe('POST /v1/responses', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    c.app.inject({ method: 'POST', url: '/v1/responses', payload: payload as object, headers });
  const stored = async () =>
    (await c.app.inject({ url: '/v1/admin/sites/shop/responses?limit=500', headers: admin() })).json().items;

  it('stores a response sent twice with the same id only once', async () => {
    const r = aResponse();
    expect((await post(r)).json()).toEqual({ results: [{ id: r.id, status: 'created' }] });
    expect((await post(r)).json()).toEqual({ results: [{ id: r.id, status: 'duplicate' }] });
    const items = await stored();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ id: r.id, touchpoint: 'checkout', answers: { nps: 9 }, partial: false });
  });

  it('stores a batch and reports each item', async () => {
    const batch = [aResponse(), aResponse({ answers: { nps: 3, why: 'Slow' } }), aResponse({ touchpoint: 'store-12' })];
    const res = await post({ responses: batch });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(['created', 'created', 'created']);
    expect(await stored()).toHaveLength(3);
  });

  it('accepts the same id twice within one batch as one row', async () => {
    const r = aResponse();
    const res = await post({ responses: [r, r] });
    expect(res.json().results.map((x: { status: string }) => x.status)).toEqual(['created', 'duplicate']);
    expect(await stored()).toHaveLength(1);
  });

  it('merges a partial response and its completion into one row', async () => {
    const first = aResponse({ answers: { nps: 4 }, partial: true });
    expect((await post(first)).json().results[0].status).toBe('created');
    const done = { ...first, answers: { why: 'Queue too long' }, partial: false };
    expect((await post(done)).json().results[0].status).toBe('updated');
    const items = await stored();
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ answers: { nps: 4, why: 'Queue too long' }, partial: false });
  });

  it('keeps a complete response when a stale partial of it arrives late', async () => {
    const r = aResponse({ answers: { nps: 10, topic: 'staff' } });
    await post(r);
    const res = await post({ ...r, answers: { nps: 2 }, partial: true });
    expect(res.json().results[0].status).toBe('duplicate');
    expect((await stored())[0]).toMatchObject({ answers: { nps: 10, topic: 'staff' }, partial: false });
  });

  it('parses a text/plain JSON body, as beacons send it', async () => {
    const r = aResponse();
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: JSON.stringify(r),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
    });
    expect(res.statusCode).toBe(200);
    expect(await stored()).toHaveLength(1);
  });

  it('enriches the response with device, OS and browser, and stores no IP address', async () => {
    const ua =
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1';
    await post(aResponse(), { 'user-agent': ua, 'x-forwarded-for': '203.0.113.7' });
    const [row] = await stored();
    expect(row).toMatchObject({ device: 'mobile', os: 'iOS', browser: 'Mobile Safari' });
    expect(JSON.stringify(row)).not.toContain('203.0.113.7');
    expect(JSON.stringify(row)).not.toContain('127.0.0.1');
  });

  it('replaces a timestamp from the far future with the arrival time', async () => {
    await post(aResponse({ createdAt: '2099-01-01T00:00:00Z' }));
    const [row] = await stored();
    expect(Date.parse(row.createdAt)).toBeLessThan(Date.now() + 1000);
  });

  it('stores client timestamps in UTC with milliseconds, whatever form they came in', async () => {
    const sent = {
      '2024-02-29T23:59:59.999Z': '2024-02-29T23:59:59.999Z',
      '2025-01-02T03:04:05.678+01:00': '2025-01-02T02:04:05.678Z',
      '2025-01-02T03:04:05Z': '2025-01-02T03:04:05.000Z',
      '2025-12-31T23:30:00.5-01:00': '2026-01-01T00:30:00.500Z',
    };
    const ids = new Map<string, string>();
    for (const [createdAt, expected] of Object.entries(sent)) {
      const r = aResponse({ createdAt });
      ids.set(r.id, expected);
      expect((await post(r)).statusCode).toBe(200);
    }
    for (const row of await stored()) expect(row.createdAt).toBe(ids.get(row.id));
  });

  it('answers 409 when an id is reused by another survey', async () => {
    const r = aResponse();
    await post(r);
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: {
        id: 'other',
        name: 'Other',
        touchpoint: 'checkout',
        questions: [{ id: 'nps', type: 'nps', text: { en: 'Q' } }],
      },
    });
    const res = await post({ ...r, survey: 'other' });
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'TP_ERR_ID_CONFLICT', details: [{ path: 'id' }] });
  });
});
