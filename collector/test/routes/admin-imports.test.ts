import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { boundedText } from '../../src/routes/admin/imports.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

const CSV = [
  'call_id,createdAt,touchpoint,score',
  'c-1,2025-03-04T10:00:00Z,store-12,10',
  'c-2,2025-03-05T10:00:00Z,store-12,2',
  '',
].join('\n');

describe('admin API: imports', () => {
  let c: TestCollector;
  beforeEach(async () => {
    c = await startCollector();
    await seedCatalog(c);
  });
  afterEach(async () => c.close());

  const upload = (body: string | Readable, type: string, query = 'survey=nps&map=score=nps,call_id=') =>
    c.app.inject({
      method: 'POST',
      url: `/v1/admin/sites/shop/imports?${query}`,
      headers: { ...admin(), 'content-type': type },
      payload: body,
    });

  it('stores an uploaded CSV file as phone answers and stores nothing twice on a second upload', async () => {
    const first = await upload(CSV, 'text/csv; charset=utf-8');
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json()).toEqual({ rows: 2, created: 2, duplicate: 0, failed: 0, problems: [] });
    const again = await upload(Readable.from([CSV.slice(0, 40), CSV.slice(40)]), 'text/csv');
    expect(again.json()).toMatchObject({ rows: 2, created: 0, duplicate: 2, failed: 0 });
    const list = await c.app.inject({ method: 'GET', url: '/v1/admin/sites/shop/responses', headers: admin() });
    expect(list.json().items.map((r: { channel: string }) => r.channel)).toEqual(['phone', 'phone']);
  });

  it('answers each refused row of an NDJSON upload with its line and field, storing the others', async () => {
    const body = [
      JSON.stringify({ createdAt: '2025-03-04T10:00:00Z', answers: { nps: 9 } }),
      JSON.stringify({ createdAt: '2025-03-04T10:00:00Z', answers: { nps: 'nine' } }),
      JSON.stringify({ answers: { nps: 7 } }),
    ].join('\n');
    const res = await upload(body, 'application/x-ndjson', 'survey=nps&channel=qr');
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      rows: 3,
      created: 1,
      failed: 2,
      problems: [
        { row: 2, field: 'nps', message: 'NPS answers are whole numbers from 0 to 10' },
        { row: 3, field: 'createdAt', message: expect.stringContaining('required') },
      ],
    });
  });

  it('refuses another content type (415), an unknown survey (422) and a bad map (400), naming the field', async () => {
    const json = await upload('{}', 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.json()).toMatchObject({ code: 'TP_ERR_UNSUPPORTED_MEDIA_TYPE' });
    const survey = await upload(CSV, 'text/csv', 'survey=nope');
    expect(survey.statusCode).toBe(422);
    expect(survey.json()).toMatchObject({ code: 'TP_ERR_UNKNOWN_SURVEY', details: [{ path: 'querystring.survey' }] });
    const map = await upload(CSV, 'text/csv', 'survey=nps&map=score');
    expect(map.statusCode).toBe(400);
    expect(map.json()).toMatchObject({ code: 'TP_ERR_VALIDATION', details: [{ path: 'querystring.map' }] });
  });

  it('refuses an upload with a read-only key', async () => {
    const made = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/keys',
      headers: admin(),
      payload: { name: 'Analyst', kind: 'read' },
    });
    expect(made.statusCode, made.body).toBe(201);
    const res = await c.app.inject({
      method: 'POST',
      url: '/v1/admin/sites/shop/imports?survey=nps',
      headers: { ...admin(made.json().secret), 'content-type': 'text/csv' },
      payload: CSV,
    });
    expect(res.statusCode).toBe(403);
  });

  it('bounds the body while it streams, whatever its Content-Length says', async () => {
    const chunks = async () => {
      const out: string[] = [];
      for await (const t of boundedText(Readable.from([Buffer.from('a,b\n'), Buffer.from('1,2\n')]), 6)) out.push(t);
      return out;
    };
    await expect(chunks()).rejects.toMatchObject({ code: 'TP_ERR_BODY_TOO_LARGE', statusCode: 413 });
    const fits: string[] = [];
    // "é" split across two chunks is decoded whole
    const e = Buffer.from('é');
    for await (const t of boundedText(Readable.from([e.subarray(0, 1), e.subarray(1)]), 6)) fits.push(t);
    expect(fits.join('')).toBe('é');
  });
});
