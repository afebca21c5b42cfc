import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';

/** Each malformed body, the status and code it must get, and the field the answer must name. */
const CASES: { name: string; body: unknown; status: number; code: string; path?: string }[] = [
  {
    name: 'a missing id',
    body: { ...aResponse(), id: undefined },
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.id',
  },
  {
    name: 'an id that is not a UUID',
    body: aResponse({ id: 'abc' }),
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.id',
  },
  {
    name: 'a bad timestamp',
    body: aResponse({ createdAt: 'yesterday' }),
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.createdAt',
  },
  {
    name: 'an NPS of 11',
    body: aResponse({ answers: { nps: 11 } }),
    status: 422,
    code: 'TP_ERR_INVALID_ANSWER',
    path: 'answers.nps',
  },
  {
    name: 'an NPS of 7.5',
    body: aResponse({ answers: { nps: 7.5 } }),
    status: 422,
    code: 'TP_ERR_INVALID_ANSWER',
    path: 'answers.nps',
  },
  {
    name: 'an NPS given as text',
    body: aResponse({ answers: { nps: 'ten' } }),
    status: 422,
    code: 'TP_ERR_INVALID_ANSWER',
    path: 'answers.nps',
  },
  {
    name: 'an unknown choice',
    body: aResponse({ answers: { topic: 'weather' } }),
    status: 422,
    code: 'TP_ERR_INVALID_ANSWER',
    path: 'answers.topic',
  },
  {
    name: 'an unknown question',
    body: aResponse({ answers: { colour: 'red' } }),
    status: 422,
    code: 'TP_ERR_INVALID_ANSWER',
    path: 'answers.colour',
  },
  {
    name: 'an unknown site',
    body: aResponse({ site: 'nope' }),
    status: 404,
    code: 'TP_ERR_UNKNOWN_SITE',
    path: 'site',
  },
  {
    name: 'an unknown survey',
    body: aResponse({ survey: 'nope' }),
    status: 422,
    code: 'TP_ERR_UNKNOWN_SURVEY',
    path: 'survey',
  },
  {
    name: 'an unknown touchpoint',
    body: aResponse({ touchpoint: 'nope' }),
    status: 422,
    code: 'TP_ERR_UNKNOWN_TOUCHPOINT',
    path: 'touchpoint',
  },
  {
    name: 'an unknown channel',
    body: aResponse({ context: { channel: 'fax' as 'web' } }),
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.context.channel',
  },
  {
    name: 'a too long free text',
    body: aResponse({ answers: { why: 'x'.repeat(6000) } }),
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.answers.why',
  },
  {
    name: 'too many variables',
    body: aResponse({ context: { vars: Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`v${i}`, i])) } }),
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.context.vars',
  },
  { name: 'an empty batch', body: { responses: [] }, status: 400, code: 'TP_ERR_VALIDATION', path: 'body.responses' },
  {
    name: 'a batch of 101',
    body: { responses: Array.from({ length: 101 }, () => aResponse()) },
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.responses',
  },
  {
    name: 'a bad item deep in a batch',
    body: { responses: [aResponse(), aResponse({ createdAt: 'x' })] },
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.responses[1].createdAt',
  },
  {
    name: 'a bad answer deep in a batch',
    body: { responses: [aResponse(), aResponse({ answers: { nps: -1 } })] },
    status: 422,
    code: 'TP_ERR_INVALID_ANSWER',
    path: 'responses[1].answers.nps',
  },
  { name: 'a JSON array', body: [aResponse()], status: 400, code: 'TP_ERR_VALIDATION' },
  {
    name: '60,000 answer keys (refused by count before validation)',
    body: aResponse({ answers: Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`q${i}`, 1])) }),
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.answers',
  },
  {
    name: 'arrays nested 100,000 deep in a variable',
    body: `{"id":"x","context":{"vars":{"v":${'['.repeat(100_000)}${']'.repeat(100_000)}}}}`,
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.context.vars.v[0][0][0]',
  },
  {
    name: 'a multiple-choice answer of 50,000 items',
    body: aResponse({ answers: { topic: Array.from({ length: 50_000 }, () => 'a') } }),
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.answers.topic',
  },
  {
    name: 'a 200,000-character string in a batch item',
    body: { responses: [aResponse(), aResponse({ answers: { why: 'x'.repeat(200_000) } })] },
    status: 400,
    code: 'TP_ERR_VALIDATION',
    path: 'body.responses[1].answers.why',
  },
];

describe('bad input to POST /v1/responses', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterAll(() => c.close());

  for (const t of CASES) {
    it(`answers ${t.status} ${t.code} naming the field for ${t.name}`, async () => {
      const raw = typeof t.body === 'string';
      const res = await c.app.inject({
        method: 'POST',
        url: '/v1/responses',
        payload: t.body as object,
        headers: raw ? { 'content-type': 'application/json' } : {},
      });
      expect(res.statusCode).toBe(t.status);
      const body = res.json();
      expect(body.code).toBe(t.code);
      expect(body.message).toEqual(expect.any(String));
      if (t.path) expect(body.details.map((d: { path: string }) => d.path)).toContain(t.path);
    });
  }

  it('answers 400 TP_ERR_INVALID_JSON to a body that is not JSON', async () => {
    for (const type of ['application/json', 'text/plain']) {
      const res = await c.app.inject({
        method: 'POST',
        url: '/v1/responses',
        payload: '{"id":',
        headers: { 'content-type': type },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().code).toBe('TP_ERR_INVALID_JSON');
    }
  });

  it('answers 400 to an empty JSON body', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: '',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toMatch(/^TP_ERR_/);
  });

  it('answers 415 to an unsupported content type', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: '<xml/>',
      headers: { 'content-type': 'application/xml' },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('TP_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 413 to a body over the size limit', async () => {
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('TP_ERR_BODY_TOO_LARGE');
  });

  it('refuses 60,000 answer keys by counting them, before the schema walks them', async () => {
    const answers = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`q${i}`, 1]));
    for (const payload of [aResponse({ answers }), { responses: [aResponse(), aResponse({ answers })] }]) {
      const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload });
      expect(res.statusCode).toBe(400);
      expect(res.json().details).toEqual([
        { path: 'responses' in payload ? 'body.responses[1].answers' : 'body.answers', message: 'more than 64 keys' },
      ]);
    }
  });

  it('answers 413 to a single response larger than 64 KiB, while a batch of that size passes', async () => {
    const long = { why: 'ü'.repeat(4000), topic: 'price' };
    const single = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: aResponse({ answers: long, context: { vars: { note: 'x'.repeat(400) } } }),
    });
    expect(single.statusCode).toBe(200);
    const padded = aResponse({
      answers: long,
      context: { vars: Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`v${i}`, 'x'.repeat(500)])) },
    });
    const tooLarge = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: { ...padded, pad: 'y'.repeat(30_000), pad2: 'z'.repeat(30_000) },
    });
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.json().code).toBe('TP_ERR_BODY_TOO_LARGE');
    const batch = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: { responses: Array.from({ length: 20 }, () => aResponse({ answers: long })) },
    });
    expect(batch.statusCode).toBe(200);
  });

  it('answers 404 TP_ERR_NOT_FOUND to an unknown route', async () => {
    const res = await c.app.inject({ url: '/v1/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('TP_ERR_NOT_FOUND');
  });

  it('stores nothing from a batch with one bad item, and keeps serving', async () => {
    const good = aResponse();
    const bad = await c.app.inject({
      method: 'POST',
      url: '/v1/responses',
      payload: { responses: [good, aResponse({ answers: { nps: 99 } })] },
    });
    expect(bad.statusCode).toBe(422);
    const res = await c.app.inject({ method: 'POST', url: '/v1/responses', payload: good });
    expect(res.json().results[0].status).toBe('created');
  });
});

describe('errors outside the routes have the TP_ERR_* shape', () => {
  let c: TestCollector;
  beforeAll(async () => {
    c = await startCollector({ listen: true });
    await seedCatalog(c);
  });
  afterAll(() => c.close());

  /** Checks the shape every error body has, and returns it. */
  const errorBody = async (res: Response, status: number, code: string) => {
    expect(res.status).toBe(status);
    const body = (await res.json()) as { statusCode: number; code: string; error: string; message: string };
    expect(body).toMatchObject({ statusCode: status, code, error: expect.any(String), message: expect.any(String) });
    return body as typeof body & { details?: { path: string }[] };
  };

  for (const url of ['/v1/sites/%E0%A4%A/config', '/widget/%E0%A4%A', '/dashboard/%E0%A4%A', '/docs/static/%']) {
    it(`answers 400 TP_ERR_VALIDATION naming the url to a malformed %-encoding in ${url.split('/')[1]}`, async () => {
      const body = await errorBody(await fetch(c.url + url), 400, 'TP_ERR_VALIDATION');
      expect(body.details?.[0]?.path).toBe('url');
    });
  }

  it('answers 414 TP_ERR_VALIDATION to a path segment longer than the router takes', async () => {
    const body = await errorBody(await fetch(`${c.url}/v1/sites/${'a'.repeat(500)}/config`), 414, 'TP_ERR_VALIDATION');
    expect(body.details?.[0]?.path).toBe('url');
  });

  it('answers 431 TP_ERR_VALIDATION naming the headers to a URL larger than the server reads', async () => {
    const body = await errorBody(await fetch(`${c.url}/v1/x?${'a'.repeat(20_000)}`), 431, 'TP_ERR_VALIDATION');
    expect(body.details?.[0]?.path).toBe('headers');
  });

  it('answers 415 TP_ERR_UNSUPPORTED_MEDIA_TYPE with the full shape', async () => {
    const res = await fetch(`${c.url}/v1/responses`, {
      method: 'POST',
      body: '<a/>',
      headers: { 'content-type': 'application/xml' },
    });
    await errorBody(res, 415, 'TP_ERR_UNSUPPORTED_MEDIA_TYPE');
  });

  it('answers 404 TP_ERR_NOT_FOUND for a missing widget chunk and a path escaping the widget folder', async () => {
    await errorBody(await fetch(`${c.url}/widget/nope.js`), 404, 'TP_ERR_NOT_FOUND');
    await errorBody(await fetch(`${c.url}/widget/%2e%2e/%2e%2e/package.json`), 404, 'TP_ERR_NOT_FOUND');
  });

  it('names the item and the accepted types for an event of an unknown type deep in a batch', async () => {
    const ok = {
      type: 'impression',
      id: randomUUID(),
      site: 'shop',
      survey: 'nps',
      createdAt: new Date().toISOString(),
    };
    const res = await fetch(`${c.url}/v1/events`, {
      method: 'POST',
      body: JSON.stringify({ events: [ok, ok, ok, { ...ok, type: 'bogus' }] }),
      headers: { 'content-type': 'application/json' },
    });
    const body = await errorBody(res, 400, 'TP_ERR_VALIDATION');
    expect(body.details).toEqual([
      { path: 'body.events[3].type', message: 'must be one of "impression", "dismiss", "heartbeat"' },
    ]);
  });
});
