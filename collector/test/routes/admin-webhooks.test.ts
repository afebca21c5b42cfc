import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEndpoint } from '@touchpoint/shared';
import { adminCall } from '../closed-loop/fixtures.js';
import { admin, startCollector, type TestCollector } from '../helpers/collector.js';
import { seedCatalog } from '../helpers/fixtures.js';

interface ErrorBody {
  code: string;
  message: string;
  details?: { path: string; message: string }[];
}

describe('admin webhooks: internal addresses and what read-only keys see', () => {
  let c: TestCollector;
  afterEach(() => c?.close());
  const start = async (env: Record<string, string> = {}) => {
    c = await startCollector({ env });
    await seedCatalog(c);
  };
  const create = (url: string) =>
    adminCall<ErrorBody & { webhook: WebhookEndpoint; secret: string }>(c, 'POST', '/v1/admin/sites/shop/webhooks', {
      url,
      events: ['case.opened'],
    });

  it.each([
    'http://127.0.0.1:8080/hooks',
    'http://10.1.2.3/hooks',
    'http://192.168.0.10/hooks',
    'http://[::1]:8080/hooks',
    'http://[::ffff:127.0.0.1]/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'http://0.0.0.0:8787/hooks',
    'http://localhost:8787/hooks',
  ])('refuses to create a webhook calling %s, with a 400 naming url', async (url) => {
    await start();
    const { status, body } = await create(url);
    expect(status).toBe(400);
    expect(body.code).toBe('TP_ERR_VALIDATION');
    expect(body.details?.map((d) => d.path)).toEqual(['body.url']);
    expect(body.message).toMatch(/^body\.url: .+ address; webhooks may not call internal addresses/);
    expect((await adminCall<WebhookEndpoint[]>(c, 'GET', '/v1/admin/sites/shop/webhooks')).body).toEqual([]);
  });

  it('refuses to point an existing webhook at an internal address', async () => {
    await start();
    const { body } = await create('https://crm.example/hooks');
    const url = `/v1/admin/sites/shop/webhooks/${body.webhook.id}`;
    const patched = await adminCall<ErrorBody>(c, 'PATCH', url, { url: 'http://169.254.169.254/' });
    expect(patched.status).toBe(400);
    expect(patched.body.details?.[0]?.path).toBe('body.url');
    expect((await adminCall<WebhookEndpoint>(c, 'GET', url)).body.url).toBe('https://crm.example/hooks');
  });

  it('accepts a loopback receiver when TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE is true', async () => {
    await start({ TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: 'true' });
    expect((await create('http://127.0.0.1:8080/hooks')).status).toBe(201);
  });

  it("hides a webhook URL's credentials and query values from a read-only key, never showing the secret", async () => {
    await start();
    const secretUrl = 'https://user:hunter2@crm.example/hooks?token=tok_live_123&x=1#frag';
    const { body: created } = await create(secretUrl);
    const id = created.webhook.id;
    const key = (await adminCall<{ secret: string }>(c, 'POST', '/v1/admin/keys', { name: 'analyst', kind: 'read' }))
      .body.secret;
    const asReader = (url: string) => c.app.inject({ url, headers: admin(key) });

    const list = await asReader('/v1/admin/sites/shop/webhooks');
    const one = await asReader(`/v1/admin/sites/shop/webhooks/${id}`);
    const log = await asReader('/v1/admin/sites/shop/deliveries');
    for (const res of [list, one, log]) {
      expect(res.statusCode).toBe(200);
      for (const secret of ['hunter2', 'tok_live_123', created.secret]) expect(res.body).not.toContain(secret);
    }
    const redacted = 'https://redacted:redacted@crm.example/hooks?token=redacted&x=redacted';
    expect((list.json() as WebhookEndpoint[])[0]?.url).toBe(redacted);
    expect((one.json() as WebhookEndpoint).url).toBe(redacted);
    // An admin key still sees the URL it configured.
    expect((await adminCall<WebhookEndpoint>(c, 'GET', `/v1/admin/sites/shop/webhooks/${id}`)).body.url).toBe(
      secretUrl,
    );
  });
});
