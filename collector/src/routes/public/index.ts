import cors from '@fastify/cors';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { originAllowed } from '../../plugins/ingest.js';
import { ownOrigin, requestOrigin } from '../../lib/origin.js';
import events from './events.js';
import responses from './responses.js';
import siteConfig from './site-config.js';
import widgetAssets from './widget-assets.js';

/** How long browsers may cache a CORS preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = 86_400;

/** The site keys a request names: in the URL (config) or in the body (responses, events). */
function sitesOf(req: FastifyRequest): string[] {
  const params = req.params as { site?: string } | undefined;
  if (params?.site) return [params.site];
  const body = req.body as { site?: unknown; responses?: unknown; events?: unknown } | undefined;
  if (!body || typeof body !== 'object') return [];
  const items = Array.isArray(body.responses) ? body.responses : Array.isArray(body.events) ? body.events : [body];
  return [...new Set(items.map((i: { site?: unknown }) => i?.site).filter((s): s is string => typeof s === 'string'))];
}

/**
 * Public routes: no key, CORS answered only for the origins of the site a request is about.
 * A CORS header alone does not stop a simple POST from being stored, so ingest also refuses
 * a browser's post from a foreign origin (403).
 */
const publicRoutes: FastifyPluginAsync = async (fastify) => {
  await fastify.register(cors, {
    hook: 'preHandler',
    delegator: (req, cb) => {
      const origin = requestOrigin(req);
      const decide = async (): Promise<boolean> => {
        if (origin === undefined) return false;
        if (origin === ownOrigin(req)) return true;
        const keys = sitesOf(req);
        // A preflight carries no body: answer it for any origin some site allows.
        if (keys.length === 0) return (await fastify.catalog.allOrigins()).has(origin);
        for (const key of keys) {
          const snapshot = await fastify.catalog.get(key);
          if (!snapshot || !originAllowed(snapshot, origin, ownOrigin(req))) return false;
        }
        return true;
      };
      decide().then(
        (allowed) =>
          cb(null, { origin: allowed ? origin : false, methods: ['GET', 'POST'], maxAge: PREFLIGHT_MAX_AGE_S }),
        (err: Error) => cb(err),
      );
    },
  });
  await fastify.register(responses);
  await fastify.register(events);
  await fastify.register(siteConfig);
  await fastify.register(widgetAssets);
};

export default publicRoutes;
