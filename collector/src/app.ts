import { STATUS_CODES } from 'node:http';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Config } from './config.js';
import { NotFoundError } from './errors.js';
import { generateKey, hashKey, keyPrefix } from './lib/api-keys.js';
import { fieldProblems, type FieldProblem } from './lib/validation-details.js';
import catalog from './plugins/catalog.js';
import configPlugin from './plugins/config.js';
import delivery from './plugins/delivery.js';
import ingest from './plugins/ingest.js';
import insights from './plugins/insights.js';
import rateLimits from './plugins/rate-limits.js';
import receipts from './plugins/receipts.js';
import bodyShapeScan, { scanBeforeParse } from './plugins/body-shape-scan.js';
import retention from './plugins/retention.js';
import scoring from './plugins/scoring.js';
import storePlugin from './plugins/store.js';
import admin from './routes/admin/index.js';
import dashboard from './routes/dashboard.js';
import health from './routes/health.js';
import pages from './routes/pages/pages.js';
import improvementPages from './routes/pages/improvements.js';
import receiptPages from './routes/pages/receipt.js';
import publicRoutes from './routes/public/index.js';
import { StoreUnavailableError } from './store/errors.js';
import type { Store } from './store/store.js';

export { loadConfig, type Config } from './config.js';
export type { Store } from './store/store.js';
export { SqliteStore } from './store/sqlite/sqlite-store.js';
export { generateKey };

/** Options of the collector plugin. */
export interface AppOptions {
  config: Config;
  /** a store to use instead of opening SQLite at TOUCHPOINT_DB */
  store?: Store;
}

/** Fastify error codes for a body that is not the JSON it claims to be. */
const JSON_ERRORS = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);
/** Fastify's own 4xx codes, mapped to ours. */
const FASTIFY_CODES: Record<string, string> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'TP_ERR_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'TP_ERR_UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'TP_ERR_VALIDATION',
  FST_ERR_VALIDATION: 'TP_ERR_VALIDATION',
  FST_ERR_BAD_URL: 'TP_ERR_VALIDATION',
  FST_ERR_MAX_PARAM_LENGTH: 'TP_ERR_VALIDATION',
};
/** Fastify's router errors: the URL itself is what is wrong (a bad %-encoding, a 414 path segment). */
const URL_CODES = new Set(['FST_ERR_BAD_URL', 'FST_ERR_MAX_PARAM_LENGTH']);

/** Codes whose message starts with the path of the wrong field. */
const FIELD_CODES = new Set([
  'TP_ERR_VALIDATION',
  'TP_ERR_UNKNOWN_SITE',
  'TP_ERR_UNKNOWN_SURVEY',
  'TP_ERR_UNKNOWN_TOUCHPOINT',
  'TP_ERR_INVALID_ANSWER',
  'TP_ERR_ID_CONFLICT',
]);
const FIELD_MESSAGE = /^([A-Za-z0-9_.[\]-]+): (.+)$/s;

/**
 * The collector: a Fastify plugin that never listens (server.ts does). Layers register in order:
 * external plugins → services (store, catalog, ingest) → routes.
 */
const app: FastifyPluginAsync<AppOptions> = async (fastify, opts) => {
  const { config } = opts;
  fastify.setValidatorCompiler(validatorCompiler);
  fastify.setSerializerCompiler(serializerCompiler);

  // Beacons and the widget send JSON as text/plain, which needs no CORS preflight. Both types go through
  // Fastify's own JSON parser (it refuses __proto__ keys); a public ingest route first bounds the raw text.
  const parseJson = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeContentTypeParser(['application/json', 'text/plain']);
  // A public ingest route's body was bounded while it arrived (plugins/body-shape-scan.ts); read as bytes.
  fastify.addContentTypeParser(['application/json', 'text/plain'], { parseAs: 'buffer' }, (req, body, done) => {
    if (req.routeOptions.config.bodyShape) {
      try {
        scanBeforeParse(req, body as Buffer);
      } catch (err) {
        done(err as Error, undefined);
        return;
      }
    }
    void parseJson(req, (body as Buffer).toString('utf8'), done);
  });
  await fastify.register(bodyShapeScan);

  fastify.setErrorHandler((err: FastifyError, req, reply) => {
    let status = err.statusCode ?? 500;
    let code = err.code;
    let message = err.message;
    let details: FieldProblem[] | undefined = (err as { details?: FieldProblem[] }).details;
    if (hasZodFastifySchemaValidationErrors(err)) {
      status = 400;
      code = 'TP_ERR_VALIDATION';
      details = fieldProblems(err.validation as never, [err.validationContext ?? 'body']);
      message = details.map((d) => `${d.path}: ${d.message}`).join('; ');
    } else if (JSON_ERRORS.has(code) || (status === 400 && err instanceof SyntaxError)) {
      code = 'TP_ERR_INVALID_JSON';
      message = `Body is not valid JSON: ${err.message}`;
    } else if (FASTIFY_CODES[code]) {
      if (URL_CODES.has(code)) details = [{ path: 'url', message: err.message }];
      code = FASTIFY_CODES[code] ?? code;
    }
    // Our own field errors read "path: problem"; give them the same details as schema errors.
    const field = FIELD_MESSAGE.exec(message);
    if (!details && field && FIELD_CODES.has(code) && field[1] && field[2]) {
      details = [{ path: field[1], message: field[2] }];
    }
    // The store says it is unavailable in its own terms; to a client that is 503: retry later.
    if (err instanceof StoreUnavailableError) status = 503;
    if (status >= 500) {
      req.log.error({ err }, 'request failed');
      status = status === 503 ? 503 : 500;
      code = status === 503 ? 'TP_ERR_UNAVAILABLE' : 'TP_ERR_INTERNAL';
      message = status === 503 ? 'The collector is busy or shutting down; retry later' : 'Internal error';
      details = undefined;
    } else if (!code?.startsWith('TP_ERR_')) {
      code = 'TP_ERR_VALIDATION';
    }
    return reply
      .code(status)
      .send({ statusCode: status, code, error: STATUS_CODES[status] ?? 'Error', message, details });
  });

  // Every response, errors included: no MIME sniffing of answers or assets; a page's full URL never leaks
  // to another origin. /docs gets its own Content-Security-Policy from swagger-ui (staticCSP below).
  fastify.addHook('onRequest', (_req, reply, done) => {
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    done();
  });

  fastify.setNotFoundHandler((req) => {
    throw new NotFoundError(`Route ${req.method} ${req.url.split('?')[0]}`);
  });

  // ---- external plugins
  await fastify.register(swagger, {
    openapi: {
      info: {
        title: 'Touchpoint collector',
        version: '0.1.0',
        description:
          'Public routes take responses and events from the widget, kiosks, QR pages and other clients. ' +
          'Admin routes need `Authorization: Bearer <key>`; read-only keys may only GET. ' +
          'Errors carry a stable `code` (TP_ERR_*) and, for bad input, `details` naming each wrong field.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    },
    // Every admin operation declares that it needs the key, so /docs' "Authorize" sends it and generated
    // clients do too; public routes declare none.
    transform: (route) => {
      const out = jsonSchemaTransform(route);
      return route.url.startsWith('/v1/admin/')
        ? { ...out, schema: { ...out.schema, security: [{ apiKey: [] }] } }
        : out;
    },
  });
  // staticCSP: a policy with hashes of swagger-ui's own inline code, so /docs runs nothing else; without
  // upgrade-insecure-requests, which would send a collector served over plain HTTP to an https:// it lacks.
  await fastify.register(swaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    transformStaticCSP: (header) => header.replace(/\s*upgrade-insecure-requests;?/, ''),
  });
  await fastify.register(rateLimits, { config });

  // ---- services
  await fastify.register(configPlugin, { config });
  await fastify.register(storePlugin, { config, ...(opts.store ? { store: opts.store } : {}) });
  await fastify.register(receipts);
  await fastify.register(catalog);
  await fastify.register(ingest);
  await fastify.register(delivery);
  await fastify.register(retention);
  await fastify.register(scoring);
  await fastify.register(insights);

  if (config.TOUCHPOINT_ADMIN_KEY) {
    const key = config.TOUCHPOINT_ADMIN_KEY;
    await fastify.store.createApiKey({
      id: 'bootstrap',
      name: 'Bootstrap admin key (TOUCHPOINT_ADMIN_KEY)',
      kind: 'admin',
      hash: hashKey(key),
      prefix: keyPrefix(key),
    });
  }

  // ---- routes
  await fastify.register(health);
  await fastify.register(publicRoutes);
  await fastify.register(pages);
  await fastify.register(receiptPages);
  await fastify.register(improvementPages);
  await fastify.register(admin, { prefix: '/v1/admin' });
  await fastify.register(dashboard);
};

export default app;
