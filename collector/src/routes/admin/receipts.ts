import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { receiptKey, receiptsIssued, slug } from '@touchpoint/shared';
import { ConflictError, NotFoundError, UnknownTouchpointError } from '../../errors.js';
import { RECEIPT_FAILURES } from '../../receipts/token.js';
import type { ReceiptStore } from '../../store/receipt-store.js';

/** Bytes of a new receipt secret: 256 bits, the HMAC-SHA256 block's worth of strength. */
const SECRET_BYTES = 32;
/** Days a receipt may stay valid at most (a year: a receipt kept for a return). */
const MAX_VALIDITY_DAYS = 366;
/** Issued counts one request may set (a POS reporting a month of days for its stores). */
const MAX_ISSUED_ROWS = 1000;

const tags = ['admin: receipts'];
const siteParams = z.object({ site: slug });
const kid = z.string().regex(/^[A-Za-z0-9_-]{1,16}$/, '1–16 letters, digits, _ or -');
const settingsBody = z.strictObject({
  validityDays: z.number().int().min(1).max(MAX_VALIDITY_DAYS).optional(),
  publicScore: z.boolean().optional(),
});
const settingsOut = z.object({ validityDays: z.number(), publicScore: z.boolean() });
const dayRange = z.object({ from: z.iso.date(), to: z.iso.date() });

/** Receipt QR codes: secrets (rotation), settings, refused-token counts, receipts issued and response rates. */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const receiptsOf = async (site: string): Promise<ReceiptStore> => {
    if (!(await fastify.store.getSite(site))) throw new NotFoundError(`Site "${site}"`);
    return fastify.receipts;
  };

  fastify.get(
    '/sites/:site/receipts/keys',
    {
      schema: {
        tags,
        summary: "The site's receipt secrets by key id (secrets are shown only when created)",
        params: siteParams,
        response: { 200: z.array(receiptKey) },
      },
    },
    async (req) => (await receiptsOf(req.params.site)).listKeys(req.params.site),
  );

  fastify.post(
    '/sites/:site/receipts/keys',
    {
      schema: {
        tags,
        summary: 'Create a receipt secret; tokens signed with older ones stay valid until those are removed',
        params: siteParams,
        body: z.strictObject({ kid }),
        response: { 201: receiptKey },
      },
    },
    async (req, reply) => {
      const receipts = await receiptsOf(req.params.site);
      const secret = randomBytes(SECRET_BYTES).toString('base64url');
      const createdAt = new Date().toISOString();
      if (!(await receipts.addKey(req.params.site, req.body.kid, secret, createdAt)))
        throw new ConflictError(`kid: key id "${req.body.kid}" exists`);
      return reply.code(201).send({ kid: req.body.kid, secret, createdAt });
    },
  );

  fastify.delete(
    '/sites/:site/receipts/keys/:kid',
    {
      schema: {
        tags,
        summary: 'Remove a receipt secret: tokens signed with it are refused from now on',
        params: z.object({ site: slug, kid }),
      },
    },
    async (req, reply) => {
      const receipts = await receiptsOf(req.params.site);
      if (!(await receipts.removeKey(req.params.site, req.params.kid)))
        throw new NotFoundError(`Receipt key "${req.params.kid}"`);
      return reply.code(204).send();
    },
  );

  fastify.get(
    '/sites/:site/receipts/settings',
    { schema: { tags, summary: 'Receipt settings', params: siteParams, response: { 200: settingsOut } } },
    async (req) => {
      const { validityDays, publicScore } = await (await receiptsOf(req.params.site)).settings(req.params.site);
      return { validityDays, publicScore };
    },
  );

  fastify.patch(
    '/sites/:site/receipts/settings',
    {
      schema: {
        tags,
        summary: "Change the validity window (days) or whether the public page shows the site's score",
        params: siteParams,
        body: settingsBody,
        response: { 200: settingsOut },
      },
    },
    async (req) => {
      const change = {
        ...(req.body.validityDays !== undefined ? { validityDays: req.body.validityDays } : {}),
        ...(req.body.publicScore !== undefined ? { publicScore: req.body.publicScore } : {}),
      };
      const receipts = await receiptsOf(req.params.site);
      const { validityDays, publicScore } = await receipts.updateSettings(req.params.site, change);
      return { validityDays, publicScore };
    },
  );

  fastify.get(
    '/sites/:site/receipts/failures',
    {
      schema: {
        tags,
        summary: 'Refused receipt tokens by reason between two days (UTC, inclusive)',
        params: siteParams,
        querystring: dayRange,
        response: { 200: z.partialRecord(z.enum(RECEIPT_FAILURES as [string, ...string[]]), z.number()) },
      },
    },
    async (req) => (await receiptsOf(req.params.site)).failures(req.params.site, req.query.from, req.query.to),
  );

  fastify.post(
    '/sites/:site/receipts/issued',
    {
      schema: {
        tags,
        summary: 'Report receipts issued per touchpoint and day (sets the count; a repeat replaces it)',
        params: siteParams,
        body: z.strictObject({ counts: z.array(receiptsIssued).min(1).max(MAX_ISSUED_ROWS) }),
        response: { 200: z.object({ stored: z.number() }) },
      },
    },
    async (req) => {
      const receipts = await receiptsOf(req.params.site);
      const snapshot = await fastify.catalog.get(req.params.site);
      const unknown = req.body.counts.findIndex((c) => !snapshot?.touchpoints.has(c.touchpoint));
      if (unknown >= 0)
        throw new UnknownTouchpointError(
          `counts.${unknown}.touchpoint`,
          req.params.site,
          req.body.counts[unknown]?.touchpoint,
        );
      for (const c of req.body.counts) await receipts.setIssued(req.params.site, c.touchpoint, c.day, c.count);
      return { stored: req.body.counts.length };
    },
  );

  fastify.get(
    '/sites/:site/receipts/rates',
    {
      schema: {
        tags,
        summary: 'Response rate per touchpoint: verified receipt answers / receipts issued, by issue day',
        params: siteParams,
        querystring: dayRange,
        response: {
          200: z.array(
            z.object({ touchpoint: z.string(), issued: z.number(), verified: z.number(), rate: z.number().nullable() }),
          ),
        },
      },
    },
    async (req) =>
      (await (await receiptsOf(req.params.site)).rates(req.params.site, req.query.from, req.query.to)).map((r) => ({
        ...r,
        rate: r.issued > 0 ? r.verified / r.issued : null,
      })),
  );
};

export default routes;
