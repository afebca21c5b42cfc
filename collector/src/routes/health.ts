import { STATUS_CODES } from 'node:http';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody } from '@touchpoint/shared';

const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/healthz',
    {
      config: { rateLimit: false },
      schema: {
        tags: ['ops'],
        summary: 'Liveness and storage check',
        description:
          'Reads the catalog and commits a one-row write; 503 `TP_ERR_UNAVAILABLE` when the store cannot ' +
          'read or write (read-only file, full disk, I/O error). `touchpoint doctor` also checks the pages.',
        response: { 200: z.object({ ok: z.literal(true) }), 503: errorBody },
      },
    },
    async (req, reply) => {
      try {
        await fastify.store.listSites();
        await fastify.store.probeWrite();
        return { ok: true as const };
      } catch (err) {
        req.log.error({ err }, 'health check: the store cannot write');
        const reason = (err as { code?: unknown }).code;
        return reply.code(503).send({
          statusCode: 503,
          code: 'TP_ERR_UNAVAILABLE',
          error: STATUS_CODES[503] ?? 'Service Unavailable',
          message: `The store cannot write${typeof reason === 'string' ? ` (${reason})` : ''}`,
        });
      }
    },
  );
};

export default routes;
