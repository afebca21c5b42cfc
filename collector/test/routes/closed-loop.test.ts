import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CaseSummaryRow, FollowUpCase, Rule, WebhookEndpoint } from '@touchpoint/shared';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { adminCall, postResponse } from '../closed-loop/fixtures.js';

describe('closed-loop admin routes', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const readKey = async () =>
    (await adminCall<{ secret: string }>(c, 'POST', '/v1/admin/keys', { name: 'analyst', kind: 'read' })).body.secret;

  it('gives a new site the default rules: a thank-you for promoters and passives, a case for detractors', async () => {
    const { status, body } = await adminCall<Rule[]>(c, 'GET', '/v1/admin/sites/shop/rules');
    expect(status).toBe(200);
    expect(body.map((r) => [r.id, r.match.bands, r.actions.map((a) => a.type)])).toEqual([
      ['thank-you', ['promoter', 'passive'], ['reply']],
      ['follow-up-detractors', ['detractor'], ['case']],
    ]);
  });

  it('keeps a deleted default rule deleted, so a detractor then opens no case', async () => {
    expect((await adminCall(c, 'DELETE', '/v1/admin/sites/shop/rules/follow-up-detractors')).status).toBe(204);
    expect((await adminCall<Rule[]>(c, 'GET', '/v1/admin/sites/shop/rules')).body.map((r) => r.id)).toEqual([
      'thank-you',
    ]);
    await postResponse(c, aResponse({ answers: { nps: 1 } }));
    expect((await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body).toEqual([]);
  });

  it('applies a new rule to the next response at once (the rules cache is invalidated)', async () => {
    const created = await adminCall(c, 'POST', '/v1/admin/sites/shop/rules', {
      id: 'store-passives',
      name: 'Call back passives at store 12',
      match: { bands: ['passive'], touchpoints: ['store-12'], vars: { segment: 'gold' } },
      actions: [{ type: 'case' }],
    });
    expect(created.status).toBe(201);
    await postResponse(
      c,
      aResponse({ touchpoint: 'store-12', answers: { nps: 8 }, context: { channel: 'qr', vars: { segment: 'gold' } } }),
    );
    await postResponse(
      c,
      aResponse({ touchpoint: 'store-12', answers: { nps: 8 }, context: { channel: 'qr', vars: { segment: 'blue' } } }),
    );
    await postResponse(
      c,
      aResponse({ touchpoint: 'checkout', answers: { nps: 8 }, context: { channel: 'qr', vars: { segment: 'gold' } } }),
    );
    const cases = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body;
    expect(cases.map((x) => [x.touchpoint, x.band])).toEqual([['store-12', 'passive']]);
  });

  it('answers 400 naming the field for a rule with an unknown band or action', async () => {
    const bad = await adminCall<{ code: string; message: string }>(c, 'POST', '/v1/admin/sites/shop/rules', {
      id: 'x',
      name: 'X',
      match: { bands: ['fan'] },
      actions: [{ type: 'sms' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('TP_ERR_VALIDATION');
    expect(bad.body.message).toContain('body.match.bands[0]');
    expect(bad.body.message).toContain('body.actions[0]');
  });

  it('answers 400 to a webhook action naming an endpoint the site does not have', async () => {
    const bad = await adminCall<{ message: string }>(c, 'POST', '/v1/admin/sites/shop/rules', {
      id: 'hook',
      name: 'Hook',
      actions: [{ type: 'webhook', endpoint: 'nope' }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toMatch(/^body\.actions\[0\]\.endpoint: /);
  });

  it('shows a webhook secret once, at creation, and never in a listing', async () => {
    const created = await adminCall<{ webhook: WebhookEndpoint; secret: string }>(
      c,
      'POST',
      '/v1/admin/sites/shop/webhooks',
      {
        url: 'https://crm.example/hooks',
        events: ['case.opened'],
      },
    );
    expect(created.status).toBe(201);
    expect(created.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const list = await c.app.inject({ url: '/v1/admin/sites/shop/webhooks', headers: admin() });
    expect(list.json()).toEqual([created.body.webhook]);
    expect(list.body).not.toContain(created.body.secret);
    const patched = await adminCall<WebhookEndpoint>(
      c,
      'PATCH',
      `/v1/admin/sites/shop/webhooks/${created.body.webhook.id}`,
      {
        active: false,
      },
    );
    expect(patched.body).toMatchObject({ active: false, url: 'https://crm.example/hooks' });
  });

  it('answers 400 naming the field for a webhook with a bad URL or an unknown event', async () => {
    const bad = await adminCall<{ message: string }>(c, 'POST', '/v1/admin/sites/shop/webhooks', {
      url: 'ftp://crm.example',
      events: ['case.closed'],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('body.url');
    expect(bad.body.message).toContain('body.events[0]');
  });

  it('lets a read-only key read cases and deliveries but not change a case or add a webhook', async () => {
    await postResponse(c, aResponse({ answers: { nps: 2 } }));
    const key = await readKey();
    const [opened] = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body;
    expect((await c.app.inject({ url: '/v1/admin/sites/shop/cases', headers: admin(key) })).statusCode).toBe(200);
    expect((await c.app.inject({ url: '/v1/admin/sites/shop/deliveries', headers: admin(key) })).statusCode).toBe(200);
    const patch = await c.app.inject({
      method: 'PATCH',
      url: `/v1/admin/sites/shop/cases/${opened!.id}`,
      headers: admin(key),
      payload: { status: 'resolved' },
    });
    expect(patch.statusCode).toBe(403);
    const hook = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/webhooks',
      headers: admin(key),
      payload: { url: 'https://x.example', events: ['case.opened'] },
    });
    expect(hook.statusCode).toBe(403);
    expect((await c.app.inject({ url: '/v1/admin/sites/shop/cases' })).statusCode).toBe(401);
  });

  it('answers 400 to an empty case change and to an unknown status, and 404 to an unknown case', async () => {
    await postResponse(c, aResponse({ answers: { nps: 2 } }));
    const [opened] = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body;
    const url = `/v1/admin/sites/shop/cases/${opened!.id}`;
    const empty = await adminCall<{ message: string }>(c, 'PATCH', url, {});
    expect(empty.status).toBe(400);
    expect(empty.body.message).toContain('needs status, assignee or note');
    const status = await adminCall<{ message: string }>(c, 'PATCH', url, { status: 'closed' });
    expect(status.status).toBe(400);
    expect(status.body.message).toContain('body.status');
    expect((await adminCall(c, 'PATCH', '/v1/admin/sites/shop/cases/nope', { note: 'x' })).status).toBe(404);
  });

  it('filters cases by touchpoint, status and overdue, and shows a case with its response', async () => {
    await postResponse(c, aResponse({ touchpoint: 'checkout', answers: { nps: 1 } }));
    const r = aResponse({ touchpoint: 'store-12', answers: { nps: 5, why: 'Rude staff' } });
    await postResponse(c, r);
    const get = async (q: string) =>
      (await adminCall<FollowUpCase[]>(c, 'GET', `/v1/admin/sites/shop/cases${q}`)).body.map((x) => x.touchpoint);
    expect((await get('')).sort()).toEqual(['checkout', 'store-12']);
    expect(await get('?touchpoint=store-12')).toEqual(['store-12']);
    expect(await get('?status=resolved')).toEqual([]);
    expect(await get('?overdue=true')).toEqual([]);
    expect((await get('?overdue=false')).length).toBe(2);
    const [store] = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases?touchpoint=store-12')).body;
    const detail = await adminCall<FollowUpCase & { responseDetail: { id: string } }>(
      c,
      'GET',
      `/v1/admin/sites/shop/cases/${store!.id}`,
    );
    expect(detail.body).toMatchObject({ verbatim: 'Rude staff', responseDetail: { id: r.id } });
    expect((await adminCall(c, 'GET', '/v1/admin/sites/shop/cases?overdue=maybe')).status).toBe(400);
  });

  it("dates a case's due time by the site's follow-up SLA as it is when the case opens", async () => {
    await postResponse(c, aResponse({ answers: { nps: 0 } }));
    const settings = { cooldownHours: 24, followUpSlaHours: 1 };
    expect((await adminCall(c, 'PATCH', '/v1/admin/sites/shop', { settings })).status).toBe(200);
    await postResponse(c, aResponse({ answers: { nps: 0 } }));
    const cases = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases')).body;
    const hours = cases.map((x) => (Date.parse(x.dueAt) - Date.parse(x.openedAt)) / 3_600_000);
    expect(hours).toEqual([1, 48]);
    expect(cases.map((x) => x.overdue)).toEqual([false, false]);
  });

  it('summarises cases per touchpoint with the median time to resolve', async () => {
    for (const tp of ['checkout', 'checkout', 'checkout', 'store-12']) {
      await postResponse(c, aResponse({ touchpoint: tp, answers: { nps: 3 } }));
    }
    const cases = (await adminCall<FollowUpCase[]>(c, 'GET', '/v1/admin/sites/shop/cases?touchpoint=checkout')).body;
    await adminCall(c, 'PATCH', `/v1/admin/sites/shop/cases/${cases[0]!.id}`, { status: 'resolved' });
    await adminCall(c, 'PATCH', `/v1/admin/sites/shop/cases/${cases[1]!.id}`, { status: 'contacted' });
    const summary = (await adminCall<CaseSummaryRow[]>(c, 'GET', '/v1/admin/sites/shop/cases/summary')).body;
    expect(summary).toEqual([
      {
        touchpoint: 'checkout',
        open: 1,
        contacted: 1,
        resolved: 1,
        overdue: 0,
        medianHoursToResolve: expect.any(Number),
      },
      { touchpoint: 'store-12', open: 1, contacted: 0, resolved: 0, overdue: 0, medianHoursToResolve: null },
    ]);
    expect(summary[0]!.medianHoursToResolve).toBeLessThan(0.01);
  });
});
