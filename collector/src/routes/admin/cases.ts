import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  caseFilter,
  caseListQuery,
  casePatch,
  caseSummaryRow,
  followUpCase,
  followUpCaseDetail,
  slug,
  type CaseListQuery,
  type FollowUpCase,
} from '@touchpoint/shared';
import { NotFoundError, ValidationError } from '../../errors.js';
import { decodeCursor, encodeCursor } from '../../lib/cursor.js';
import { yesNo } from '../../lib/yes-no.js';

/** Response header with the cursor of the next page of cases (the body stays a plain array). */
const NEXT_CURSOR_HEADER = 'x-next-cursor';
/** The cursor after a case: its sort key (due or opened at) and id, as the store pages by. */
const cursorAfter = (c: FollowUpCase, sort: CaseListQuery['sort']) =>
  encodeCursor(sort === 'newest' ? c.openedAt : c.dueAt, c.id);

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
        summary: 'List follow-up cases, soonest due first (or newest first), a page at a time',
        description:
          'Filter by status, touchpoint and `overdue` (not resolved and past its due date); `sort=newest` lists the ' +
          'last opened first. When more cases match, the `x-next-cursor` header holds the `cursor` of the next page.',
        params: siteParams,
        querystring: caseListQuery,
        response: { 200: z.array(followUpCase) },
      },
    },
    async (req, reply) => {
      await requireSite(req.params.site);
      if (req.query.cursor !== undefined && !decodeCursor(req.query.cursor)) {
        throw Object.assign(new ValidationError('querystring.cursor: not a cursor from a previous page'), {
          details: [{ path: 'querystring.cursor', message: 'not a cursor from a previous page' }],
        });
      }
      const { limit, sort } = req.query;
      // One more than the page, to know whether a next page exists without an empty last page.
      const query = { ...req.query, overdue: yesNo(req.query.overdue), limit: limit + 1 };
      const rows = await loop.listCases(req.params.site, query, new Date().toISOString());
      const page = rows.slice(0, limit);
      if (rows.length > limit) reply.header(NEXT_CURSOR_HEADER, cursorAfter(page.at(-1)!, sort));
      return page;
    },
  );
  fastify.get(
    '/sites/:site/cases/summary',
    {
      schema: {
        tags,
        summary: 'Case counts and median time-to-resolve per touchpoint',
        description: 'Of the cases the filter matches (the same filter as the list).',
        params: siteParams,
        querystring: caseFilter,
        response: { 200: z.array(caseSummaryRow) },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      const filter = { ...req.query, overdue: yesNo(req.query.overdue) };
      return loop.caseSummary(req.params.site, new Date().toISOString(), filter);
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
