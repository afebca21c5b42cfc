import type { FastifySchemaCompiler } from 'fastify';
import { validatorCompiler, type FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, ingestReply, response, responsesBody } from '@touchpoint/shared';
import { ownOrigin, requestOrigin } from '../../lib/origin.js';

/** A batch of 100 responses with long free-text answers fits comfortably under this. */
export const RESPONSES_BODY_LIMIT = 1024 * 1024;

/**
 * Checks a lone response (what every beacon sends) against `response` straight away. The body's
 * union would first try it as a batch, which cannot pass without `responses`, and then take this
 * same branch. Anything else (a batch, a body that fails) goes through the union, so every result
 * and every error is the union's.
 */
const bodyValidator: FastifySchemaCompiler<unknown> = (route) => {
  const union = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  if (route.httpPart !== 'body') return union;
  return (data: unknown) => {
    if (typeof data === 'object' && data !== null && (data as { responses?: unknown }).responses === undefined) {
      const single = response.safeParse(data);
      if (single.success) return { value: single.data };
    }
    return union(data);
  };
};

const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.post(
    '/v1/responses',
    {
      bodyLimit: RESPONSES_BODY_LIMIT,
      // The hot path: the reply is built right here from the store's outcomes, so it is written as it is
      // rather than checked against its schema again (the schema still documents it).
      serializerCompiler: () => (data) => JSON.stringify(data),
      validatorCompiler: bodyValidator,
      schema: {
        tags: ['public'],
        summary: 'Store one response or a batch',
        description:
          'Send `application/json`, or `text/plain` holding JSON (beacons, no CORS preflight). Each response ' +
          'carries a client-generated UUID: a retry with the same id is acknowledged and not stored twice, ' +
          'and a partial response sent again with more answers is merged. A 200 means every item is durably ' +
          'stored. 4xx answers are final (do not retry); retry 429, 5xx and network failures with the same ids.',
        body: responsesBody,
        response: { 200: ingestReply, '4xx': errorBody },
      },
    },
    async (req) => {
      const body = req.body;
      const batch = 'responses' in body;
      const items = batch ? body.responses : [body];
      const meta = { origin: requestOrigin(req), ownOrigin: ownOrigin(req), userAgent: req.headers['user-agent'] };
      const client = fastify.clientKeys.of(req.ip); // for the client burst rule (misuse/verdict.ts)
      const at = (i: number) => (batch ? `responses[${i}].` : '');
      const outcomes = await fastify.ingest.responses(items, { ...meta, client }, at);
      return { results: outcomes.map((o) => ({ id: o.id, status: o.status === 'conflict' ? 'duplicate' : o.status })) };
    },
  );
};

export default routes;
