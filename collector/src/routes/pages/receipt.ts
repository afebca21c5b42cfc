import { readdirSync } from 'node:fs';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { sendEncodedText } from '../../lib/encoded.js';
import { receiptResponseId } from '../../receipts/response-id.js';
import { readReceipt, verifyReceipt, type ReceiptFailure } from '../../receipts/token.js';
import { DEFAULT_WIDGET_DIR } from '../public/widget-assets.js';
import { messagePage, newNonce, pageCsp, widgetPage } from './html.js';
import { surveyFor } from './resolve.js';

/** Seconds in a day (the validity window is set in days). */
const DAY_SECONDS = 86_400;
/** Longer than any token verifyReceipt accepts, so an over-long one gets the friendly page, not a JSON 400. */
const MAX_PATH_TOKEN = 4096;

/** The status and friendly words for each refusal: an expired receipt is gone (410), the rest a bad link (400). */
const REFUSED: Record<ReceiptFailure, { status: number; title: string; message: string }> = {
  malformed: { status: 400, title: 'This link is incomplete', message: 'Please scan the code on your receipt again.' },
  'unknown-key': {
    status: 400,
    title: 'We could not check this receipt',
    message: 'The code on your receipt is not valid any more. Thank you for wanting to tell us!',
  },
  'bad-signature': {
    status: 400,
    title: 'We could not check this receipt',
    message: 'The code on your receipt could not be read correctly. Please scan it again.',
  },
  expired: {
    status: 410,
    title: 'This receipt has expired',
    message: 'Feedback on a purchase can be given for a limited time after it. Thank you for wanting to tell us!',
  },
  'not-yet-valid': {
    status: 400,
    title: 'We could not check this receipt',
    message: 'Please try again in a few minutes.',
  },
};

/** The browser's first language, two letters (`de-CH,de;q=0.9` → `de`). */
const browserLocale = (req: FastifyRequest) =>
  /^\s*([a-z]{2})\b/i.exec(req.headers['accept-language'] ?? '')?.[1]?.toLowerCase();

/**
 * `/r/:token`: the survey of a receipt QR code (docs/RECEIPTS.md). Verifies the signed token, then shows
 * the store's survey as the link page does, with the transaction's variables as context and a response id
 * derived from site + transaction, so that one transaction stores one complete response.
 */
const receiptPages: FastifyPluginAsyncZod = async (fastify) => {
  const html = (reply: FastifyReply, nonce: string, status = 200) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', pageCsp(nonce))
      .header('cache-control', 'no-store');
  const widgetDir = fastify.config.TOUCHPOINT_WIDGET_DIR ?? DEFAULT_WIDGET_DIR;
  const preload = (() => {
    try {
      return readdirSync(widgetDir)
        .filter((f) => /^page-[\w-]+\.js$/.test(f))
        .map((f) => `/widget/${f}`);
    } catch {
      return [];
    }
  })();

  // A wildcard, not `:token`: tokens are longer than the router's parameter limit.
  fastify.get(
    '/r/*',
    {
      schema: {
        tags: ['pages'],
        summary: 'The survey of a receipt QR code (/r/<token>)',
        description:
          'Verifies the signed receipt token (docs/RECEIPTS.md). A refused token gets a short page with a 4xx ' +
          'status and is counted by reason; a transaction already answered gets a thank-you page.',
        params: z.object({ '*': z.string().max(MAX_PATH_TOKEN) }),
      },
    },
    async (req, reply) => {
      const nonce = newNonce();
      const receipts = fastify.receipts;
      const token = req.params['*'];
      const now = new Date();
      const claimed = readReceipt(token);
      const snapshot = claimed ? await fastify.catalog.get(claimed.s) : null;
      const settings = snapshot ? await receipts.settings(snapshot.site.key) : null;
      // The secrets of the site the token claims (read before verifying: verification itself is synchronous).
      const secrets = snapshot ? await receipts.secrets(snapshot.site.key) : [];
      const verified = verifyReceipt(
        token,
        (site) => (snapshot && site === snapshot.site.key ? secrets : []),
        now,
        (settings?.validityDays ?? 0) * DAY_SECONDS,
      );
      if (!verified.ok || !snapshot || !settings) {
        const reason = verified.ok ? 'unknown-key' : verified.reason;
        await receipts.countFailure(snapshot ? snapshot.site.key : '', now.toISOString().slice(0, 10), reason);
        const page = REFUSED[reason];
        return html(reply, nonce, page.status).send(messagePage(page.title, page.message, nonce));
      }
      const { receipt } = verified;
      const survey = snapshot.touchpoints.has(receipt.t) ? surveyFor(snapshot, receipt.t) : null;
      if (!survey)
        return html(reply, nonce, 404).send(
          messagePage('Survey not found', 'This store has no survey at the moment. Thank you all the same!', nonce),
        );
      const responseId = receiptResponseId(receipt.s, receipt.x, settings.idSalt);
      const existing = await fastify.store.getResponse(receipt.s, responseId);
      if (existing && !existing.partial)
        return html(reply, nonce).send(
          messagePage('Already answered, thank you!', 'The feedback on this purchase has been given already.', nonce),
        );
      const issuedAt = new Date(receipt.i * 1000);
      await receipts.recordScan({
        site: receipt.s,
        responseId,
        touchpoint: receipt.t,
        till: receipt.l,
        txn: receipt.x,
        issuedAt: issuedAt.toISOString(),
        validUntil: new Date(issuedAt.getTime() + settings.validityDays * DAY_SECONDS * 1000).toISOString(),
        at: now.toISOString(),
      });
      const copy = fastify.catalog.survey(snapshot, survey.id, browserLocale(req));
      return sendEncodedText(
        req,
        html(reply, nonce).header('vary', 'Accept-Language'),
        widgetPage({
          title: survey.name,
          nonce,
          lang: survey.defaultLocale,
          widget: { site: receipt.s, mode: 'page', touchpoint: receipt.t, survey: survey.id, response: responseId },
          vars: { ...receipt.v, txn: receipt.x, ...(receipt.l ? { till: receipt.l } : {}) },
          config: {
            site: snapshot.site.key,
            settings: { cooldownHours: snapshot.site.settings.cooldownHours },
            surveys: copy ? [copy.body] : [],
          },
          preload,
        }),
      );
    },
  );
};

export default receiptPages;
