import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

/** A survey with one CSAT question, for the type-change case. */
const rating = {
  id: 'rate',
  name: 'Rate us',
  touchpoint: 'store-12',
  questions: [{ id: 'sat', type: 'csat', text: { en: 'How satisfied are you?' } }],
};

describe('admin API: scores agree on the rollup and the scan path', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const send = async (method: 'POST' | 'PATCH' | 'DELETE', url: string, payload?: object) =>
    c.app.inject({ method, url, headers: admin(c.adminKey), ...(payload ? { payload } : {}) });
  const ingest = async (responses: ResponseInput[]) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: { status: string }) => r.status)).toEqual(responses.map(() => 'created'));
  };
  /** Overall n and score from the rollups (by touchpoint) and from a scan (by device). */
  const both = async (metric: string) => {
    const read = async (by: string) => {
      const res = await c.app.inject({
        url: `/v1/admin/sites/shop/scores?metric=${metric}&by=${by}`,
        headers: admin(c.adminKey),
      });
      expect(res.statusCode, res.body).toBe(200);
      const { n, score } = res.json().overall as { n: number; score: number | null };
      return { n, score };
    };
    return { rollups: await read('touchpoint'), scan: await read('device') };
  };

  it('keeps counting the answers of a deleted survey on both paths, and stops serving it', async () => {
    await ingest([10, 9, 2].map((nps) => aResponse({ answers: { nps } })));
    const del = await send('DELETE', '/v1/admin/sites/shop/surveys/nps');
    expect(del.statusCode).toBe(204);
    const get = await c.app.inject({ url: '/v1/admin/sites/shop/surveys/nps', headers: admin(c.adminKey) });
    expect(get.statusCode).toBe(404);
    const list = await c.app.inject({ url: '/v1/admin/sites/shop/surveys', headers: admin(c.adminKey) });
    expect(list.json()).toEqual([]);
    const config = await c.app.inject({ url: '/v1/sites/shop/config' });
    expect(config.json().surveys).toEqual([]);
    const { rollups, scan } = await both('nps');
    expect(rollups).toEqual({ n: 3, score: (100 * (2 - 1)) / 3 });
    expect(scan).toEqual(rollups);
  });

  it('counts one answer per respondent when a survey asks two NPS questions, and says which', async () => {
    const twice = {
      ...rating,
      id: 'twice',
      questions: [
        { id: 'brand', type: 'nps', text: { en: 'Recommend the brand?' } },
        { id: 'store', type: 'nps', text: { en: 'Recommend this store?' } },
      ],
    };
    expect((await send('POST', '/v1/admin/sites/shop/surveys', twice)).statusCode).toBe(201);
    await ingest(
      [10, 10, 0].map((brand) => aResponse({ survey: 'twice', touchpoint: 'store-12', answers: { brand, store: 0 } })),
    );
    const { rollups, scan } = await both('nps');
    expect(rollups).toEqual({ n: 3, score: (100 * (2 - 1)) / 3 });
    expect(scan).toEqual(rollups);
    const read = async (url: string) =>
      (await c.app.inject({ url: `/v1/admin/sites/shop/scores${url}`, headers: admin(c.adminKey) })).json();
    expect((await read('?by=touchpoint')).counting).toBe('first nps question per response');
    const asked = await read('?by=device&question=store');
    expect(asked).toMatchObject({ counting: 'question store per response', overall: { n: 3, score: -100 } });
    const board = await read('/leaderboard');
    expect(board.rows.find((r: { key: string }) => r.key === 'store-12')).toMatchObject({ n: 3 });
    expect((await read('/trend')).counting).toBe('first nps question per response');
  });

  it('counts answers under the type they were given under after a question changes type', async () => {
    expect((await send('POST', '/v1/admin/sites/shop/surveys', rating)).statusCode).toBe(201);
    const answer = (sat: number) => aResponse({ survey: 'rate', touchpoint: 'store-12', answers: { sat } });
    await ingest([5, 5, 4].map(answer));
    const questions = [{ id: 'sat', type: 'ces', text: { en: 'How easy was it?' } }];
    expect((await send('PATCH', '/v1/admin/sites/shop/surveys/rate', { questions })).statusCode).toBe(200);
    await ingest([5, 1].map(answer));
    const csat = await both('csat');
    expect(csat.rollups).toEqual({ n: 3, score: 100 });
    expect(csat.scan).toEqual(csat.rollups);
    const ces = await both('ces');
    expect(ces.rollups.n).toBe(2);
    expect(ces.scan).toEqual(ces.rollups);
  });

  it('bins a numeric variable with one "n/a" and reports the unparseable value as missing', async () => {
    const bills: (number | string)[] = [...Array.from({ length: 12 }, (_, i) => i * 10), 'n/a'];
    await ingest(bills.map((bill) => aResponse({ context: { channel: 'web', vars: { bill } } })));
    const res = await c.app.inject({
      url: '/v1/admin/sites/shop/scores/segments?variable=var.bill&bins=2',
      headers: admin(c.adminKey),
    });
    expect(res.json()).toMatchObject({ kind: 'numeric', unparseable: 1 });
    expect(res.json().rows.find((r: { key: string }) => r.key === '(missing)')).toMatchObject({ n: 1 });
  });

  it('trends by week unless asked when daily n is small, and flags trend and segment rows under minN', async () => {
    await ingest([9, 10, 3].map((nps) => aResponse({ answers: { nps } })));
    const read = async (url: string) =>
      (await c.app.inject({ url: `/v1/admin/sites/shop/scores${url}`, headers: admin(c.adminKey) })).json();
    const weekly = await read('/trend');
    expect(weekly).toMatchObject({ interval: 'week', minN: 30 });
    expect(weekly.points.every((p: { lowSample: boolean }) => p.lowSample)).toBe(true);
    expect((await read('/trend?interval=day&minN=1')).interval).toBe('day');
    const seg = await read('/segments?variable=device&minN=3');
    expect(seg.rows.map((r: { n: number; lowSample: boolean }) => [r.n, r.lowSample])).toEqual([[3, false]]);
  });
});
