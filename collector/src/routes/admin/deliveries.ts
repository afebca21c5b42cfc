import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { delivery, deliveryListQuery, slug } from '@touchpoint/shared';
import { ConflictError, NotFoundError } from '../../errors.js';

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
  fastify.post(
    '/sites/:site/deliveries/:id/retry',
    {
      schema: {
        tags: ['admin: webhooks'],
        summary: 'Retry a pending or dead delivery now',
        description:
          'Makes the delivery pending and due now; the worker sends it on its next round (a webhook signed ' +
          "with the endpoint's current secret). Attempts and the last error are kept for the log, so a dead " +
          'delivery gets one more attempt. 409 when it was already delivered.',
        params: z.object({ site: slug, id: z.string().max(64) }),
        response: { 200: delivery },
      },
    },
    async (req) => {
      const { site, id } = req.params;
      const found = await fastify.store.closedLoop.retryDelivery(site, id, new Date().toISOString());
      if (!found) throw new NotFoundError(`Delivery "${id}" of site "${site}"`);
      if (found.status === 'delivered') throw new ConflictError(`Delivery "${id}" was already delivered`);
      return found;
    },
  );
};

export default routes;
