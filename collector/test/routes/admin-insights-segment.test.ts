import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResponseInput } from '@touchpoint/shared';
import { admin, type TestCollector } from '../helpers/collector.js';
import { startWithCommentSurvey } from '../helpers/comment-survey.js';
import { aResponse } from '../helpers/fixtures.js';

/** A survey whose comment question shows whatever the score. */
type Channel = 'web' | 'kiosk';
const comment = (nps: number, text: string, channel: Channel, vars: Record<string, string | number>) =>
  aResponse({
    survey: 'comment',
    answers: { nps, comment: text },
    context: { channel, url: 'https://shop.example/', trigger: 'exit-intent:desktop', vars },
  });

/** Six responses; each test's expectation is counted by hand from this list. */
const responses: ResponseInput[] = [
  comment(3, 'The queue at the checkout was far too long.', 'web', { region: 'north' }), // A: queue
  comment(2, 'Awful queue.', 'kiosk', { region: 'north' }), // B: queue
  comment(4, 'The queue at the checkout was far too long.', 'kiosk', { region: 'south' }), // C: queue
  comment(10, 'Great prices.', 'kiosk', { region: 'north', store: 7 }), // D: price
  comment(9, 'Jana was really helpful but the queue was long.', 'web', { region: 'south' }), // E: queue, staff
  comment(8, '', 'kiosk', { region: 'north', store: 7 }), // F: no text
];

describe('insight views per segment (channel, var.<name>)', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startWithCommentSurvey();
    const sent = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: { responses } });
    expect(sent.statusCode, sent.body).toBe(200);
    expect(await c.app.insights!.drain()).toBe(responses.length);
  });
  afterAll(() => c.close());

  const get = async (path: string) => {
    const res = await c.app.inject({ url: `/v1/admin/sites/shop/insights/${path}`, headers: admin() });
    expect(res.statusCode, res.body).toBe(200);
    return res.json();
  };
  const theme = (view: { themes: { theme: string; count: number }[] }, id: string) =>
    view.themes.find((t) => t.theme === id);

  it('counts themes of one channel and one variable value only', async () => {
    // kiosk and region=north: B (queue), D (price), F (no text).
    const view = await get('themes?channel=kiosk&var.region=north');
    expect(view).toMatchObject({ responses: 3, withText: 2, withTextByBand: { detractor: 1, promoter: 1 } });
    expect(theme(view, 'queue-checkout')).toMatchObject({ count: 1, detractors: 1, promoters: 0 });
    expect(theme(view, 'price-value')).toMatchObject({ count: 1, promoters: 1 });
    // kiosk: B, C, D, F; queue B and C.
    const kiosk = await get('themes?channel=kiosk');
    expect(kiosk).toMatchObject({ responses: 4, withText: 3 });
    expect(theme(kiosk, 'queue-checkout')).toMatchObject({ count: 2, detractors: 2 });
    // region=south: C and E, both about the queue; E also about the staff.
    const south = await get('themes?var.region=south');
    expect(south).toMatchObject({ responses: 2, withText: 2 });
    expect(theme(south, 'queue-checkout')?.count).toBe(2);
    expect(theme(south, 'staff-attitude')?.count).toBe(1);
    // A number variable matches its text in the query: D and F.
    expect(await get('themes?var.store=7')).toMatchObject({ responses: 2, withText: 1 });
  });

  it('gives the overall counts of the rollups when the segment holds every response', async () => {
    const overall = await get('themes');
    const [web, kiosk] = [await get('themes?channel=web'), await get('themes?channel=kiosk')];
    expect(overall.responses).toBe(6);
    expect(web.responses + kiosk.responses).toBe(overall.responses);
    for (const t of overall.themes as { theme: string; count: number }[]) {
      expect(theme(web, t.theme)!.count + theme(kiosk, t.theme)!.count, t.theme).toBe(t.count);
    }
  });

  it('filters the verbatims and the weekly trend by the segment', async () => {
    const v = await get('verbatims?channel=kiosk&theme=queue-checkout');
    expect(v.total).toBe(2);
    expect(v.items.map((i: { responseId: string }) => i.responseId).sort()).toEqual(
      [responses[1]!.id, responses[2]!.id].sort(),
    );
    expect((await get('verbatims?var.region=north')).total).toBe(3); // A, B, D (F has no text)
    const trend = await get('trend?channel=web');
    const queue = trend.themes.find((t: { theme: string }) => t.theme === 'queue-checkout');
    expect(queue.count.reduce((a: number, b: number) => a + b, 0)).toBe(2); // A, E
    expect(trend.withText.reduce((a: number, b: number) => a + b, 0)).toBe(2);
  });

  it('rejects a bad variable name, an unknown parameter and an unknown channel, naming the field', async () => {
    const ask = (q: string) => c.app.inject({ url: `/v1/admin/sites/shop/insights/${q}`, headers: admin() });
    const badVar = await ask('themes?var.1region=north');
    expect(badVar.statusCode).toBe(400);
    expect(badVar.json()).toMatchObject({ code: 'TP_ERR_VALIDATION', message: expect.stringContaining('var.1region') });
    const unknown = await ask('trend?region=north');
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().message).toContain('region: unknown parameter');
    const twice = await ask('verbatims?var.region=north&var.region=south');
    expect(twice.statusCode).toBe(400);
    expect(twice.json().message).toContain('var.region');
    const channel = await ask('themes?channel=fax');
    expect(channel.statusCode).toBe(400);
    expect(channel.json()).toMatchObject({ details: [{ path: 'querystring.channel' }] });
  });
});
