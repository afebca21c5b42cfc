import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slug } from '@touchpoint/shared';
import { NotFoundError } from '../../errors.js';
import { histogramOf } from '../../scoring/histogram.js';
import { METRIC_NAMES, scoreMetric, type MetricName } from '../../scoring/metric.js';

/** Receipt responses one request lists at most. */
const MAX_LIST = 500;
/** Receipt responses a verified-only score reads at most (a store's month of receipts, many times over). */
const MAX_SCORED = 100_000;

const tags = ['admin: receipts'];
const range = { from: z.iso.date(), to: z.iso.date(), touchpoint: slug.optional() };
const verified = z.enum(['receipt']).nullable();

/**
 * Verified answers: responses that came from a receipt QR code and arrived within its validity window
 * carry `verified: "receipt"`; a score over only those (`verified=receipt`) cannot be moved by anyone
 * without receipts.
 */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const receiptsOf = async (site: string) => {
    if (!(await fastify.store.getSite(site))) throw new NotFoundError(`Site "${site}"`);
    return fastify.receipts;
  };

  fastify.get(
    '/sites/:site/receipts/responses',
    {
      schema: {
        tags,
        summary: 'Responses from receipts issued between two days, with their transaction and verified flag',
        params: z.object({ site: slug }),
        querystring: z.object({ ...range, limit: z.coerce.number().int().min(1).max(MAX_LIST).default(100) }),
        response: {
          200: z.array(
            z.object({
              id: z.string(),
              survey: z.string(),
              touchpoint: z.string(),
              txn: z.string(),
              till: z.string().nullable(),
              issuedAt: z.string(),
              receivedAt: z.string(),
              partial: z.boolean(),
              verified,
              answers: z.record(z.string(), z.unknown()),
            }),
          ),
        },
      },
    },
    async (req) => {
      const { site } = req.params;
      const { limit, touchpoint, from, to } = req.query;
      const rows = await (
        await receiptsOf(site)
      ).receiptResponses(site, {
        from,
        to,
        limit,
        ...(touchpoint ? { touchpoint } : {}),
      });
      return rows.map(({ flagged: _flagged, verified: v, ...r }) => ({
        ...r,
        verified: v ? ('receipt' as const) : null,
      }));
    },
  );

  fastify.get(
    '/sites/:site/receipts/scores',
    {
      schema: {
        tags,
        summary: 'A score over verified answers only (verified=receipt), with n and its 95% interval',
        description:
          'Counts complete, unflagged responses from receipts issued between the two days that arrived within ' +
          "the receipt's validity window; one answer per response to the survey's first question of the metric.",
        params: z.object({ site: slug }),
        querystring: z.object({
          ...range,
          metric: z.enum(METRIC_NAMES as [MetricName, ...MetricName[]]).default('nps'),
          verified: z.literal('receipt').default('receipt'),
        }),
        response: {
          200: z.object({
            metric: z.string(),
            verified: z.literal('receipt'),
            n: z.number(),
            score: z.number().nullable(),
            low: z.number().nullable(),
            high: z.number().nullable(),
          }),
        },
      },
    },
    async (req) => {
      const { site } = req.params;
      const { metric, touchpoint, from, to } = req.query;
      const receipts = await receiptsOf(site);
      const snapshot = await fastify.catalog.get(site);
      const questionOf = new Map<string, string | undefined>(
        [...(snapshot?.surveys.values() ?? [])].map((s) => [s.id, s.questions.find((q) => q.type === metric)?.id]),
      );
      const values: number[] = [];
      for (const r of await receipts.receiptResponses(site, {
        from,
        to,
        limit: MAX_SCORED,
        ...(touchpoint ? { touchpoint } : {}),
      })) {
        if (!r.verified || r.partial || r.flagged) continue;
        const q = questionOf.get(r.survey);
        const v = q === undefined ? undefined : r.answers[q];
        if (typeof v === 'number' && Number.isInteger(v)) values.push(v);
      }
      const { n, score, low, high } = scoreMetric(metric, histogramOf(values));
      return { metric, verified: 'receipt' as const, n, score, low, high };
    },
  );
};

export default routes;
