import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog, testSurvey } from '../helpers/fixtures.js';

describe('admin API: sites, touchpoints, surveys', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(() => c.close());

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, payload?: unknown) =>
    c.app.inject({ method, url, headers: admin(), ...(payload ? { payload: payload as object } : {}) });

  it('creates a site with defaults and refuses a second one with the same key', async () => {
    expect((await call('GET', '/v1/admin/sites/shop')).json()).toMatchObject({
      key: 'shop',
      settings: { cooldownHours: 24 },
    });
    const again = await call('POST', '/v1/admin/sites', { key: 'shop', name: 'Again' });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('TP_ERR_CONFLICT');
  });

  it('changes a site and refuses an origin with a path', async () => {
    const ok = await call('PATCH', '/v1/admin/sites/shop', {
      origins: ['https://shop.example', 'https://www.shop.example'],
    });
    expect(ok.json().origins).toHaveLength(2);
    const bad = await call('PATCH', '/v1/admin/sites/shop', { origins: ['https://shop.example/path'] });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('body.origins[0]');
  });

  it('lists, changes and deletes touchpoints', async () => {
    expect((await call('GET', '/v1/admin/sites/shop/touchpoints')).json().map((t: { id: string }) => t.id)).toEqual([
      'checkout',
      'store-12',
    ]);
    expect(
      (await call('PATCH', '/v1/admin/sites/shop/touchpoints/store-12', { name: 'Store 12 Dresden' })).json(),
    ).toMatchObject({ id: 'store-12', name: 'Store 12 Dresden', kind: 'store' });
    expect((await call('DELETE', '/v1/admin/sites/shop/touchpoints/store-12')).statusCode).toBe(204);
    expect((await call('GET', '/v1/admin/sites/shop/touchpoints/store-12')).statusCode).toBe(404);
  });

  it('refuses a survey whose follow-up names a later question', async () => {
    const res = await call('POST', '/v1/admin/sites/shop/surveys', {
      ...testSurvey,
      id: 'broken',
      questions: [
        { id: 'why', type: 'text', text: { en: 'Why?' }, showIf: { question: 'nps', max: 6 } },
        { id: 'nps', type: 'nps', text: { en: 'NPS' } },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0]).toMatchObject({ path: 'body.questions[0].showIf.question' });
  });

  it('checks a survey change as a whole survey', async () => {
    const res = await call('PATCH', '/v1/admin/sites/shop/surveys/nps', {
      questions: [
        { id: 'a', type: 'nps', text: { en: 'x' } },
        { id: 'a', type: 'csat', text: { en: 'y' } },
      ],
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().details[0].path).toBe('body.questions[1].id');
    const ok = await call('PATCH', '/v1/admin/sites/shop/surveys/nps', { active: false });
    expect(ok.json()).toMatchObject({ id: 'nps', active: false, questions: expect.any(Array) });
  });

  it('answers 404 for the touchpoints of an unknown site', async () => {
    const res = await call('GET', '/v1/admin/sites/nope/touchpoints');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TP_ERR_NOT_FOUND');
  });

  it('deletes a site with everything in it', async () => {
    expect((await call('DELETE', '/v1/admin/sites/shop')).statusCode).toBe(204);
    expect((await call('GET', '/v1/admin/sites')).json()).toEqual([]);
    expect((await c.app.inject({ url: '/v1/sites/shop/config' })).statusCode).toBe(404);
  });
});
