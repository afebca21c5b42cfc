import { afterEach, beforeEach, expect, it } from 'vitest';
import type { FollowUpCase, ResponseInput } from '@touchpoint/shared';
import { type TestCollector } from '../helpers/collector.js';
import { aResponse } from '../helpers/fixtures.js';
import { adminCall, postResponse } from '../closed-loop/fixtures.js';

/** An outbox row as the tests read it from the store's database. */
export interface OutboxRow {
  target: string;
  payload: string;
}

/**
 * The cases of the closed loop's rules on themes and sentiment, run on each store: `start` gives a collector
 * with the comment survey on a fresh database, `outboxOf` reads the outbox rows of an event, oldest first.
 */
export function themeRuleCases(
  start: () => Promise<TestCollector>,
  outboxOf: (c: TestCollector, event: string) => Promise<OutboxRow[]>,
): void {
  let c: TestCollector;
  beforeEach(async () => {
    c = await start();
    // Only the rules of this test: no default case for detractors.
    await adminCall(c, 'DELETE', '/v1/admin/sites/shop/rules/follow-up-detractors');
    await adminCall(c, 'DELETE', '/v1/admin/sites/shop/rules/thank-you');
  });
  afterEach(() => c.close());

  const comment = (nps: number, text: string, over: Partial<ResponseInput> = {}) =>
    aResponse({ survey: 'comment', answers: { nps, comment: text }, ...over });
  const cases = async () => (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body;
  const outbox = async (event: string) =>
    (await outboxOf(c, event)).map((r) => ({
      target: r.target,
      payload: JSON.parse(r.payload) as { data: Record<string, unknown> },
    }));
  const addRule = async (rule: object) =>
    expect((await adminCall(c, 'POST', '/v1/admin/sites/shop/rules', rule)).status).toBe(201);

  it('opens a case for any comment about cleanliness, whatever the score, once the comment is analysed', async () => {
    await addRule({
      id: 'dirty',
      name: 'Cleanliness',
      match: { themes: ['cleanliness'] },
      actions: [{ type: 'case' }],
    });
    await postResponse(c, { responses: [comment(10, 'Great staff, but the toilets were filthy.')] });
    await postResponse(c, { responses: [comment(3, 'The queue was far too long.')] });
    // Rules on themes do not run at ingest: the comment is not analysed yet.
    expect(await cases()).toEqual([]);
    await c.app.insights!.drain();
    const opened = await cases();
    expect(opened.map((x) => [x.score, x.band, x.verbatim])).toEqual([
      [10, 'promoter', 'Great staff, but the toilets were filthy.'],
    ]);
  });

  it('matches the sentiment said about the theme, not of the whole comment', async () => {
    await addRule({
      id: 'staff-complaints',
      name: 'Complaints about staff',
      match: { themes: ['staff-attitude'], sentiments: ['negative'] },
      actions: [{ type: 'case' }],
    });
    await postResponse(c, {
      responses: [
        comment(9, 'The staff were so friendly, but the queue was long.'),
        comment(6, 'Rude staff at the till.'),
      ],
    });
    await c.app.insights!.drain();
    expect((await cases()).map((x) => x.verbatim)).toEqual(['Rude staff at the till.']);
  });

  it('fires once per response: re-analysis by a backfill neither repeats the webhook nor opens a second case', async () => {
    const hook = await adminCall<{ webhook: { id: string } }>(c, 'POST', '/v1/admin/sites/shop/webhooks', {
      url: 'https://crm.example/hooks',
      events: ['response.analysed'],
    });
    expect(hook.status).toBe(201);
    const endpoint = hook.body.webhook.id;
    await addRule({
      id: 'negative',
      name: 'Negative comments to the CRM',
      match: { sentiments: ['negative'] },
      actions: [{ type: 'webhook', endpoint }, { type: 'case' }],
    });
    await postResponse(c, { responses: [comment(8, 'The toilets were dirty.'), comment(9, 'Great prices.')] });
    await c.app.insights!.drain();
    const matched = await outbox('rule.matched');
    expect(matched).toHaveLength(1);
    expect(matched[0]!.payload.data).toMatchObject({
      rule: 'negative',
      analysis: { language: 'en', sentiment: 'negative', themes: [{ theme: 'cleanliness', sentiment: 'negative' }] },
      response: { answers: { comment: 'The toilets were dirty.' } },
    });
    // Every analysed comment goes to the subscribers of response.analysed, with its themes.
    const analysed = await outbox('response.analysed');
    expect(analysed.map((d) => (d.payload.data.analysis as { sentiment: string }).sentiment).sort()).toEqual([
      'negative',
      'positive',
    ]);
    expect(JSON.stringify(analysed)).not.toContain('spans');

    await c.app.insights!.backfill('shop');
    expect(await outbox('rule.matched')).toHaveLength(1);
    expect(await outbox('response.analysed')).toHaveLength(2);
    expect(await cases()).toHaveLength(1);
  });

  it('waits for a partial response to be completed before running rules on its comment', async () => {
    await addRule({
      id: 'dirty',
      name: 'Cleanliness',
      match: { themes: ['cleanliness'] },
      actions: [{ type: 'case' }],
    });
    const first = comment(4, 'Dirty floors everywhere.', { partial: true });
    await postResponse(c, { responses: [first] });
    await c.app.insights!.drain();
    expect(await cases()).toEqual([]);
    await postResponse(c, { responses: [{ ...first, partial: false }] });
    await c.app.insights!.drain();
    expect((await cases()).map((x) => x.verbatim)).toEqual(['Dirty floors everywhere.']);
  });

  it('does not run rules on themes for comments that arrived long before they were analysed', async () => {
    await addRule({
      id: 'dirty',
      name: 'Cleanliness',
      match: { themes: ['cleanliness'] },
      actions: [{ type: 'case' }],
    });
    const old = new Date(Date.now() - 3 * 86_400_000).toISOString();
    await postResponse(c, { responses: [comment(4, 'Dirty floors everywhere.', { createdAt: old })] });
    await c.app.insights!.drain();
    expect(await cases()).toEqual([]);
  });

  it('applies a rule or a subscription added after comments were analysed to the next comment', async () => {
    // The recorder caches the site (and skips reading responses while nothing listens): the edits below
    // must reach it before the next analysis.
    await postResponse(c, { responses: [comment(4, 'Dirty floors everywhere.')] });
    await c.app.insights!.drain();
    expect(await cases()).toEqual([]);
    expect(await outbox('response.analysed')).toEqual([]);
    await addRule({
      id: 'dirty',
      name: 'Cleanliness',
      match: { themes: ['cleanliness'] },
      actions: [{ type: 'case' }],
    });
    await postResponse(c, { responses: [comment(5, 'The toilets were filthy.')] });
    await c.app.insights!.drain();
    expect((await cases()).map((x) => x.verbatim)).toEqual(['The toilets were filthy.']);
    const hook = await adminCall(c, 'POST', '/v1/admin/sites/shop/webhooks', {
      url: 'https://crm.example/hooks',
      events: ['response.analysed'],
    });
    expect(hook.status).toBe(201);
    await postResponse(c, { responses: [comment(9, 'Great prices.')] });
    await c.app.insights!.drain();
    expect((await outbox('response.analysed')).map((d) => d.payload.data.response)).toMatchObject([
      { answers: { comment: 'Great prices.' } },
    ]);
  });

  it('rejects a rule with an unknown sentiment, naming the field', async () => {
    const bad = await adminCall<{ message: string }>(c, 'POST', '/v1/admin/sites/shop/rules', {
      id: 'x',
      name: 'X',
      match: { sentiments: ['angry'] },
      actions: [{ type: 'case' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('body.match.sentiments[0]');
  });
}
