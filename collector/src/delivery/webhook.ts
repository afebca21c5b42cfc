import { request as httpRequest, STATUS_CODES, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { signatureHeader } from '../closed-loop/signature.js';
import {
  ADDRESS_BLOCKED,
  BlockedAddressError,
  blockedReason,
  guardedLookup,
  type Lookup,
} from '../lib/address-guard.js';
import type { ClaimedDelivery, WebhookTarget } from '../store/closed-loop-store.js';

/** Error code of an attempt that ran out of time. */
export const WEBHOOK_TIMEOUT = 'TP_WEBHOOK_TIMEOUT';
/** Error code of a failure that carried no code of its own. */
export const WEBHOOK_FAILED = 'TP_WEBHOOK_FAILED';

/** How a webhook call may connect. */
export interface WebhookCallOptions {
  timeoutMs: number;
  /** aborts the call (shutdown); the abort reason's message is the error */
  cancel?: AbortSignal | undefined;
  /** TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE: loopback and private receivers are allowed (tests, on-premise) */
  allowPrivate: boolean;
  /** resolves host names (tests); the system resolver otherwise */
  lookup?: Lookup | undefined;
}

/**
 * Calls a webhook endpoint once: POSTs the stored JSON body with the event, the delivery id (receivers
 * dedupe on it) and a Stripe-style signature. Resolves on a 2xx; throws on anything else, a redirect
 * included (never followed), and when the attempt takes longer than `timeoutMs` or `cancel` fires.
 * Unless private receivers are allowed, the socket connects only to an address checked by the address
 * guard. The error never carries the receiver's body: it is `HTTP <status> <standard reason>` or a code.
 */
export async function callWebhook(target: WebhookTarget, d: ClaimedDelivery, o: WebhookCallOptions): Promise<void> {
  const url = new URL(target.url);
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (!o.allowPrivate && isIP(literal)) {
    // Node connects to an IP literal without a lookup, so it is checked here.
    const why = blockedReason(literal);
    if (why) throw blockedError(why);
  }
  const timeout = AbortSignal.timeout(o.timeoutMs);
  const signal = o.cancel ? AbortSignal.any([timeout, o.cancel]) : timeout;
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  const status = await new Promise<number>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(d.payload),
          'user-agent': 'Touchpoint-Webhooks/1',
          'x-touchpoint-event': d.event,
          'x-touchpoint-delivery': d.id,
          // Chat notifications (Slack, Teams) have no secret: they are sent unsigned.
          ...(target.secret
            ? { 'x-touchpoint-signature': signatureHeader(target.secret, d.payload, Math.floor(Date.now() / 1000)) }
            : {}),
        },
        // A fresh connection per call: no pooled socket outlives the attempt or skips the lookup.
        agent: false,
        signal,
        ...(o.allowPrivate ? {} : { lookup: guardedLookup(o.lookup) }),
      },
      (res: IncomingMessage) => {
        // Only the status counts; the body is neither read nor kept.
        res.destroy();
        resolve(res.statusCode ?? 0);
      },
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (o.cancel?.aborted) reject(new Error(reasonOf(o.cancel)));
      else if (timeout.aborted) reject(Object.assign(new Error(WEBHOOK_TIMEOUT), { code: WEBHOOK_TIMEOUT }));
      else if (err instanceof BlockedAddressError) reject(blockedError(err.why));
      else reject(Object.assign(new Error(err.code ?? WEBHOOK_FAILED), { code: err.code ?? WEBHOOK_FAILED }));
    });
    req.end(d.payload);
  });
  if (status < 200 || status > 299) throw new Error(`HTTP ${status} ${STATUS_CODES[status] ?? ''}`.trimEnd());
}

/** The logged error of a refused call: the code and the kind of address, never the receiver's words. */
const blockedError = (why: string) =>
  Object.assign(new Error(`${ADDRESS_BLOCKED} (${why} address)`), { code: ADDRESS_BLOCKED });

/** The message of an abort reason (the worker aborts with an Error naming the shutdown). */
const reasonOf = (signal: AbortSignal): string =>
  signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
