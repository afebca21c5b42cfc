import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, type TestCollector } from '../helpers/collector.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse } from '../helpers/fixtures.js';

type Channel = 'web' | 'kiosk';
const comment = (nps: number, text: string, channel: Channel, region: string) =>
  aResponse({
    survey: 'comment',
    answers: { nps, comment: text },
    context: { channel, url: 'https://shop.example/', trigger: 'exit-intent:desktop', vars: { region } },
  });

const roster = {
  staff: [
    { id: 'jana', name: 'Jana Berger', aliases: [], touchpoints: [] },
    { id: 'lukas', name: 'Lukas Schneider', aliases: [], touchpoints: [] },
  ],
};

/**
 * Staff comments (each matches the staff-attitude theme, so none is "unmatched") and car park comments (match no
 * theme). Each test's expectation is counted by hand from this list.
 */
const responses: ResponseInput[] = [
  comment(10, 'Jana was friendly.', 'web', 'north'), // S1: jana, praise
  comment(2, 'Jana was rude to me.', 'kiosk', 'north'), // S2: jana, complaint
  comment(10, 'Thanks Jana, so helpful!', 'kiosk', 'south'), // S3: jana, praise
  comment(9, 'Lukas was polite and helpful.', 'kiosk', 'north'), // S4: lukas, praise
  comment(2, 'The car park was full again.', 'kiosk', 'north'), // P1
  comment(4, 'No space left in the car park.', 'kiosk', 'north'), // P2
  comment(5, 'Car park full, had to drive around twice.', 'kiosk', 'south'), // P3
  comment(3, 'The car park was closed.', 'web', 'south'), // P4
  comment(6, 'Car park was packed.', 'web', 'south'), // P5
];

describe('staff kudos and emerging themes per segment (channel, var.<name>)', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startWithCommentSurvey();
    const put = await c.app.inject({
      method: 'PUT',
      url: '/v1/admin/sites/shop/insights/roster',
      headers: admin(),
      payload: roster,
    });
    expect(put.statusCode, put.body).toBe(200);
    const sent = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(await c.app.insights!.drain()).toBe(responses.length);
  });
  afterAll(() => c.close());

  const ask = (path: string) => c.app.inject({ url: `/v1/admin/sites/shop/insights/${path}`, headers: admin() });
  const get = async (path: string) => {
    const res = await ask(path);
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const park = (view: { clusters: { label: string; count: number; examples: { responseId: string }[] }[] }) =>
    view.clusters.find((x) => x.label === 'car park');

  it('counts staff kudos of one channel, of one variable value, and of both', async () => {
    expect(await get('staff')).toEqual({
      stores: [
        {
          touchpoint: 'store-12',
          staff: [
            { staff: 'jana', mentions: 3, praise: 2, complaints: 1 },
            { staff: 'lukas', mentions: 1, praise: 1, complaints: 0 },
          ],
        },
      ],
    });
    // kiosk: S2, S3, S4.
    expect((await get('staff?channel=kiosk')).stores[0].staff).toEqual([
      { staff: 'jana', mentions: 2, praise: 1, complaints: 1 },
      { staff: 'lukas', mentions: 1, praise: 1, complaints: 0 },
    ]);
    // region=south: S3 only.
    expect((await get('staff?var.region=south')).stores[0].staff).toEqual([
      { staff: 'jana', mentions: 1, praise: 1, complaints: 0 },
    ]);
    // web and region=north: S1 only; web and south: nobody.
    expect((await get('staff?channel=web&var.region=north&names=true')).stores[0].staff).toEqual([
      { staff: 'jana', name: 'Jana Berger', mentions: 1, praise: 1, complaints: 0 },
    ]);
    expect(await get('staff?channel=web&var.region=south')).toEqual({ stores: [] });
  });

  it('exports the staff kudos of a segment as CSV', async () => {
    const res = await ask('staff.csv?channel=kiosk&var.region=north');
    expect(res.statusCode, res.body).toBe(200);
    const rows = res.body.replace(/^\uFEFF/, '').split('\r\n');
    // kiosk and north: S2 (jana, complaint) and S4 (lukas, praise).
    expect(rows[1]).toMatch(/^store-12,[^,]+,jana,1,0,1,/);
    expect(rows[2]).toMatch(/^store-12,[^,]+,lukas,1,1,0,/);
  });

  it('clusters only the unmatched comments of the segment', async () => {
    const all = await get('emerging');
    expect(all.unmatched).toBe(5);
    expect(park(all)?.count).toBe(5);
    // kiosk: P1, P2, P3.
    const kiosk = await get('emerging?channel=kiosk');
    expect(kiosk.unmatched).toBe(3);
    expect(park(kiosk)?.count).toBe(3);
    expect(
      park(kiosk)!
        .examples.map((e: { responseId: string }) => e.responseId)
        .sort(),
    ).toEqual([responses[4]!.id, responses[5]!.id, responses[6]!.id].sort());
    // web: P4, P5, two comments, under the default minCount of 3.
    const web = await get('emerging?channel=web');
    expect(web.unmatched).toBe(2);
    expect(park(web)).toBeUndefined();
    expect(park(await get('emerging?channel=web&minCount=2'))?.count).toBe(2);
    // region=north: P1, P2.
    expect(await get('emerging?var.region=north&minCount=2')).toMatchObject({
      unmatched: 2,
      clusters: [{ label: 'car park', count: 2 }],
    });
  });

  it('rejects a bad variable name or an unknown parameter on staff and emerging, naming the field', async () => {
    for (const path of ['staff?var.1region=north', 'staff.csv?var.1region=north', 'emerging?var.1region=north']) {
      const res = await ask(path);
      expect(res.statusCode, path).toBe(400);
      expect(res.json()).toMatchObject({ code: 'TP_ERR_VALIDATION', message: expect.stringContaining('var.1region') });
    }
    const unknown = await ask('staff?region=north');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('region: unknown parameter');
    const twice = await ask('emerging?var.region=north&var.region=south');
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toContain('var.region');
    const channel = await ask('staff?channel=fax');
    expect(channel.statusCode).toBe(400);
    expect(channel.json()).toMatchObject({ details: [{ path: 'querystring.channel' }] });
  });
});
