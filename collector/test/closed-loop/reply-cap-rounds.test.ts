import { afterEach, describe, expect, it } from 'vitest';
import type { Delivery } from '@touchpoint/shared';
import { startCollector, type TestCollector } from '../helpers/collector.js';
import { aResponse, seedCatalog } from '../helpers/fixtures.js';
import { describePostgres, truncateAll } from '../helpers/postgres.js';
import { startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';
import { adminCall, contactSurvey, postResponse } from './fixtures.js';

// A delivery round claims 20 rows at a time, and the marks of one claim's deliveries are stored while the next
// claim is made (delivery/worker.ts). The daily reply cap counts the e-mails marked sent, so a claim with
// e-mails must wait for the earlier marks: else a cap of 25 would let ~40 through in one round.

const CAP = 25;
const SENT = 45;

function replyCapCases(env: () => Promise<Record<string, string>>): void {
  let c: TestCollector | undefined;
  let smtp: SmtpSink | undefined;
  afterEach(async () => {
    await c?.close();
    await smtp?.close();
  });

  it(`sends ${CAP} of ${SENT} replies in one round with a cap of ${CAP}, over three claims`, async () => {
    smtp = await startSmtpSink();
    c = await startCollector({
      env: { TOUCHPOINT_SMTP_URL: smtp.url, TOUCHPOINT_OUTBOX_INTERVAL_MS: '600000', ...(await env()) },
    });
    await seedCatalog(c);
    expect((await adminCall(c, 'POST', '/v1/admin/sites/shop/surveys', contactSurvey)).status).toBe(201);
    const settings = { cooldownHours: 24, followUpSlaHours: 48, dailyReplyCap: CAP };
    expect((await adminCall(c, 'PATCH', '/v1/admin/sites/shop', { settings })).status).toBe(200);
    const promoters = Array.from({ length: SENT }, (_, i) =>
      aResponse({ survey: 'store-nps', answers: { nps: 10, email: `p${i}@example.com` } }),
    );
    await postResponse(c, { responses: promoters });

    await c.app.delivery.runOnce();

    expect(smtp.mails).toHaveLength(CAP);
    const log = (await adminCall<Delivery[]>(c, 'GET', '/v1/admin/sites/shop/deliveries?limit=100')).body;
    expect(log.filter((d) => d.status === 'delivered')).toHaveLength(CAP);
    expect(log.filter((d) => d.status === 'dead')).toHaveLength(SENT - CAP);
  });
}

describe('the daily reply cap over several claims of a round (SQLite, inline writer)', () =>
  replyCapCases(() => Promise.resolve({})));
describe('the daily reply cap over several claims of a round (SQLite, writer thread)', () =>
  replyCapCases(() => Promise.resolve({ TOUCHPOINT_WRITER: 'thread' })));
describePostgres('the daily reply cap over several claims of a round (PostgreSQL)', (db) =>
  replyCapCases(async () => {
    await truncateAll(db().url);
    return { TOUCHPOINT_DB: db().url, TOUCHPOINT_INSIGHTS_WORKER: 'off' };
  }),
);
