import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { brotliDecompressSync } from 'node:zlib';
import { seedCatalog, testSurvey } from '../helpers/fixtures.js';

describe('GET /v1/sites/:site/config', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector();
    await seedCatalog(c);
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: {
        ...testSurvey,
        id: 'german',
        defaultLocale: 'de',
        questions: [
          {
            id: 'nps',
            type: 'nps',
            text: { de: 'Wie wahrscheinlich…?', en: 'How likely…?', fr: 'Quelle probabilité…?' },
          },
        ],
      },
    });
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: { ...testSurvey, id: 'off', active: false },
    });
  });
  afterAll(() => c.close());

  it('lists active surveys only, with their triggers and display rules', async () => {
    const res = await c.app.inject({ url: '/v1/sites/shop/config' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.surveys.map((s: { id: string }) => s.id).sort()).toEqual(['german', 'nps']);
    expect(body.surveys.find((s: { id: string }) => s.id === 'nps')).toMatchObject({
      trigger: { type: 'exit-intent', armMs: 3000 },
      display: { sampling: 100, frequency: 'until-answered' },
    });
    expect(res.headers['cache-control']).toContain('max-age=');
  });

  it('sends copy in the requested locale only, falling back to the default', async () => {
    const fr = (await c.app.inject({ url: '/v1/sites/shop/config?locale=fr' })).json();
    const german = fr.surveys.find((s: { id: string }) => s.id === 'german');
    expect(german.questions[0].text).toEqual({ fr: 'Quelle probabilité…?' });
    const nps = fr.surveys.find((s: { id: string }) => s.id === 'nps');
    expect(nps.questions[0].text).toEqual({ fr: 'How likely are you to recommend us?' });
    const byDefault = (await c.app.inject({ url: '/v1/sites/shop/config' })).json();
    expect(byDefault.surveys.find((s: { id: string }) => s.id === 'german').questions[0].text).toEqual({
      de: 'Wie wahrscheinlich…?',
    });
  });

  it('answers 304 to a matching If-None-Match, and a new ETag after an edit', async () => {
    const first = await c.app.inject({ url: '/v1/sites/shop/config' });
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^W\/".+"$/);
    const again = await c.app.inject({ url: '/v1/sites/shop/config', headers: { 'if-none-match': etag } });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    await c.app.inject({
      method: 'PATCH',
      url: '/v1/admin/sites/shop/surveys/nps',
      headers: admin(),
      payload: { display: { sampling: 50 } },
    });
    const changed = await c.app.inject({ url: '/v1/sites/shop/config', headers: { 'if-none-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.headers.etag).not.toBe(etag);
  });

  it('answers 404 TP_ERR_UNKNOWN_SITE for an unknown site and 400 for a bad locale', async () => {
    expect((await c.app.inject({ url: '/v1/sites/nope/config' })).json().code).toBe('TP_ERR_UNKNOWN_SITE');
    const bad = await c.app.inject({ url: '/v1/sites/shop/config?locale=english' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('querystring.locale');
  });

  it('leaves questions and copy out of the loader form (fields=rules), keeping what deciding needs', async () => {
    const full = await c.app.inject({ url: '/v1/sites/shop/config?locale=en' });
    const rules = await c.app.inject({ url: '/v1/sites/shop/config?locale=en&fields=rules' });
    expect(rules.statusCode).toBe(200);
    const nps = rules.json().surveys.find((s: { id: string }) => s.id === 'nps');
    const {
      questions,
      touchpoint: _touchpoint,
      ...decides
    } = full.json().surveys.find((s: { id: string }) => s.id === 'nps');
    expect(questions.length).toBeGreaterThan(0);
    expect(Object.keys(nps).sort()).toEqual(['display', 'id', 'locale', 'trigger', 'urls']);
    expect(nps).toEqual(decides);
    expect(rules.json().settings).toEqual(full.json().settings);
    expect(rules.body).not.toMatch(/questions|How likely/);
    expect(rules.headers.etag).not.toBe(full.headers.etag);
  });

  it('sends the config brotli-compressed to a client that accepts it, varying on Origin and Accept-Encoding', async () => {
    const res = await c.app.inject({
      url: '/v1/sites/shop/config?locale=en',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(res.headers['content-encoding']).toBe('br');
    // JSON is UTF-8 by definition (RFC 8259), so the charset parameter would be bytes for nothing
    expect(res.headers['content-type']).toBe('application/json');
    expect(res.headers['cache-control']).toBe('max-age=60, stale-while-revalidate=600');
    expect(res.headers.vary).toMatch(/Origin/);
    expect(res.headers.vary).toMatch(/Accept-Encoding/);
    const plain = await c.app.inject({ url: '/v1/sites/shop/config?locale=en' });
    expect(JSON.parse(brotliDecompressSync(res.rawPayload).toString())).toEqual(plain.json());
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('answers 400 naming querystring.fields for an unknown form', async () => {
    const bad = await c.app.inject({ url: '/v1/sites/shop/config?fields=everything' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().details[0].path).toBe('querystring.fields');
  });
});

describe('GET /v1/sites/:site/surveys/:survey', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector();
    await seedCatalog(c);
    await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/surveys',
      headers: admin(),
      payload: { ...testSurvey, id: 'off', active: false },
    });
  });
  afterAll(() => c.close());

  it('sends one survey with its questions in the requested locale, as the full config has it, less the rules the loader has', async () => {
    const one = await c.app.inject({ url: '/v1/sites/shop/surveys/nps?locale=en' });
    expect(one.statusCode).toBe(200);
    const full = (await c.app.inject({ url: '/v1/sites/shop/config?locale=en' })).json();
    const { trigger, display, urls, ...copy } = full.surveys.find((s: { id: string }) => s.id === 'nps');
    expect(trigger && display && urls, 'the full config has the rules').toBeTruthy();
    expect(one.json()).toEqual(copy);
    expect(one.headers['cache-control']).toContain('max-age=');
  });

  it('answers 304 to a matching If-None-Match', async () => {
    const first = await c.app.inject({ url: '/v1/sites/shop/surveys/nps?locale=en' });
    const again = await c.app.inject({
      url: '/v1/sites/shop/surveys/nps?locale=en',
      headers: { 'if-none-match': first.headers.etag as string },
    });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('answers TP_ERR_UNKNOWN_SURVEY for an unknown or inactive survey, and 403 to an origin the site does not allow', async () => {
    for (const id of ['nope', 'off']) {
      const res = await c.app.inject({ url: `/v1/sites/shop/surveys/${id}` });
      expect(res.statusCode).toBe(422);
      expect(res.json().code).toBe('TP_ERR_UNKNOWN_SURVEY');
    }
    const foreign = await c.app.inject({
      url: '/v1/sites/shop/surveys/nps',
      headers: { origin: 'https://evil.example' },
    });
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().code).toBe('TP_ERR_ORIGIN_NOT_ALLOWED');
  });
});
