import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '@touchpoint/shared';
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
