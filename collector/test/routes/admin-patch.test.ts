import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog, testSurvey } from '../helpers/fixtures.js';

// PATCH changes only the fields it names (issue 18): every field below is set away from its default, so a
// default slipping into an update shows up as a changed field.
describe('admin API: PATCH changes only the fields sent', () => {
  let c: TestCollector;
  beforeEach(async () => {
    // Webhook receivers here are local addresses, which the collector refuses unless told otherwise.
    c = await startCollector({ env: { TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: 'true' } });
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const call = async (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => {
    const res = await c.app.inject({
      method,
      url,
      headers: admin(),
      ...(payload ? { payload: payload as object } : {}),
    });
    if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
    return res.json() as Record<string, unknown>;
  };

  /** GETs `url`, PATCHes `{ name }`, GETs again: only `name` may differ. */
  const renameLeavesTheRest = async (url: string) => {
    const before = await call('GET', url);
    const patched = await call('PATCH', url, { name: 'Renamed' });
    const after = await call('GET', url);
    expect(after).toEqual({ ...before, name: 'Renamed' });
    expect(patched).toEqual(after);
  };

  it('keeps a site’s origins and settings when only its name changes', async () => {
    await call('PATCH', '/v1/admin/sites/shop', { settings: { cooldownHours: 2, followUpSlaHours: 12 } });
    await renameLeavesTheRest('/v1/admin/sites/shop');
  });

  it('keeps a touchpoint’s kind and tags when only its name changes', async () => {
    await call('POST', '/v1/admin/sites/shop/touchpoints', {
      id: 'kiosk-1',
      name: 'Kiosk 1',
      kind: 'kiosk',
      tags: ['lobby', 'berlin'],
    });
    await renameLeavesTheRest('/v1/admin/sites/shop/touchpoints/kiosk-1');
  });

  it('keeps a survey inactive, with its trigger, display, locale and URLs, when only its name changes', async () => {
    await call('POST', '/v1/admin/sites/shop/surveys', {
      ...testSurvey,
      id: 'paused',
      active: false,
      defaultLocale: 'de',
      trigger: { type: 'scroll-depth', percent: 50 },
      display: { sampling: 10, recontactDays: 90, frequency: 'once', position: 'center' },
      urls: { include: [{ match: 'contains', value: '/checkout' }], exclude: [] },
    });
    await renameLeavesTheRest('/v1/admin/sites/shop/surveys/paused');
  });

  it('keeps a rule inactive and its match narrow when only its name changes', async () => {
    await call('POST', '/v1/admin/sites/shop/rules', {
      id: 'store-detractors',
      name: 'Store detractors',
      active: false,
      match: { scale: 'csat', bands: ['detractor'], touchpoints: ['store-12'] },
      actions: [{ type: 'case' }],
    });
    await renameLeavesTheRest('/v1/admin/sites/shop/rules/store-detractors');
  });

  it('keeps a webhook inactive when only its events change', async () => {
    const created = await call('POST', '/v1/admin/sites/shop/webhooks', {
      url: 'http://127.0.0.1:9/hook',
      events: ['case.opened'],
      active: false,
    });
    const url = `/v1/admin/sites/shop/webhooks/${(created.webhook as { id: string }).id}`;
    const before = await call('GET', url);
    await call('PATCH', url, { events: ['case.opened', 'case.updated'] });
    expect(await call('GET', url)).toEqual({ ...before, events: ['case.opened', 'case.updated'] });
  });

  it('merges a site’s settings: a setting left out keeps its value', async () => {
    await call('PATCH', '/v1/admin/sites/shop', { settings: { cooldownHours: 2, followUpSlaHours: 12 } });
    const after = await call('PATCH', '/v1/admin/sites/shop', { settings: { cooldownHours: 6 } });
    expect(after.settings).toEqual({ cooldownHours: 6, followUpSlaHours: 12, timeZone: 'UTC' });
  });

  it('merges a survey’s display and URLs, and replaces its trigger whole', async () => {
    const url = '/v1/admin/sites/shop/surveys/nps';
    await call('PATCH', url, { display: { sampling: 10, recontactDays: 90, frequency: 'once', position: 'center' } });
    const after = await call('PATCH', url, {
      display: { sampling: 50 },
      urls: { exclude: [{ match: 'contains', value: '/admin' }] },
      trigger: { type: 'time-on-page', seconds: 20 },
    });
    expect(after.display).toEqual({ sampling: 50, recontactDays: 90, frequency: 'once', position: 'center' });
    expect(after.urls).toEqual({ include: [], exclude: [{ match: 'contains', value: '/admin' }] });
    expect(after.trigger).toEqual({ type: 'time-on-page', seconds: 20 });
  });

  it('documents PATCH bodies whose fields, and merged settings, carry no defaults', async () => {
    type Schema = { properties?: Record<string, Schema>; default?: unknown };
    const doc = (await c.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
      paths: Record<string, { patch?: { requestBody: { content: Record<string, { schema: Schema }> } } }>;
    };
    const bodies = Object.entries(doc.paths).flatMap(([path, p]) =>
      p.patch ? [[path, p.patch.requestBody.content['application/json']?.schema ?? {}] as const] : [],
    );
    expect(bodies.map(([path]) => path)).toEqual(
      expect.arrayContaining([
        '/v1/admin/sites/{site}',
        '/v1/admin/sites/{site}/touchpoints/{id}',
        '/v1/admin/sites/{site}/surveys/{id}',
        '/v1/admin/sites/{site}/rules/{id}',
        '/v1/admin/sites/{site}/webhooks/{id}',
      ]),
    );
    const defaults = (schema: Schema, at: string): string[] =>
      Object.entries(schema.properties ?? {}).flatMap(([k, f]) => (f.default !== undefined ? [`${at}.${k}`] : []));
    for (const [path, body] of bodies) {
      expect(defaults(body, path)).toEqual([]);
      for (const merged of ['settings', 'display', 'urls']) {
        const nested = body.properties?.[merged];
        if (nested) expect(defaults(nested, `${path}.${merged}`)).toEqual([]);
      }
    }
  });
});
