import fp from 'fastify-plugin';
import { DEFAULT_DAILY_REPLY_CAP } from '../closed-loop/reply-limits.js';
import { smtpSender } from '../delivery/email.js';
import { publicBase } from '../receipts/improvement-notices.js';
import { DeliveryWorker } from '../delivery/worker.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** the outbox's delivery worker (e-mails and webhook calls) */
    delivery: DeliveryWorker;
  }
}

/** Starts the delivery worker when the server is ready and stops it, mid-round safely, on close. */
export default fp(
  async (fastify) => {
    const c = fastify.config;
    const mailer = c.TOUCHPOINT_SMTP_URL
      ? smtpSender(c.TOUCHPOINT_SMTP_URL, c.TOUCHPOINT_MAIL_FROM, c.TOUCHPOINT_DELIVERY_TIMEOUT_MS)
      : null;
    const worker = new DeliveryWorker({
      store: fastify.store.closedLoop,
      log: fastify.log.child({ service: 'delivery' }),
      sendEmail: mailer ? mailer.send : null,
      intervalMs: c.TOUCHPOINT_OUTBOX_INTERVAL_MS,
      backoffMs: c.TOUCHPOINT_OUTBOX_BACKOFF_MS,
      maxAttempts: c.TOUCHPOINT_OUTBOX_MAX_ATTEMPTS,
      timeoutMs: c.TOUCHPOINT_DELIVERY_TIMEOUT_MS,
      allowPrivateWebhooks: c.TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE,
      publicUrl: publicBase(fastify),
      dailyReplyCap: async (site) =>
        (await fastify.catalog.get(site))?.site.settings.dailyReplyCap ?? DEFAULT_DAILY_REPLY_CAP,
    });
    fastify.decorate('delivery', worker);
    fastify.addHook('onReady', async () => {
      await worker.reportWaitingEmails();
      worker.start();
    });
    // Registered after the store, so (hooks closing in reverse) the worker stops before the store closes.
    fastify.addHook('onClose', async () => {
      await worker.stop();
      mailer?.close();
    });
  },
  { name: 'delivery', dependencies: ['config', 'store', 'catalog'] },
);
