import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { delivery, deliveryListQuery, slug } from '@touchpoint/shared';
import { NotFoundError } from '../../errors.js';

/** The delivery log: every outbox row of a site (e-mails and webhook calls) with its attempts. */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/sites/:site/deliveries',
    {
      schema: {
        tags: ['admin: webhooks'],
        summary: 'The delivery log, newest first',
        description: 'Status pending (waiting or retrying), delivered, or dead (gave up after the last attempt).',
        params: z.object({ site: slug }),
        querystring: deliveryListQuery,
        response: { 200: z.array(delivery) },
      },
    },
    async (req) => {
      if (!(await fastify.store.getSite(req.params.site))) throw new NotFoundError(`Site "${req.params.site}"`);
      return fastify.store.closedLoop.listDeliveries(req.params.site, req.query);
    },
  );
};

export default routes;
