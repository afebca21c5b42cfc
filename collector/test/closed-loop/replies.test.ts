import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Delivery } from '@touchpoint/shared';
import { WAITING_EMAILS_WARN_EVERY_MS } from '../../src/delivery/worker.js';
import type { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { waitFor } from '../helpers/webhook-receiver.js';
import { adminCall, contactSurvey, fastOutbox, postResponse } from './fixtures.js';

describe('closed loop: templated replies by e-mail', () => {
  let c: TestCollector;
  let smtp: SmtpSink | undefined;
  afterEach(async () => {
    await c?.close();
    await smtp?.close();
    smtp = undefined;
  });

  async function start(withSmtp: boolean): Promise<void> {
    if (withSmtp) smtp = await startSmtpSink();
    c = await startCollector({
      env: {
        ...fastOutbox,
        ...(smtp ? { TOUCHPOINT_SMTP_URL: smtp.url, TOUCHPOINT_MAIL_FROM: 'Shop <hello@shop.example>' } : {}),
      },
    });
    await seedCatalog(c);
    expect((await adminCall(c, 'POST', '/v1/admin/sites/shop/surveys', contactSurvey)).status).toBe(201);
  }
  const deliveries = async () => (await adminCall<Delivery[]>(c, 'GET', '/v1/admin/sites/shop/deliveries')).body;

  it('sends a promoter who left a contact exactly one thank-you e-mail, rendered in their locale', async () => {
    await start(true);
    const r = aResponse({
      survey: 'store-nps',
      locale: 'de',
      answers: { nps: 10, email: 'ana@example.com' },
      context: { channel: 'kiosk', vars: { name: 'Ana' } },
    });
    await postResponse(c, r);
    await postResponse(c, r); // a client retry of the same response
    await waitFor('the e-mail', () => smtp!.mails.length >= 1);
    await c.app.delivery.runOnce();
    await new Promise((resolve) => setTimeout(resolve, 100)); // a few more worker rounds

    expect(smtp!.mails).toHaveLength(1);
    const mail = smtp!.mails[0]!;
    expect(mail.to).toEqual(['ana@example.com']);
    expect(mail.from).toBe('hello@shop.example');
    expect(mail.subject).toBe('Danke für Ihr Feedback');
    expect(mail.text).toContain('Hallo Ana,');
    expect(mail.text).toContain('Ihren Besuch bei Store 12 mit 10 von 10 bewertet');
    expect(mail.text).not.toContain('{{');
    const log = await deliveries();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'email', target: 'ana@example.com', status: 'delivered', attempts: 1 });
    expect(mail.messageId).toBe(`<${log[0]!.id}@touchpoint>`);
  });

  it('e-mails a respondent known by identify only when a contactConsent variable says yes', async () => {
    await start(true);
    const identified = { email: 'bo@example.com' };
    await postResponse(c, aResponse({ respondent: identified, answers: { nps: 9 } }));
    await postResponse(
      c,
      aResponse({
        respondent: { email: 'cy@example.com' },
        answers: { nps: 9 },
        context: { channel: 'web', vars: { contactConsent: true } },
      }),
    );
    await waitFor('the e-mail', () => smtp!.mails.length >= 1);
    await c.app.delivery.runOnce();
    expect(smtp!.mails.map((m) => m.to)).toEqual([['cy@example.com']]);
    expect(smtp!.mails[0]!.text).toContain('Hi there,');
  });

  it('sends a passive a thank-you without the referral link, and a detractor none', async () => {
    await start(true);
    await postResponse(c, aResponse({ survey: 'store-nps', answers: { nps: 7, email: 'pat@example.com' } }));
    await postResponse(c, aResponse({ survey: 'store-nps', answers: { nps: 2, email: 'dee@example.com' } }));
    await waitFor('the e-mail', () => smtp!.mails.length >= 1);
    await c.app.delivery.runOnce();
    expect(smtp!.mails.map((m) => m.to[0])).toEqual(['pat@example.com']);
    expect(smtp!.mails[0]!.text).not.toContain('Share this link');
  });

  it('keeps e-mails pending, never dropped, while no SMTP server is configured', async () => {
    await start(false);
    await postResponse(c, aResponse({ survey: 'store-nps', answers: { nps: 10, email: 'ana@example.com' } }));
    await c.app.delivery.runOnce();
    const log = await deliveries();
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'email', status: 'pending', attempts: 0, lastError: null });
  });

  it('without SMTP, warns of waiting e-mails once, then hourly, and its rounds read past none of them', async () => {
    await start(false);
    const warn = vi.spyOn(c.app.delivery.log, 'warn');
    for (let i = 0; i < 3; i++) {
      await postResponse(c, aResponse({ survey: 'store-nps', answers: { nps: 10, email: `p${i}@example.com` } }));
      await c.app.delivery.runOnce();
    }
    // Before, a warning at every round whose count had changed: three here, one a second under steady traffic.
    expect(warn.mock.calls.map((call) => call[0])).toEqual([{ waiting: 1 }]);
    await c.app.delivery.reportWaitingEmails(Date.now() + WAITING_EMAILS_WARN_EVERY_MS);
    expect(warn.mock.calls.map((call) => call[0])).toEqual([{ waiting: 1 }, { waiting: 3 }]);
    expect((await deliveries()).map((d) => d.status)).toEqual(['pending', 'pending', 'pending']);
    // The rounds claim by kind: the due index leads with it, so the e-mails are not in the rows read.
    const db = (c.app.store as SqliteStore).db;
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM outbox WHERE status = 'pending' AND next_attempt_at <= ?
        AND kind IN (SELECT value FROM json_each(?)) ORDER BY next_attempt_at LIMIT 20`,
      )
      .all(new Date().toISOString(), '["webhook","notify"]') as { detail: string }[];
    expect(plan.map((p) => p.detail).join('; ')).toMatch(/USING INDEX outbox_due \(kind=\? AND next_attempt_at<\?\)/);
  });

  it('replies when a partial response is completed, once, not when it was started', async () => {
    await start(true);
    const r = aResponse({ survey: 'store-nps', partial: true, answers: { nps: 10 } });
    await postResponse(c, r);
    await c.app.delivery.runOnce();
    expect(await deliveries()).toHaveLength(0);
    await postResponse(c, { ...r, partial: false, answers: { email: 'late@example.com' } });
    await postResponse(c, { ...r, partial: false, answers: { email: 'late@example.com' } });
    await waitFor('the e-mail', () => smtp!.mails.length >= 1);
    await c.app.delivery.runOnce();
    expect(smtp!.mails.map((m) => m.to[0])).toEqual(['late@example.com']);
  });
});
