import type { FastifyPluginAsync } from 'fastify';
import type { ApiKey } from '@touchpoint/shared';
import { ForbiddenError, NotFoundError, RateLimitedError, UnauthorizedError } from '../../errors.js';
import { hashKey } from '../../lib/api-keys.js';
import { AuthFailures } from '../../lib/auth-failures.js';
import cases from './cases.js';
import deliveries from './deliveries.js';
import improvements from './improvements.js';
import imports from './imports.js';
import insights from './insights.js';
import keys from './keys.js';
import kiosks from './kiosks.js';
import qr from './qr.js';
import receiptScores from './receipt-scores.js';
import receipts from './receipts.js';
import responses from './responses.js';
import rules from './rules.js';
import scores from './scores.js';
import sites from './sites.js';
import surveys from './surveys.js';
import touchpoints from './touchpoints.js';
import webhooks from './webhooks.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** the API key that signed the request (admin routes only) */
    apiKey: ApiKey | null;
  }
}

/** A key's last use is recorded at most this often, so reads do not each cost a write. */
const TOUCH_INTERVAL_MS = 60_000;

/**
 * The admin API, behind `Authorization: Bearer <key>`. Read-only keys may only read. A client with too many
 * failed authentications gets 429 before its key is looked at (brute force).
 * This plugin is not wrapped in fastify-plugin, so the hook stays inside `/v1/admin`.
 */
const admin: FastifyPluginAsync = async (fastify) => {
  fastify.decorateRequest('apiKey', null);
  const failures = new AuthFailures();
  fastify.addHook('onRequest', async (req, reply) => {
    const retryAfter = failures.retryAfter(req.ip);
    if (retryAfter > 0) {
      reply.header('retry-after', String(retryAfter));
      throw new RateLimitedError(`${retryAfter} s`);
    }
    const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
    const key = match?.[1] ? await fastify.store.findApiKey(hashKey(match[1])) : null;
    if (!key) {
      failures.fail(req.ip);
      throw new UnauthorizedError();
    }
    if (key.kind === 'read' && req.method !== 'GET' && req.method !== 'HEAD') {
      throw new ForbiddenError(`${req.method} ${req.routeOptions.url ?? req.url}`);
    }
    // A key limited to named sites meets any other site as if it did not exist.
    const site = (req.params as { site?: unknown } | undefined)?.site;
    if (key.sites && typeof site === 'string' && !key.sites.includes(site)) throw new NotFoundError(`Site "${site}"`);
    const now = Date.now();
    if (!key.lastUsedAt || now - Date.parse(key.lastUsedAt) > TOUCH_INTERVAL_MS) {
      await fastify.store.touchApiKey(key.id, new Date(now).toISOString());
    }
    const { hash: _hash, ...publicKey } = key;
    req.apiKey = publicKey;
  });
  await fastify.register(keys);
  await fastify.register(sites);
  await fastify.register(touchpoints);
  await fastify.register(surveys);
  await fastify.register(responses);
  await fastify.register(scores);
  await fastify.register(qr);
  await fastify.register(kiosks);
  await fastify.register(rules);
  await fastify.register(cases);
  await fastify.register(webhooks);
  await fastify.register(deliveries);
  await fastify.register(receipts);
  await fastify.register(receiptScores);
  await fastify.register(improvements);
  await fastify.register(imports);
  await fastify.register(insights);
};

export default admin;
