import type { FastifyInstance, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { ownOrigin, requestOrigin } from '../../lib/origin.js';
import type { Catalog } from '../../plugins/catalog.js';

/** How long browsers may cache a CORS preflight answer, in seconds. */
const PREFLIGHT_MAX_AGE_S = '86400';
/** The methods the public routes answer cross-origin. */
const ALLOWED_METHODS = 'GET, POST';
/** A preflight's answer depends on the headers it asks for, as they are echoed back. */
const PREFLIGHT_VARY = 'Origin, Access-Control-Request-Headers';

/** The site keys a request names: in the URL (config) or in the body (responses, events), each once. */
function sitesOf(req: FastifyRequest): string[] {
  const params = req.params as { site?: string } | undefined;
  if (params?.site) return [params.site];
  const body = req.body as { site?: unknown; responses?: unknown; events?: unknown } | undefined;
  if (!body || typeof body !== 'object') return [];
  const items = Array.isArray(body.responses) ? body.responses : Array.isArray(body.events) ? body.events : [body];
  const keys: string[] = [];
  for (const item of items as { site?: unknown }[]) {
    const site = item?.site;
    if (typeof site === 'string' && !keys.includes(site)) keys.push(site);
  }
  return keys;
}

/**
 * Whether every site the request names allows `origin`; a request naming none (a preflight) asks any site.
 * Answered at once (no promise) when every site is cached, as it is for nearly every beacon.
 */
function allowedBySites(catalog: Catalog, req: FastifyRequest, origin: string): boolean | Promise<boolean> {
  const keys = sitesOf(req);
  if (keys.length === 0) return catalog.allOrigins().then((all) => all.has(origin));
  for (let i = 0; i < keys.length; i++) {
    const snapshot = catalog.peek(keys[i] as string);
    if (snapshot === undefined) return loadedAllow(catalog, keys.slice(i), origin);
    if (!snapshot.site.origins.includes(origin)) return false;
  }
  return true;
}

/** Whether every site of `keys` allows `origin`, loading the ones not cached. */
async function loadedAllow(catalog: Catalog, keys: string[], origin: string): Promise<boolean> {
  for (const key of keys) {
    const snapshot = await catalog.get(key);
    if (!snapshot || !snapshot.site.origins.includes(origin)) return false;
  }
  return true;
}

/**
 * Writes the decision: every answer varies by Origin; an allowed origin is echoed, and an allowed
 * preflight is answered at once (a 400 when it names no method), as @fastify/cors did.
 */
function answer(
  req: FastifyRequest,
  reply: FastifyReply,
  origin: string | undefined,
  done: HookHandlerDoneFunction,
): void {
  reply.header('vary', 'Origin');
  if (origin === undefined) return done();
  reply.header('access-control-allow-origin', origin);
  if (req.method !== 'OPTIONS') return done();
  if (!req.headers['access-control-request-method']) {
    reply.code(400).type('text/plain').send('Invalid Preflight Request');
    return;
  }
  reply.header('access-control-allow-methods', ALLOWED_METHODS).header('vary', PREFLIGHT_VARY);
  const requested = req.headers['access-control-request-headers'];
  if (requested !== undefined) reply.header('access-control-allow-headers', requested);
  // Safari waits for a body on a 204 without a length.
  reply.header('access-control-max-age', PREFLIGHT_MAX_AGE_S).code(204).header('content-length', '0').send();
}

/**
 * CORS for the public routes: an origin is allowed only for the sites the request is about (or this
 * collector's own pages); a preflight, which carries no body, for any origin some site allows. Every
 * answer varies by Origin. The decision runs once per request, before the handler, and costs no more
 * than the catalog lookups it needs (the hot ingest route runs it on every beacon).
 */
export function publicCors(fastify: FastifyInstance): void {
  fastify.addHook('preHandler', (req, reply, done) => {
    const origin = requestOrigin(req);
    if (origin === undefined || origin === ownOrigin(req)) return answer(req, reply, origin, done);
    const allowed = allowedBySites(fastify.catalog, req, origin);
    if (typeof allowed === 'boolean') return answer(req, reply, allowed ? origin : undefined, done);
    allowed.then(
      (yes) => answer(req, reply, yes ? origin : undefined, done),
      (err: Error) => done(err),
    );
  });

  // Lets preflights reach the hook above, which answers them; one it did not answer is a 404.
  fastify.options('*', { schema: { hide: true } }, (_req, reply) => {
    reply.callNotFound();
  });
}
