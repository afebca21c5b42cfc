import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, locale, siteConfig, slug } from '@touchpoint/shared';
import { OriginNotAllowedError, UnknownSiteError } from '../../errors.js';
import { ownOrigin, requestOrigin } from '../../lib/origin.js';
import { originAllowed } from '../../plugins/ingest.js';

/** Browsers and CDNs may reuse the config this long, then revalidate it with its ETag. */
const CONFIG_CACHE_CONTROL = 'public, max-age=60, stale-while-revalidate=600';

const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/v1/sites/:site/config',
    {
      schema: {
        tags: ['public'],
        summary: "A site's active surveys, triggers and display rules, for the widget",
        description:
          "Copy is reduced to `locale` (else each survey's default). Answers 304 to a matching If-None-Match.",
        params: z.object({ site: slug }),
        querystring: z.object({ locale: locale.optional() }),
        response: { 200: siteConfig, 304: z.null(), '4xx': errorBody },
      },
    },
    async (req, reply) => {
      const snapshot = await fastify.catalog.get(req.params.site);
      if (!snapshot) throw new UnknownSiteError('site', req.params.site);
      const origin = requestOrigin(req);
      if (!originAllowed(snapshot, origin, ownOrigin(req))) throw new OriginNotAllowedError(origin, req.params.site);
      const { body, etag } = fastify.catalog.config(snapshot, req.query.locale);
      reply.header('cache-control', CONFIG_CACHE_CONTROL).header('etag', etag).header('vary', 'Origin');
      if (req.headers['if-none-match'] === etag) return reply.code(304).send(null);
      return body;
    },
  );
};

export default routes;
