import { afterEach, describe, expect, it } from 'vitest';
import { startCollector, type TestCollector } from '../helpers/collector.js';

describe('health, docs and rate limits', () => {
  let c: TestCollector | undefined;
  afterEach(() => c?.close());

  it('answers /healthz', async () => {
    c = await startCollector();
    expect((await c.app.inject({ url: '/healthz' })).json()).toEqual({ ok: true });
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    c = await startCollector();
    const doc = (await c.app.inject({ url: '/docs/json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/responses',
        '/v1/events',
        '/v1/sites/{site}/config',
        '/v1/admin/sites/{site}/surveys',
      ]),
    );
    const body = doc.paths['/v1/responses'].post.requestBody.content['application/json'].schema;
    expect(JSON.stringify(body)).toContain('createdAt');
  });

  it('declares the API key on every admin operation and on no public one, so /docs and generated clients send it', async () => {
    c = await startCollector();
    type Operation = { security?: Record<string, string[]>[] };
    const doc = (await c.app.inject({ url: '/docs/json' })).json() as {
      paths: Record<string, Record<string, Operation>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.values(ops).map((op) => ({ path, security: op.security })),
    );
    const admin = operations.filter((o) => o.path.startsWith('/v1/admin/'));
    expect(admin.length).toBeGreaterThan(40);
    for (const o of admin) expect(o.security, o.path).toEqual([{ apiKey: [] }]);
    for (const o of operations.filter((x) => !x.path.startsWith('/v1/admin/')))
      expect(o.security, o.path).toBeUndefined();
  });

  it('answers 429 TP_ERR_RATE_LIMITED past the per-client limit', async () => {
    c = await startCollector({ env: { TOUCHPOINT_RATE_LIMIT: '3' } });
    const codes: number[] = [];
    for (let i = 0; i < 5; i++) codes.push((await c.app.inject({ url: '/qr/none.svg' })).statusCode);
    expect(codes).toEqual([404, 404, 404, 429, 429]);
    const res = await c.app.inject({ url: '/qr/none.svg' });
    expect(res.json().code).toBe('TP_ERR_RATE_LIMITED');
    expect(res.headers['retry-after']).toBeDefined();
  });
});
