import { afterEach, beforeEach, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, type TestCollector } from '../helpers/collector.js';
import { aResponse } from '../helpers/fixtures.js';

/** A survey whose comment question shows whatever the score. */
const roster = { staff: [{ id: 'jana', name: 'Jana Berger', aliases: [], touchpoints: [] }] };

/**
 * The insight routes' cases, run on each store (admin-insights.test.ts, admin-insights-postgres.test.ts):
 * `start` gives a collector with the comment survey (helpers/comment-survey.ts) on a fresh database.
 */
export function insightRouteCases(start: () => Promise<TestCollector>): void {
  let c: TestCollector;
  beforeEach(async () => {
    c = await start();
  });
  afterEach(() => c.close());

  const get = async (path: string) => {
    const res = await c.app.inject({ url: `/v1/admin/sites/shop/insights/${path}`, headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const put = (path: string, payload: object) =>
    c.app.inject({ method: 'PUT', url: `/v1/admin/sites/shop/insights/${path}`, headers: admin(), payload });
  const send = async (...responses: ResponseInput[]) => {
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(res.statusCode, res.body).toBe(200);
  };
  const comment = (nps: number, text: string, over: Partial<ResponseInput> = {}) =>
    aResponse({ survey: 'comment', answers: { nps, comment: text }, ...over });

  it('analyses new comments in the background and counts each theme of a mixed comment', async () => {
    await send(
      comment(3, 'The queue at the checkout was far too long.'),
      comment(9, 'Jana was really helpful but the queue was long.'),
      comment(10, 'Great prices.'),
      comment(8, ''),
    );
    expect(await c.app.insights!.drain()).toBe(4);
    const view = await get('themes');
    expect(view).toMatchObject({
      responses: 4,
      withText: 3,
      withTextByBand: { detractor: 1, passive: 0, promoter: 2 },
    });
    const queue = view.themes.find((t: { theme: string }) => t.theme === 'queue-checkout');
    expect(queue).toMatchObject({ count: 2, sentiment: { negative: 2 }, detractors: 1, promoters: 1 });
    const staff = view.themes.find((t: { theme: string }) => t.theme === 'staff-attitude');
    expect(staff).toMatchObject({ count: 1, sentiment: { positive: 1 } });
  });

  it('computes theme impact as NPS of all minus NPS without the theme, with an interval around it', async () => {
    await send(
      comment(0, 'Dirty toilets.'),
      comment(2, 'The store was filthy.'),
      comment(10, 'Great prices.'),
      comment(9, 'Fast delivery.'),
    );
    await c.app.insights!.drain();
    const view = await get('themes');
    // NPS(all) = (2 − 2)/4 = 0; without the cleanliness comments: (2 − 0)/2 = 100 → impact −100.
    const clean = view.themes.find((t: { theme: string }) => t.theme === 'cleanliness');
    expect(clean.npsImpact).toBeCloseTo(-100);
    expect(clean.npsImpactInterval.low).toBeLessThan(clean.npsImpactInterval.high);
    expect(view.nps).toBe(0);
  });

  it('lists verbatims of a theme with the matched words as offsets, and staff names only when asked', async () => {
    await roster_();
    await send(comment(9, 'Jana was really helpful but the queue was long.'), comment(10, 'Great prices.'));
    await c.app.insights!.drain();
    const page = await get('verbatims?theme=queue-checkout&sentiment=negative');
    expect(page.total).toBe(1);
    const [item] = page.items;
    const queue = item.themes.find((t: { theme: string }) => t.theme === 'queue-checkout');
    expect(queue.spans.map((s: { start: number; end: number }) => item.text.slice(s.start, s.end))).toEqual(['queue']);
    expect(item.staff).toEqual([{ staff: 'jana', sentiment: 'positive', spans: [{ start: 0, end: 4 }] }]);
    const named = await get('verbatims?staff=jana&staffNames=true');
    expect(named.items[0].staff[0].name).toBe('Jana Berger');
    expect((await get('verbatims?sentiment=positive')).items.map((i: { text: string }) => i.text)).toEqual([
      'Great prices.',
    ]);
  });

  async function roster_() {
    const res = await put('roster', roster);
    expect(res.statusCode, res.body).toBe(200);
  }

  it('counts staff kudos per store without names unless asked', async () => {
    await roster_();
    await send(comment(10, 'Jana was lovely.'), comment(2, 'Jana was rude to me.'), comment(10, 'Thanks Jana!'));
    await c.app.insights!.drain();
    expect(await get('staff')).toEqual({
      stores: [{ touchpoint: 'store-12', staff: [{ staff: 'jana', mentions: 3, praise: 2, complaints: 1 }] }],
    });
    expect((await get('staff?names=true')).stores[0].staff[0].name).toBe('Jana Berger');
  });

  it('exports staff kudos per store as CSV, with names only when asked and formulas defused', async () => {
    const staff = [{ id: 'jana', name: '=Jana Berger', aliases: [], touchpoints: [] }];
    expect((await put('roster', { staff })).statusCode).toBe(200);
    await send(comment(10, 'Jana was lovely.'), comment(2, 'Jana was rude to me.'));
    await c.app.insights!.drain();
    const csv = async (query: string) => {
      const res = await c.app.inject({ url: `/v1/admin/sites/shop/insights/staff.csv${query}`, headers: admin() });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toMatch(/attachment; filename="touchpoint-shop-staff-kudos-/);
      return res.body.replace(/^\uFEFF/, '').split('\r\n');
    };
    const anonymous = await csv('');
    expect(anonymous[0]).toBe('store,store_name,person,mentions,praise,complaints,from,to');
    expect(anonymous[1]).toMatch(/^store-12,[^,]+,jana,2,1,1,\d{4}-\d\d-\d\d,\d{4}-\d\d-\d\d$/);
    expect(anonymous.join('\n')).not.toContain('Berger');
    const named = await csv('?names=true');
    expect(named[1]).toContain(",'=Jana Berger,2,1,1,");
  });

  it('analyses a partial response again once it is completed', async () => {
    const r = comment(9, '', { partial: true });
    await send(r);
    await c.app.insights!.drain();
    await send({ ...r, partial: false, answers: { nps: 9, comment: 'Fast delivery.' } });
    await c.app.insights!.drain();
    const view = await get('themes');
    expect(view).toMatchObject({ responses: 1, withText: 1 });
    expect(view.themes.find((t: { theme: string }) => t.theme === 'delivery').count).toBe(1);
  });

  it('drops a deleted response from the rollups', async () => {
    const r = comment(3, 'Dirty toilets.');
    await send(r, comment(10, 'Great prices.'));
    await c.app.insights!.drain();
    const del = await c.app.inject({
      method: 'DELETE',
      url: `/v1/admin/sites/shop/responses/${r.id}`,
      headers: admin(),
    });
    expect(del.statusCode, del.body).toBeLessThan(300);
    const view = await get('themes');
    expect(view).toMatchObject({ responses: 1, withText: 1 });
    expect(view.themes.find((t: { theme: string }) => t.theme === 'cleanliness').count).toBe(0);
  });

  it('uses an edited taxonomy for the next comments, and can go back to the default', async () => {
    const taxonomy = { themes: [{ id: 'safety', label: 'Safety', terms: { en: ['unsafe', 'slipp*', 'danger*'] } }] };
    expect((await put('taxonomy', taxonomy)).json()).toMatchObject({ ...taxonomy, default: false });
    await send(comment(6, 'The wet floor was slippery and nobody put up a sign.'));
    await c.app.insights!.drain();
    expect((await get('themes')).themes).toMatchObject([{ theme: 'safety', count: 1 }]);
    expect((await put('taxonomy', { default: true, themes: [] })).json()).toMatchObject({ default: true });
    expect((await get('taxonomy')).themes.length).toBeGreaterThan(10);
  });

  it('rejects a taxonomy with an upper-case term, naming the field', async () => {
    const res = await put('taxonomy', { themes: [{ id: 'x', label: 'X', terms: { en: ['Queue'] } }] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'TP_ERR_VALIDATION', details: [{ path: 'body.themes[0].terms.en[0]' }] });
  });

  it('lists emerging themes from comments no theme matched, and promoting one makes them a theme', async () => {
    await send(
      comment(2, 'The car park was full again.'),
      comment(4, 'No space left in the car park.'),
      comment(5, 'Car park full, had to drive around twice.'),
      comment(9, 'The queue was short and the staff were friendly.'),
    );
    await c.app.insights!.drain();
    const view = await get('emerging');
    expect(view.unmatched).toBe(3);
    const [park] = view.clusters;
    expect(park).toMatchObject({ label: 'car park', language: 'en', count: 3 });
    expect(park.examples).toHaveLength(3);
    const e = park.examples[0];
    expect(e.spans.map((s: { start: number; end: number }) => e.text.slice(s.start, s.end).toLowerCase())).toContain(
      'car park',
    );
    expect(view.clusters.flatMap((x: { terms: string[] }) => x.terms)).not.toContain('queue');

    const taxonomy = await get('taxonomy');
    const themes = [...taxonomy.themes, { id: 'parking', label: 'Parking', terms: { en: ['car park'] } }];
    expect((await put('taxonomy', { themes })).statusCode).toBe(200);
    expect(await c.app.insights!.backfill('shop')).toBe(4);
    expect((await get('emerging')).clusters).toEqual([]);
    expect((await get('themes')).themes.find((t: { theme: string }) => t.theme === 'parking')).toMatchObject({
      count: 3,
    });
  });

  it('rejects an emerging-themes minCount below 2, naming the field', async () => {
    const res = await c.app.inject({ url: '/v1/admin/sites/shop/insights/emerging?minCount=1', headers: admin() });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'TP_ERR_VALIDATION', details: [{ path: 'querystring.minCount' }] });
  });

  it('counts each theme per ISO week, by sentiment, and per NPS band', async () => {
    const lastWeek = new Date(Date.now() - 7 * 86_400_000).toISOString();
    await send(
      comment(3, 'The queue at the checkout was far too long.', { createdAt: lastWeek }),
      comment(2, 'Awful queue.', { createdAt: lastWeek }),
      comment(10, 'No queue at all, great.'),
      comment(9, 'Great prices.'),
    );
    await c.app.insights!.drain();
    const to = new Date().toISOString().slice(0, 10);
    const from = lastWeek.slice(0, 10);
    const trend = await get(`trend?from=${from}&to=${to}`);
    expect(trend.weeks).toHaveLength(2);
    for (const w of trend.weeks) expect(new Date(`${w}T00:00:00Z`).getUTCDay()).toBe(1);
    expect(trend.withText).toEqual([2, 2]);
    const queue = trend.themes.find((t: { theme: string }) => t.theme === 'queue-checkout');
    expect(queue).toMatchObject({ count: [2, 1], negative: [2, 0] });
    expect(trend.themes[0].theme).toBe('queue-checkout');
    const promoters = await get(`trend?from=${from}&to=${to}&band=promoter`);
    expect(promoters.withText).toEqual([0, 2]);
    expect(promoters.themes.find((t: { theme: string }) => t.theme === 'queue-checkout').count).toEqual([0, 1]);
  });

  it('answers 404 for an unknown site', async () => {
    const res = await c.app.inject({ url: '/v1/admin/sites/nope/insights/themes', headers: admin() });
    expect(res.statusCode).toBe(404);
  });

  it('documents the insight routes in the OpenAPI document', async () => {
    const doc = (await c.app.inject({ url: '/docs/json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/admin/sites/{site}/insights/taxonomy',
        '/v1/admin/sites/{site}/insights/roster',
        '/v1/admin/sites/{site}/insights/themes',
        '/v1/admin/sites/{site}/insights/verbatims',
        '/v1/admin/sites/{site}/insights/staff',
        '/v1/admin/sites/{site}/insights/emerging',
        '/v1/admin/sites/{site}/insights/trend',
      ]),
    );
  });
}
