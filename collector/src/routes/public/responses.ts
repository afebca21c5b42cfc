import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, ingestReply, LIMITS, response, responseBatch, responsesBody } from '@touchpoint/shared';
import { batchOrItem } from '../../lib/batch-validator.js';
import type { BodyShape } from '../../lib/body-shape.js';
import { ownOrigin, requestOrigin } from '../../lib/origin.js';
import { quickResponse, quickResponseBatch } from '../../lib/response-fast-path.js';

/** A batch of 100 responses with long free-text answers fits comfortably under this. */
export const RESPONSES_BODY_LIMIT = 1024 * 1024;

/** Raw bounds checked before parsing: what a valid body can hold, so only hostile bodies meet them. */
export const RESPONSES_SHAPE: BodyShape = {
  // {responses:[{context:{vars:{…}}}]} is 5 levels; one spare
  depth: 6,
  // the most a valid object holds is 50 answers or 50 variables; room for a client's extra fields
  keys: 64,
  // a batch, or a multiple-choice answer
  items: LIMITS.batch,
  // a free-text answer of 5,000 characters, each written as a 6-byte \uXXXX escape at worst
  string: LIMITS.freeText * 6,
  batchKey: 'responses',
  // one response (what every beacon sends): a few long free-text answers; larger bodies are batches
  singleBytes: 64 * 1024,
};

const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.post(
    '/v1/responses',
    {
      bodyLimit: RESPONSES_BODY_LIMIT,
      // The hot path: the reply is built right here from the store's outcomes, so it is written as it is
      // rather than checked against its schema again (the schema still documents it).
      serializerCompiler: () => (data) => JSON.stringify(data),
      validatorCompiler: batchOrItem('responses', responseBatch, response, {
        batch: quickResponseBatch,
        item: quickResponse,
      }),
      config: { bodyShape: RESPONSES_SHAPE },
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
