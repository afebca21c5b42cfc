import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delivery } from '@touchpoint/shared';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { adminCall, contactSurvey, postResponse } from './fixtures.js';

describe('closed loop: replies are not a mail relay', () => {
  let c: TestCollector;
  let smtp: SmtpSink;
  afterEach(async () => {
    await c?.close();
    await smtp?.close();
  });

  /** A collector whose worker only delivers when the test calls runOnce (its timer would fire in 10 minutes). */
  async function start(): Promise<void> {
    smtp = await startSmtpSink();
    c = await startCollector({ env: { TOUCHPOINT_SMTP_URL: smtp.url, TOUCHPOINT_OUTBOX_INTERVAL_MS: '600000' } });
    await seedCatalog(c);
    expect((await adminCall(c, 'POST', '/v1/admin/sites/shop/surveys', contactSurvey)).status).toBe(201);
  }
  const promoter = (email: string, name?: string) =>
    aResponse({
      survey: 'store-nps',
      answers: { nps: 10, email },
      context: { channel: 'web', vars: name === undefined ? {} : { name } },
    });
  const deliveries = async () => (await adminCall<Delivery[]>(c, 'GET', '/v1/admin/sites/shop/deliveries')).body;

  it('sends one e-mail for one request with 20 responses naming the same address', async () => {
    await start();
    const batch = Array.from({ length: 20 }, (_, i) => promoter(i % 2 ? 'victim@example.com' : 'Victim@Example.com'));
    await postResponse(c, { responses: batch });
    await postResponse(c, promoter('victim@example.com')); // and again in a later request
    await c.app.delivery.runOnce();
    expect(smtp.mails).toHaveLength(1);
    expect(await deliveries()).toHaveLength(1);
  });

  it('greets with the fallback when the name variable holds a paragraph with a link', async () => {
    await start();
    const spam = 'Ana,\n\nyou won a prize! Claim it at https://evil.example/claim before Friday.';
    await postResponse(c, promoter('ana@example.com', spam));
    await postResponse(c, promoter('bo@example.com', 'Bo'));
    await c.app.delivery.runOnce();
    const byTo = new Map(smtp.mails.map((m) => [m.to[0], m]));
    expect(byTo.get('ana@example.com')!.text).toMatch(/^Hi there,\n/);
    expect(byTo.get('ana@example.com')!.text).not.toMatch(/evil|prize|claim/i);
    expect(byTo.get('bo@example.com')!.text).toMatch(/^Hi Bo,\n/);
  });

  it("stops sending at the site's daily reply cap, marks the rest dead and warns", async () => {
    await start();
    const settings = { cooldownHours: 24, followUpSlaHours: 48, dailyReplyCap: 2 };
    expect((await adminCall(c, 'PATCH', '/v1/admin/sites/shop', { settings })).status).toBe(200);
    const warn = vi.spyOn(c.app.delivery.log, 'warn');
    for (const to of ['a@example.com', 'b@example.com', 'c@example.com']) await postResponse(c, promoter(to));
    await c.app.delivery.runOnce();
    await postResponse(c, promoter('d@example.com'));
    await c.app.delivery.runOnce();

    expect(smtp.mails.map((m) => m.to[0])).toEqual(['a@example.com', 'b@example.com']);
    const log = await deliveries();
    expect(log.filter((d) => d.status === 'delivered')).toHaveLength(2);
    const held = log.filter((d) => d.status === 'dead');
    expect(held.map((d) => d.target).sort()).toEqual(['c@example.com', 'd@example.com']);
    expect(held[0]!.lastError).toContain('daily reply cap of 2');
    expect(warn).toHaveBeenCalledWith(
      expect.objectContaining({ site: 'shop', cap: 2 }),
      expect.stringContaining('daily reply cap'),
    );
  });
});
