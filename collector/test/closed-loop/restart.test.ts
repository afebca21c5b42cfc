import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Delivery, FollowUpCase } from '@touchpoint/shared';
import { freePort, startChildCollector, type ChildCollector } from '../helpers/child-collector.js';
import { ADMIN_KEY } from '../helpers/collector.js';
import { aResponse, testSite, testSurvey, testTouchpoints } from '../helpers/fixtures.js';
import { startWebhookReceiver, waitFor, type WebhookReceiver } from '../helpers/webhook-receiver.js';

/**
 * Fast retries, and a short lease (twice the delivery timeout): a claim left by the killed collector ends within
 * 4 s. Not shorter: on a loaded machine a 500 ms timeout (1 s lease) fired late enough that a slow but
 * successful call was retried, and the receiver got it twice (at-least-once; the delivery id header tells).
 */
const childEnv = {
  TOUCHPOINT_ADMIN_KEY: ADMIN_KEY,
  TOUCHPOINT_RATE_LIMIT: '0',
  TOUCHPOINT_OUTBOX_INTERVAL_MS: '20',
  TOUCHPOINT_OUTBOX_BACKOFF_MS: '100',
  TOUCHPOINT_DELIVERY_TIMEOUT_MS: '2000',
  // The test receiver listens on 127.0.0.1, which webhooks may not call otherwise.
  TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: 'true',
  LOG_LEVEL: 'error',
};
const headers = { authorization: `Bearer ${ADMIN_KEY}`, 'content-type': 'application/json' };

async function call<T>(base: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, { method, headers, ...(body ? { body: JSON.stringify(body) } : {}) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('closed loop across a crash', () => {
  let dir: string;
  const children: ChildCollector[] = [];
  let receiver: WebhookReceiver | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'touchpoint-loop-crash-'));
  });
  afterEach(async () => {
    for (const c of children.splice(0)) await c.stop();
    await receiver?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // Its own bound (the last argument): two child collectors start, up to 45 s each on a loaded machine.
  it('neither loses nor duplicates a delivery when the collector is killed mid-retry and restarted', async () => {
    const db = join(dir, 'touchpoint.db');
    const port = await freePort(); // the receiver's address, down for now
    const first = await startChildCollector({ db, env: childEnv });
    children.push(first);
    await call(first.url, 'POST', '/v1/admin/sites', testSite);
    for (const t of testTouchpoints) await call(first.url, 'POST', '/v1/admin/sites/shop/touchpoints', t);
    await call(first.url, 'POST', '/v1/admin/sites/shop/surveys', testSurvey);
    await call(first.url, 'POST', '/v1/admin/sites/shop/webhooks', {
      url: `http://127.0.0.1:${port}/hooks`,
      events: ['response.completed', 'case.opened'],
    });
    const r = aResponse({ answers: { nps: 2 } });
    await call(first.url, 'POST', '/v1/responses', r);

    // Both deliveries are retrying against the receiver that is down when the collector dies.
    const log = () => call<Delivery[]>(first.url, 'GET', '/v1/admin/sites/shop/deliveries');
    await waitFor('failed attempts', async () => {
      const rows = await log();
      return rows.length === 2 && rows.every((d) => d.status === 'pending' && d.attempts >= 2);
    });
    first.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    receiver = await startWebhookReceiver({ port });
    const second = await startChildCollector({ db, env: childEnv });
    children.push(second);
    const rows = () => call<Delivery[]>(second.url, 'GET', '/v1/admin/sites/shop/deliveries');
    await waitFor('both deliveries', async () => (await rows()).every((d) => d.status === 'delivered'), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 300)); // later rounds must send nothing more

    const delivered = await rows();
    expect(delivered).toHaveLength(2);
    const received = receiver.calls.map((x) => x.headers['x-touchpoint-delivery']);
    expect(received.sort()).toEqual(delivered.map((d) => d.id).sort());
    expect(receiver.calls.map((x) => x.headers['x-touchpoint-event']).sort()).toEqual([
      'case.opened',
      'response.completed',
    ]);
    const cases = await call<FollowUpCase[]>(second.url, 'GET', '/v1/admin/sites/shop/cases');
    expect(cases.map((x) => x.response)).toEqual([r.id]);
  }, 120_000);
});
