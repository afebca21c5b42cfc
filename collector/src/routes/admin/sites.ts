import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { site, siteUpdate, slug } from '@touchpoint/shared';
import { ConflictError, NotFoundError, SiteLimitedKeyError } from '../../errors.js';
import { parseOrReject } from '../../lib/parse.js';
import { applyPatch } from '../../lib/patch.js';

const routes: FastifyPluginAsyncZod = async (fastify) => {
  const tags = ['admin: sites'];
  const params = z.object({ site: slug });
  const get = async (key: string) => {
    const found = await fastify.store.getSite(key);
    if (!found) throw new NotFoundError(`Site "${key}"`);
    return found;
  };

  fastify.get(
    '/sites',
    {
      schema: {
        tags,
        summary: 'List sites (a key limited to named sites sees those)',
        response: { 200: z.array(site) },
      },
    },
    async (req) => {
      const limit = req.apiKey?.sites;
      const all = await fastify.store.listSites();
      return limit ? all.filter((s) => limit.includes(s.key)) : all;
    },
  );
  fastify.post(
    '/sites',
    { schema: { tags, summary: 'Create a site', body: site, response: { 201: site } } },
    async (req, reply) => {
      const limit = req.apiKey?.sites;
      if (limit && !limit.includes(req.body.key)) throw new SiteLimitedKeyError(`create site "${req.body.key}"`);
      if (!(await fastify.store.createSite(req.body))) throw new ConflictError(`Site "${req.body.key}" exists`);
      return reply.code(201).send(req.body);
    },
  );
  fastify.get('/sites/:site', { schema: { tags, summary: 'Get a site', params, response: { 200: site } } }, (req) =>
    get(req.params.site),
  );
  fastify.patch(
    '/sites/:site',
    {
      schema: {
        tags,
        summary: 'Change a site',
        description:
          'Changes only the fields sent. `settings` merges into the current settings (a setting left out keeps ' +
          'its value); `origins` is replaced whole.',
        params,
        body: siteUpdate,
        response: { 200: site },
      },
    },
    async (req) => {
      const updated = parseOrReject(site, applyPatch(await get(req.params.site), req.body, ['settings']));
      await fastify.store.updateSite(updated);
      return updated;
    },
  );
  fastify.delete(
    '/sites/:site',
    { schema: { tags, summary: 'Delete a site with all its data', params } },
    async (req, reply) => {
      if (!(await fastify.store.deleteSite(req.params.site))) throw new NotFoundError(`Site "${req.params.site}"`);
      return reply.code(204).send();
    },
  );
};

export default routes;
