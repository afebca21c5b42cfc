import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slug } from '@touchpoint/shared';
import { NotFoundError } from '../../errors.js';
import { linkOrigin, qrPng, qrSvg, surveyLink } from '../pages/qr.js';
import { surveyFor } from '../pages/resolve.js';

const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/links',
    {
      schema: {
        tags: ['admin: touchpoints'],
        summary: 'The origin QR codes, posters and survey links point at, and whether TOUCHPOINT_PUBLIC_URL sets it',
        description:
          'Without `TOUCHPOINT_PUBLIC_URL` (`publicUrl` null) the origin comes from this request or the listen address: ' +
          'fine on this machine, wrong on a printed poster.',
        response: { 200: z.object({ origin: z.string(), publicUrl: z.string().nullable() }) },
      },
    },
    async (req) => ({ origin: linkOrigin(fastify, req), publicUrl: fastify.config.TOUCHPOINT_PUBLIC_URL ?? null }),
  );
  fastify.get(
    '/sites/:site/touchpoints/:id/:file',
    {
      schema: {
        tags: ['admin: touchpoints'],
        summary: "A touchpoint's QR code (qr.svg or qr.png) and its survey link",
        description:
          "The code links to `/s/<survey>?tp=<touchpoint>`: the survey named by `survey`, else the touchpoint's own. " +
          'The link is also in the `x-touchpoint-link` header.',
        params: z.object({ site: slug, id: slug, file: z.enum(['qr.svg', 'qr.png']) }),
        querystring: z.object({ survey: slug.optional() }),
      },
    },
    async (req, reply) => {
      const { site, id, file } = req.params;
      const snapshot = await fastify.catalog.get(site);
      if (!snapshot?.touchpoints.has(id)) throw new NotFoundError(`Touchpoint "${id}" of site "${site}"`);
      const survey = surveyFor(snapshot, id, req.query.survey);
      if (!survey) throw new NotFoundError(`A survey for touchpoint "${id}"`);
      const link = await surveyLink(fastify, req, site, survey.id, id);
      reply.header('x-touchpoint-link', link);
      return file === 'qr.svg'
        ? reply.type('image/svg+xml').send(await qrSvg(link))
        : reply.type('image/png').send(await qrPng(link));
    },
  );
};

export default routes;
