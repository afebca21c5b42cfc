import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseListQuery, casePatch, caseSummaryRow, followUpCase, followUpCaseDetail, slug } from '@touchpoint/shared';
import { NotFoundError } from '../../errors.js';

/** Follow-up cases: the inbox of detractors to call back, with notes, assignee and due date. */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const loop = fastify.store.closedLoop;
  const tags = ['admin: cases'];
  const siteParams = z.object({ site: slug });
  const params = z.object({ site: slug, id: z.string().max(64) });
  const requireSite = async (key: string) => {
    if (!(await fastify.store.getSite(key))) throw new NotFoundError(`Site "${key}"`);
  };

  fastify.get(
    '/sites/:site/cases',
    {
      schema: {
        tags,
        summary: 'List follow-up cases, soonest due first',
        description: 'Filter by status, touchpoint and `overdue` (not resolved and past its due date).',
        params: siteParams,
        querystring: caseListQuery,
        response: { 200: z.array(followUpCase) },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return loop.listCases(req.params.site, req.query, new Date().toISOString());
    },
  );
  fastify.get(
    '/sites/:site/cases/summary',
    {
      schema: {
        tags,
        summary: 'Case counts and median time-to-resolve per touchpoint',
        params: siteParams,
        response: { 200: z.array(caseSummaryRow) },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return loop.caseSummary(req.params.site, new Date().toISOString());
    },
  );
  fastify.get(
    '/sites/:site/cases/:id',
    {
      schema: {
        tags,
        summary: 'Get a case with its notes and response',
        params,
        response: { 200: followUpCaseDetail },
      },
    },
    async (req) => {
      const found = await loop.getCase(req.params.site, req.params.id, new Date().toISOString());
      if (!found) throw new NotFoundError(`Case "${req.params.id}" of site "${req.params.site}"`);
      return { ...found, responseDetail: await fastify.store.getResponse(req.params.site, found.response) };
    },
  );
  fastify.patch(
    '/sites/:site/cases/:id',
    {
      schema: {
        tags,
        summary: 'Change a case: status, assignee, or add a note',
        description: 'Notes are appended with the API key name as author. Sends `case.updated`.',
        params,
        body: casePatch,
        response: { 200: followUpCase },
      },
    },
    async (req) => {
      const { status, assignee, note } = req.body;
      const author = req.apiKey?.name ?? 'unknown';
      const updated = await loop.updateCase(req.params.site, req.params.id, {
        ...(status !== undefined ? { status } : {}),
        ...(assignee !== undefined ? { assignee } : {}),
        ...(note !== undefined ? { note: { author, text: note } } : {}),
        at: new Date().toISOString(),
      });
      if (!updated) throw new NotFoundError(`Case "${req.params.id}" of site "${req.params.site}"`);
      return updated;
    },
  );
};

export default routes;
