import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['ops'],
        summary: 'Liveness and storage check',
        response: { 200: z.object({ ok: z.literal(true) }) },
      },
    },
    async () => {
      await fastify.store.listSites();
      return { ok: true as const };
    },
  );
};

export default routes;
