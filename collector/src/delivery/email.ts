import nodemailer from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { EmailPayload } from '../store/closed-loop-store.js';

/** Sends one outbox e-mail; resolves once the SMTP server has accepted it. */
export type SendEmail = (payload: EmailPayload, deliveryId: string) => Promise<void>;

/**
 * An SMTP sender (nodemailer) for `TOUCHPOINT_SMTP_URL`. The Message-ID is derived from the delivery id,
 * so the rare re-send after a crash (see README, "Delivery") carries the same id and mail systems can
 * tell it is the same message.
 */
export function smtpSender(url: string, from: string, timeoutMs: number): { send: SendEmail; close(): void } {
  const options: SMTPTransport.Options = {
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  };
  const transport = nodemailer.createTransport(options);
  return {
    async send(payload, deliveryId) {
      await transport.sendMail({
        from,
        to: payload.to,
        subject: payload.subject,
        text: payload.text,
        messageId: `<${deliveryId}@touchpoint>`,
      });
    },
    close: () => transport.close(),
  };
}
