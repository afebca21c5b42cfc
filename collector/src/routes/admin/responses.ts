import { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  responseFilter,
  responseListQuery,
  responsePage,
  respondentErasure,
  slug,
  storedResponse,
  type ResponseFilter,
  type StoredResponse,
} from '@touchpoint/shared';
import { NotFoundError, ValidationError } from '../../errors.js';
import { decodeCursor } from '../../lib/cursor.js';
import { csvLine } from '../../lib/csv.js';
import { yesNo } from '../../lib/yes-no.js';
import type { ResponseQuery } from '../../store/store.js';

/** Fixed CSV columns; each question of the site's surveys follows as `q.<id>`, and `vars` as JSON. */
const CSV_FIELDS = [
  'id',
  'createdAt',
  'receivedAt',
  'survey',
  'touchpoint',
  'channel',
  'partial',
  'locale',
  'url',
  'referrer',
  'trigger',
  'kiosk',
  'device',
  'os',
  'browser',
  'respondentId',
  'respondentEmail',
] as const satisfies readonly (keyof StoredResponse)[];

/** The API's response filter in the store's terms: `to` is the window's exclusive end, `before`. */
const responseQuery = ({ to, partial, flagged, ...rest }: ResponseFilter): ResponseQuery => ({
  ...rest,
  before: to,
  partial: yesNo(partial),
  flagged: yesNo(flagged),
});

/** A byte-order mark, so that spreadsheet programs read the CSV as UTF-8. */
const UTF8_BOM = '\ufeff';

const routes: FastifyPluginAsyncZod = async (fastify) => {
  const tags = ['admin: responses'];
  const siteParams = z.object({ site: slug });
  const requireSite = async (key: string) => {
    if (!(await fastify.store.getSite(key))) throw new NotFoundError(`Site "${key}"`);
  };

  fastify.get(
    '/sites/:site/responses',
    {
      schema: {
        tags,
        summary: 'List responses, newest first',
        params: siteParams,
        querystring: responseListQuery,
        response: { 200: responsePage },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      const { limit, cursor, ...filter } = req.query;
      if (cursor !== undefined && !decodeCursor(cursor)) {
        throw Object.assign(new ValidationError('querystring.cursor: not a cursor from a previous page'), {
          details: [{ path: 'querystring.cursor', message: 'not a cursor from a previous page' }],
        });
      }
      const page = await fastify.store.listResponses(req.params.site, responseQuery(filter), {
        limit,
        ...(cursor ? { cursor } : {}),
      });
      const verified = await fastify.receipts.verifiedAmong(
        req.params.site,
        page.items.map((r) => r.id),
      );
      return {
        ...page,
        items: page.items.map((r) => ({ ...r, verified: verified.has(r.id) ? ('receipt' as const) : null })),
      };
    },
  );

  fastify.get(
    '/sites/:site/responses/export',
    {
      schema: {
        tags,
        summary: 'Export responses as CSV or NDJSON',
        description:
          'Streams every matching response. CSV cells that a spreadsheet would run as a formula ' +
          '(starting with = + - @ tab or CR) are prefixed with a single quote.',
        params: siteParams,
        querystring: responseFilter.extend({ format: z.enum(['csv', 'ndjson']).default('csv') }),
      },
    },
    async (req, reply) => {
      const { site } = req.params;
      await requireSite(site);
      const { format, ...filter } = req.query;
      const rows = fastify.store.exportResponses(site, responseQuery(filter));
      const stamp = new Date().toISOString().slice(0, 10);
      reply.header('content-disposition', `attachment; filename="touchpoint-${site}-${stamp}.${format}"`);
      if (format === 'ndjson') {
        reply.type('application/x-ndjson; charset=utf-8');
        return reply.send(Readable.from(ndjson(rows)));
      }
      const surveys = await fastify.store.listSurveys(site);
      const questions = [
        ...new Set(
          surveys.filter((s) => !filter.survey || s.id === filter.survey).flatMap((s) => s.questions.map((q) => q.id)),
        ),
      ];
      reply.type('text/csv; charset=utf-8');
      return reply.send(Readable.from(csv(rows, questions)));
    },
  );

  const itemParams = z.object({ site: slug, id: z.string().max(64) });
  fastify.get(
    '/sites/:site/responses/:id',
    { schema: { tags, summary: 'Get one response', params: itemParams, response: { 200: storedResponse } } },
    async (req) => {
      const found = await fastify.store.getResponse(req.params.site, req.params.id);
      if (!found) throw new NotFoundError(`Response "${req.params.id}"`);
      return found;
    },
  );
  fastify.delete(
    '/sites/:site/responses/:id',
    { schema: { tags, summary: 'Delete one response', params: itemParams } },
    async (req, reply) => {
      if (!(await fastify.store.deleteResponse(req.params.site, req.params.id))) {
        throw new NotFoundError(`Response "${req.params.id}"`);
      }
      return reply.code(204).send();
    },
  );
  fastify.delete(
    '/sites/:site/respondents/:idOrEmail',
    {
      schema: {
        tags,
        summary: "Erase a respondent's data (right to erasure, GDPR art. 17)",
        description:
          'Erases every response of the site whose respondent id equals `idOrEmail`, or whose respondent ' +
          'e-mail or `contact` answer equals it in any letter case; with them their follow-up cases and ' +
          'notes, and the e-mails and webhook payloads queued or sent about them. Deleted rows are ' +
          'overwritten in the database file and the write-ahead log is emptied. The path is redacted in ' +
          'request logs. The reply counts what went, by kind; `notes` say what could not be finished at once.',
        params: z.object({ site: slug, idOrEmail: z.string().min(1).max(254) }),
        response: { 200: respondentErasure },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.store.deleteRespondent(req.params.site, req.params.idOrEmail);
    },
  );
};

async function* ndjson(rows: AsyncIterable<StoredResponse>): AsyncGenerator<string> {
  for await (const r of rows) yield `${JSON.stringify(r)}\n`;
}

async function* csv(rows: AsyncIterable<StoredResponse>, questions: string[]): AsyncGenerator<string> {
  yield UTF8_BOM + csvLine([...CSV_FIELDS, ...questions.map((q) => `q.${q}`), 'vars']);
  for await (const r of rows) {
    yield csvLine([...CSV_FIELDS.map((f) => r[f]), ...questions.map((q) => r.answers[q]), r.vars]);
  }
}

export default routes;
