import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  improvement,
  improvementInput,
  improvementListItem,
  improvementUpdate,
  slug,
  type Improvement,
} from '@touchpoint/shared';
import { NotFoundError, UnknownTouchpointError, ValidationError } from '../../errors.js';
import { uuidv7 } from '../../lib/uuid.js';
import type { ImprovementStore } from '../../store/improvement-store.js';
import { notifyImprovement } from '../../receipts/improvement-notices.js';

/** Improvements one list returns at most. */
const MAX_LIST = 200;

const tags = ['admin: improvements'];
const itemParams = z.object({ site: slug, id: z.string().min(1).max(64) });

/** "You said, we did": improvements per site or touchpoint, shown on the public page /y/:site. */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const storeOf = async (site: string): Promise<ImprovementStore> => {
    if (!(await fastify.store.getSite(site))) throw new NotFoundError(`Site "${site}"`);
    return fastify.improvements;
  };
  /** Refuses an unknown touchpoint, theme (not in the site's taxonomy) or case id, naming the field. */
  const check = async (site: string, i: Partial<Pick<Improvement, 'touchpoint' | 'theme' | 'caseIds'>>) => {
    if (i.touchpoint && !(await fastify.catalog.get(site))?.touchpoints.has(i.touchpoint))
      throw new UnknownTouchpointError('touchpoint', site, i.touchpoint);
    if (i.theme) {
      const themes = (await fastify.insights?.store.config(site))?.taxonomy.themes ?? [];
      if (!themes.some((t) => t.id === i.theme))
        throw new ValidationError(`theme: site "${site}" has no insight theme "${i.theme}"`);
    }
    const now = new Date().toISOString();
    for (const [n, id] of (i.caseIds ?? []).entries()) {
      if (!(await fastify.store.closedLoop.getCase(site, id, now)))
        throw new ValidationError(`caseIds.${n}: site "${site}" has no case "${id}"`);
    }
  };

  fastify.get(
    '/sites/:site/improvements',
    {
      schema: {
        tags,
        summary: 'Improvements, newest day first, with the notice e-mails queued for each',
        params: z.object({ site: slug }),
        querystring: z.object({ touchpoint: slug.optional() }),
        response: { 200: z.array(improvementListItem) },
      },
    },
    async (req) => {
      const store = await storeOf(req.params.site);
      const notices = await store.noticeCounts(req.params.site);
      const items = await store.list(req.params.site, {
        limit: MAX_LIST,
        ...(req.query.touchpoint ? { touchpoint: req.query.touchpoint } : {}),
      });
      return items.map((i) => ({ ...i, notices: notices.get(i.id) ?? 0 }));
    },
  );

  fastify.post(
    '/sites/:site/improvements',
    {
      schema: {
        tags,
        summary:
          'Post an improvement; respondents of linked cases, and those who complained about its theme, who left a ' +
          'contact with consent are told once by e-mail',
        params: z.object({ site: slug }),
        body: improvementInput,
        response: { 201: improvement.extend({ notified: z.number() }) },
      },
    },
    async (req, reply) => {
      const { site } = req.params;
      const store = await storeOf(site);
      await check(site, req.body);
      const created: Improvement = { id: uuidv7(), ...req.body, createdAt: new Date().toISOString() };
      await store.create(site, created);
      const notified = await notifyImprovement(fastify, site, created);
      return reply.code(201).send({ ...created, notified });
    },
  );

  fastify.get(
    '/sites/:site/improvements/:id',
    { schema: { tags, summary: 'One improvement', params: itemParams, response: { 200: improvement } } },
    async (req) => {
      const found = await (await storeOf(req.params.site)).get(req.params.site, req.params.id);
      if (!found) throw new NotFoundError(`Improvement "${req.params.id}"`);
      return found;
    },
  );

  fastify.patch(
    '/sites/:site/improvements/:id',
    {
      schema: {
        tags,
        summary: 'Change the fields named; respondents newly linked (cases or theme) are told once',
        params: itemParams,
        body: improvementUpdate,
        response: { 200: improvement.extend({ notified: z.number() }) },
      },
    },
    async (req) => {
      const { site, id } = req.params;
      const store = await storeOf(site);
      await check(site, req.body);
      const updated = await store.update(site, id, req.body);
      if (!updated) throw new NotFoundError(`Improvement "${id}"`);
      return { ...updated, notified: await notifyImprovement(fastify, site, updated) };
    },
  );

  fastify.delete(
    '/sites/:site/improvements/:id',
    { schema: { tags, summary: 'Delete an improvement', params: itemParams } },
    async (req, reply) => {
      if (!(await (await storeOf(req.params.site)).delete(req.params.site, req.params.id)))
        throw new NotFoundError(`Improvement "${req.params.id}"`);
      return reply.code(204).send();
    },
  );
};

export default routes;
