import rateLimit from '@fastify/rate-limit';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { SurveyResponse, TouchpointEvent } from '@touchpoint/shared';
import type { Config } from '../config.js';
import { RateLimitedError } from '../errors.js';
import { ClientKeys } from '../lib/client-key.js';
import { ItemAllowance, type Charge } from '../lib/item-allowance.js';
import { kioskSent } from '../misuse/kiosk-sent.js';

/** Item allowances are counted per minute, like the request limit. */
const ITEM_WINDOW_MS = 60_000;
/** One address may run several kiosks (a store's tablets behind one router): each client gets this many kiosks' allowance. */
const KIOSKS_PER_CLIENT = 10;
/** Static files: the same bytes for everyone, cached by browsers and CDNs (immutable or ETag); never limited. */
const STATIC_PATHS = ['/widget.js', '/widget/', '/k/sw.js', '/k/kiosk.js', '/docs', '/dashboard/'];
/** Public GETs cached by ETag or cheap to build, fetched once per page view: a far higher ceiling. */
const CACHEABLE_ROUTES = new Set(['/v1/sites/:site/config', '/k/:touchpoint', '/s/:survey', '/p/:touchpoint']);

type Kind = 'responses' | 'events';
/** The routes whose items are counted, and what they carry. */
const ITEM_ROUTES: Record<string, Kind> = { '/v1/responses': 'responses', '/v1/events': 'events' };

/** Whether a request is for a static file. */
const isStatic = (url: string) => STATIC_PATHS.some((p) => url === p || (p.endsWith('/') && url.startsWith(p)));
/** Whether a request is a cacheable public GET. */
const isCacheable = (req: FastifyRequest) =>
  (req.method === 'GET' || req.method === 'HEAD') &&
  // a site's loader (`/widget.js?site=…`) carries its rules: fetched like the config, not a static file
  (CACHEABLE_ROUTES.has(req.routeOptions.url ?? '') ||
    (req.routeOptions.url === '/widget.js' && req.url.includes('?')));

/**
 * What one batch charges: each response or event on its client's allowance, except a kiosk's (a response
 * with channel `kiosk` and a kiosk id, or a heartbeat), which goes on the allowance of that kiosk and touchpoint
 * and on a client-wide kiosk ceiling, so that syncing a day's offline queue gets through.
 */
export function chargesOf(kind: Kind, items: readonly (SurveyResponse | TouchpointEvent)[], client: string, c: Config) {
  const charges: Charge[] = [];
  const clientLimit = kind === 'responses' ? c.TOUCHPOINT_RESPONSE_LIMIT : c.TOUCHPOINT_EVENT_LIMIT;
  for (const item of items) {
    const kiosk = kioskOf(item);
    if (kiosk !== null && c.TOUCHPOINT_KIOSK_LIMIT > 0) {
      charges.push({ key: `kiosk ${item.site} ${kiosk}`, n: 1, limit: c.TOUCHPOINT_KIOSK_LIMIT });
      charges.push({ key: `kiosks ${client}`, n: 1, limit: c.TOUCHPOINT_KIOSK_LIMIT * KIOSKS_PER_CLIENT });
    } else if (kiosk === null && clientLimit > 0) {
      charges.push({ key: `${kind} ${client}`, n: 1, limit: clientLimit });
    }
  }
  return charges;
}

/** `kiosk-id touchpoint` of an item a kiosk sent, or null. */
function kioskOf(item: SurveyResponse | TouchpointEvent): string | null {
  if ('type' in item) return item.type === 'heartbeat' ? `${item.kiosk} ${item.touchpoint ?? ''}` : null;
  const kiosk = kioskSent(item.context);
  return kiosk === null ? null : `${kiosk} ${item.touchpoint ?? `survey:${item.survey}`}`;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** keys clients by a daily-salted hash of their address, kept in memory only */
    clientKeys: ClientKeys;
  }
}

/**
 * Rate limits, keyed by client (a salted hash of the address, never the address): requests per minute on
 * every route but static files (none) and cacheable GETs (a far higher ceiling); and, on the ingest
 * routes, every response and event of a batch counted against the client's allowance; a batch larger than
 * what is left is refused whole with 429 and `Retry-After`. See README, "Configuration".
 */
export default fp(
  async (fastify, opts: { config: Config }) => {
    const c = opts.config;
    const keys = new ClientKeys();
    fastify.decorate('clientKeys', keys);
    if (c.TOUCHPOINT_RATE_LIMIT === 0) return;

    await fastify.register(rateLimit, {
      max: (req) => (isCacheable(req) ? c.TOUCHPOINT_CACHEABLE_RATE_LIMIT : c.TOUCHPOINT_RATE_LIMIT),
      timeWindow: '1 minute',
      keyGenerator: (req) => `${isCacheable(req) ? 'get' : 'any'} ${keys.of(req.ip)}`,
      allowList: (req) => isStatic(req.url) || (isCacheable(req) && c.TOUCHPOINT_CACHEABLE_RATE_LIMIT === 0),
      errorResponseBuilder: (_req, ctx) =>
        Object.assign(new RateLimitedError(ctx.after), { statusCode: ctx.statusCode }),
      // No x-ratelimit-* headers on answers under the limit: ~80 bytes on every widget config and page, which
      // have a byte budget; a refused request still says when to retry (Retry-After).
      addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    });

    const allowance = new ItemAllowance(ITEM_WINDOW_MS);
    const takeItems = async (req: FastifyRequest, reply: FastifyReply) => {
      const kind = ITEM_ROUTES[req.routeOptions.url ?? ''] as Kind;
      const body = req.body as Record<string, unknown>;
      const items = (Array.isArray(body[kind]) ? body[kind] : [body]) as (SurveyResponse | TouchpointEvent)[];
      const verdict = allowance.take(chargesOf(kind, items, keys.of(req.ip), c), Date.now());
      if (verdict.ok) return;
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000));
      reply.header('retry-after', String(seconds));
      throw new RateLimitedError(
        `${seconds} s: this batch has ${items.length} ${kind}, and ${verdict.left} are left this minute (nothing was stored)`,
      );
    };
    // After validation (the items are known and counted) and before anything is stored.
    fastify.addHook('onRoute', (route) => {
      if (route.method !== 'POST' || !ITEM_ROUTES[route.url]) return;
      const prior = route.preHandler;
      route.preHandler = [takeItems, ...(prior ? (Array.isArray(prior) ? prior : [prior]) : [])];
    });
  },
  { name: 'rate-limits' },
);
