import { signatureHeader } from '../closed-loop/signature.js';
import type { ClaimedDelivery, WebhookTarget } from '../store/closed-loop-store.js';

/** Response body bytes kept in an error message, so the delivery log shows what the receiver said. */
const ERROR_BODY_CHARS = 200;

/**
 * Calls a webhook endpoint once: POSTs the stored JSON body with the event, the delivery id (receivers
 * dedupe on it) and a Stripe-style signature. Resolves on a 2xx; throws on anything else, a redirect
 * included, and when the attempt takes longer than `timeoutMs` or `cancel` fires (shutdown).
 */
export async function callWebhook(
  target: WebhookTarget,
  d: ClaimedDelivery,
  timeoutMs: number,
  cancel?: AbortSignal,
): Promise<void> {
  const res = await fetch(target.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Touchpoint-Webhooks/1',
      'x-touchpoint-event': d.event,
      'x-touchpoint-delivery': d.id,
      'x-touchpoint-signature': signatureHeader(target.secret, d.payload, Math.floor(Date.now() / 1000)),
    },
    body: d.payload,
    redirect: 'manual',
    signal: cancel ? AbortSignal.any([AbortSignal.timeout(timeoutMs), cancel]) : AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text().catch(() => '');
  if (res.status < 200 || res.status > 299) {
    throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, ERROR_BODY_CHARS)}` : ''}`);
  }
}
