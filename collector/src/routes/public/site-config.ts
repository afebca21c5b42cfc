import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorBody, locale, siteConfig, siteConfigQuery, siteRules, slug, surveyCopy } from '@touchpoint/shared';
import { OriginNotAllowedError, UnknownSiteError, UnknownSurveyError } from '../../errors.js';
import { sendEncoded } from '../../lib/encoded.js';
import { ownOrigin, requestOrigin } from '../../lib/origin.js';
import { persistentByDefault } from '../../lib/persistent.js';
import type { SiteSnapshot } from '../../plugins/catalog.js';
import { originAllowed } from '../../plugins/ingest.js';

/** Browsers and CDNs may reuse the config this long, then revalidate it with its ETag. */
const CONFIG_CACHE_CONTROL = 'max-age=60, stale-while-revalidate=600';

const routes: FastifyPluginAsyncZod = async (fastify) => {
  /** The site, if it exists and the calling page's origin may use it. */
  async function siteFor(req: FastifyRequest, reply: FastifyReply, site: string): Promise<SiteSnapshot> {
    const snapshot = await fastify.catalog.get(site);
    if (!snapshot) throw new UnknownSiteError('site', site);
    const origin = requestOrigin(req);
    if (!originAllowed(snapshot, origin, ownOrigin(req))) throw new OriginNotAllowedError(origin, site);
    reply.header('cache-control', CONFIG_CACHE_CONTROL).header('vary', 'Origin');
    // Only a document or a worker heeds a Referrer-Policy; on JSON it is bytes on every page view.
    reply.removeHeader('referrer-policy');
    persistentByDefault(reply);
    return snapshot;
  }

  fastify.get(
    '/v1/sites/:site/config',
    {
      schema: {
        tags: ['public'],
        summary: "A site's active surveys, triggers and display rules, for the widget",
        description:
          "Copy is reduced to `locale` (else each survey's default). `fields=rules` leaves out questions and " +
          'copy (what the plain `/widget.js` loader fetches; `/widget.js?site=…` comes with the rules ' +
          'inlined; either gets a due survey from `/v1/sites/{site}/surveys/{survey}`). Compressed (br, ' +
          'gzip) when accepted; answers 304 to a matching If-None-Match.',
        params: z.object({ site: slug }),
        querystring: siteConfigQuery,
        response: { 200: z.union([siteConfig, siteRules]), 304: z.null(), '4xx': errorBody },
      },
    },
    async (req, reply) => {
      const snapshot = await siteFor(req, reply, req.params.site);
      return sendEncoded(req, reply, fastify.catalog.config(snapshot, req.query.locale, req.query.fields));
    },
  );

  fastify.get(
    '/v1/sites/:site/surveys/:survey',
    {
      schema: {
        tags: ['public'],
        summary: 'One active survey with its questions and copy, for the widget once the survey is due',
        description:
          "Copy is reduced to `locale` (else the survey's default). Without the trigger, display and URL rules, " +
          'which the widget has from the config (or its loader) already. Compressed (br, gzip) when accepted; ' +
          'answers 304 to a matching If-None-Match.',
        params: z.object({ site: slug, survey: slug }),
        querystring: z.object({ locale: locale.optional() }),
        response: { 200: surveyCopy, 304: z.null(), '4xx': errorBody },
      },
    },
    async (req, reply) => {
      const { site, survey } = req.params;
      const snapshot = await siteFor(req, reply, site);
      const one = fastify.catalog.copy(snapshot, survey, req.query.locale);
      if (!one) throw new UnknownSurveyError('survey', site, survey);
      return sendEncoded(req, reply, one);
    },
  );
};

export default routes;
