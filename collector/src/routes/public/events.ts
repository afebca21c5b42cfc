import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { errorBody, event, eventsBody, ingestReply, LIMITS } from '@touchpoint/shared';
import { batchOrItem } from '../../lib/batch-validator.js';
import type { BodyShape } from '../../lib/body-shape.js';
import { ownOrigin, requestOrigin } from '../../lib/origin.js';

/** Events are small; a batch of 100 fits well under this. */
const EVENTS_BODY_LIMIT = 128 * 1024;

/** Raw bounds checked before parsing: what a valid body can hold, so only hostile bodies meet them. */
const EVENTS_SHAPE: BodyShape = {
  // {events:[{…}]} is 3 levels; one spare
  depth: 4,
  // an event has under 12 fields; room for a client's extra fields
  keys: 32,
  items: LIMITS.batch,
  // the longest event string is an id of 64 characters; escapes and slack
  string: 1024,
  batchKey: 'events',
  // one event is a few hundred bytes
  singleBytes: 8 * 1024,
};
/** The `{ events: [...] }` branch of the body. */
const eventBatch = eventsBody.options[0];

const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.post(
    '/v1/events',
    {
      bodyLimit: EVENTS_BODY_LIMIT,
      // Built right here from the store's outcomes: written as it is (the schema still documents it).
      serializerCompiler: () => (data) => JSON.stringify(data),
      validatorCompiler: batchOrItem('events', eventBatch, event),
      config: { bodyShape: EVENTS_SHAPE },
      schema: {
        tags: ['public'],
        summary: 'Store impressions, dismissals and kiosk heartbeats',
        description:
          'One event or `{ "events": [...] }`. Same durability and idempotency rules as responses: ' +
          'a 200 means stored; a repeated id is acknowledged once.',
        body: eventsBody,
        response: { 200: ingestReply, '4xx': errorBody },
      },
    },
    async (req) => {
      const body = req.body;
      const batch = 'events' in body;
      const items = batch ? body.events : [body];
      const meta = { origin: requestOrigin(req), ownOrigin: ownOrigin(req), userAgent: req.headers['user-agent'] };
      const outcomes = await fastify.ingest.events(items, meta, (i) => (batch ? `events[${i}].` : ''));
      return { results: outcomes.map((o) => ({ id: o.id, status: o.status === 'conflict' ? 'duplicate' : o.status })) };
    },
  );
};

export default routes;
