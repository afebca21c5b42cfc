import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { importQuery, importSummary, slug } from '@touchpoint/shared';
import { BodyTooLargeError, NotFoundError, UnsupportedImportTypeError } from '../../errors.js';
import { importResponses } from '../../import/importer.js';
import { formatOf, importRows } from '../../import/rows.js';

/** Largest upload: about 200,000 answers with a short comment each; bigger files go through the CLI. */
export const IMPORT_BODY_LIMIT = 50 * 1024 * 1024;
/** The content types an import reads. */
const IMPORT_TYPES = ['text/csv', 'application/x-ndjson'];

/** The body as text chunks (exported for its test), refused (413) once it passes `limit` bytes, whatever Content-Length said. */
export async function* boundedText(body: Readable, limit: number): AsyncGenerator<string> {
  const decoder = new StringDecoder('utf8');
  let bytes = 0;
  for await (const chunk of body) {
    const buf = chunk as Buffer;
    bytes += buf.length;
    if (bytes > limit) throw new BodyTooLargeError(String(limit));
    yield decoder.write(buf);
  }
  yield decoder.end();
}

/**
 * `POST /sites/:site/imports`: a CSV or NDJSON file of answers, read as it streams in and stored through
 * the normal ingest, as `touchpoint import` does. Not wrapped in fastify-plugin: its body parser stays here.
 */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  // The body reaches the handler as the request stream; the handler bounds and parses it row by row.
  fastify.addContentTypeParser(IMPORT_TYPES, (_req, payload, done) => done(null, payload));

  fastify.post(
    '/sites/:site/imports',
    {
      schema: {
        tags: ['admin: responses'],
        summary: 'Import answers from a CSV or NDJSON file',
        description:
          'Send the file as the body with `Content-Type: text/csv` (a header line, then one answer per line) or ' +
          '`application/x-ndjson` (one JSON object per line, in the wire format of `POST /v1/responses` ' +
          'without `id`, `site` and `survey`). Columns: `createdAt` (required, ISO 8601, from 2000-01-01 to ' +
          '10 minutes ahead of the collector clock; later is refused), `touchpoint`, `locale`, `email`, ' +
          '`respondentId`, `channel`, `var.<name>` (a variable), an optional `id` (the row key) and one column ' +
          'per question (named after it, or mapped with `map`). Each row gets an id from the site, survey and ' +
          `row key, so importing a file again stores nothing twice. At most ${IMPORT_BODY_LIMIT / 1024 / 1024} ` +
          'MiB. A bad row is skipped and named in `problems`; the other rows are stored.',
        params: z.object({ site: slug }),
        querystring: importQuery,
        response: { 200: importSummary },
      },
    },
    async (req) => {
      const type = req.headers['content-type'] ?? '';
      const format = formatOf(type);
      if (!format) throw new UnsupportedImportTypeError(type);
      if (Number(req.headers['content-length'] ?? 0) > IMPORT_BODY_LIMIT) {
        throw new BodyTooLargeError(String(IMPORT_BODY_LIMIT));
      }
      if (!(await fastify.store.getSite(req.params.site))) throw new NotFoundError(`Site "${req.params.site}"`);
      const { survey, channel, map } = req.query;
      const text = boundedText(req.body as Readable, IMPORT_BODY_LIMIT);
      return importResponses(
        fastify,
        { site: req.params.site, survey, channel, map, at: 'querystring.' },
        importRows(format, text),
      );
    },
  );
};

export default routes;
