import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  slug,
  webhookCreate,
  webhookEndpoint,
  webhookUpdate,
  type ApiKey,
  type WebhookEndpoint,
} from '@touchpoint/shared';
import { generateWebhookSecret } from '../../closed-loop/signature.js';
import { NotFoundError, ValidationError } from '../../errors.js';
import { checkUrlHost } from '../../lib/address-guard.js';
import { parseOrReject } from '../../lib/parse.js';
import { redactUrl } from '../../lib/redact-url.js';

/** A webhook as a key may see it: read-only keys get its URL without credentials or query values. */
const shownTo = (key: ApiKey | null, w: WebhookEndpoint): WebhookEndpoint =>
  key?.kind === 'admin' ? w : { ...w, url: redactUrl(w.url) };

/**
 * Webhook endpoints of a site. The signing secret is shown once, when it is created or rotated. A URL
 * whose host is, or resolves to, a loopback, private, link-local or metadata address is refused (400
 * naming `url`) unless TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE is set; the call checks again when it connects.
 */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const refuseInternal = async (url: string) => {
    if (fastify.config.TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE) return;
    const blocked = await checkUrlHost(url);
    if (!blocked) return;
    throw new ValidationError(
      `body.url: ${blocked.message}; webhooks may not call internal addresses ` +
        '(TOUCHPOINT_WEBHOOK_ALLOW_PRIVATE=true allows them, for on-premise receivers)',
    );
  };
  const loop = fastify.store.closedLoop;
  const tags = ['admin: webhooks'];
  const siteParams = z.object({ site: slug });
  const params = z.object({ site: slug, id: z.string().max(64) });
  const requireSite = async (key: string) => {
    if (!(await fastify.store.getSite(key))) throw new NotFoundError(`Site "${key}"`);
  };
  const get = async (site: string, id: string) => {
    const found = await loop.getWebhook(site, id);
    if (!found) throw new NotFoundError(`Webhook "${id}" of site "${site}"`);
    return found;
  };

  fastify.get(
    '/sites/:site/webhooks',
    {
      schema: {
        tags,
        summary: "List a site's webhook endpoints",
        params: siteParams,
        response: { 200: z.array(webhookEndpoint) },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return (await loop.listWebhooks(req.params.site)).map((w) => shownTo(req.apiKey, w));
    },
  );
  fastify.post(
    '/sites/:site/webhooks',
    {
      schema: {
        tags,
        summary: 'Create a webhook endpoint',
        description:
          'The reply carries the signing secret, once. Every call is signed: ' +
          '`x-touchpoint-signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">` (see README, "Webhooks").',
        params: siteParams,
        body: webhookCreate,
        response: { 201: z.object({ webhook: webhookEndpoint, secret: z.string() }) },
      },
    },
    async (req, reply) => {
      await requireSite(req.params.site);
      await refuseInternal(req.body.url);
      const secret = generateWebhookSecret();
      const webhook = await loop.createWebhook(req.params.site, req.body, secret);
      return reply.code(201).send({ webhook, secret });
    },
  );
  fastify.get(
    '/sites/:site/webhooks/:id',
    { schema: { tags, summary: 'Get a webhook endpoint', params, response: { 200: webhookEndpoint } } },
    async (req) => shownTo(req.apiKey, await get(req.params.site, req.params.id)),
  );
  fastify.patch(
    '/sites/:site/webhooks/:id',
    {
      schema: {
        tags,
        summary: 'Change a webhook endpoint (url, events, active)',
        description: 'Changes only the fields sent; `events` is replaced whole.',
        params,
        body: webhookUpdate,
        response: { 200: webhookEndpoint },
      },
    },
    async (req) => {
      if (req.body.url !== undefined) await refuseInternal(req.body.url);
      const current = await get(req.params.site, req.params.id);
      const updated = parseOrReject(webhookEndpoint, { ...current, ...req.body });
      await loop.updateWebhook(req.params.site, updated);
      return updated;
    },
  );
  fastify.post(
    '/sites/:site/webhooks/:id/rotate-secret',
    {
      schema: {
        tags,
        summary: "Replace a webhook endpoint's signing secret",
        description:
          'The reply carries the new secret, once. From now on every call is signed with it, including ' +
          'deliveries queued or retried before the rotation; the old secret stops verifying at once.',
        params,
        response: { 200: z.object({ webhook: webhookEndpoint, secret: z.string() }) },
      },
    },
    async (req) => {
      const webhook = await get(req.params.site, req.params.id);
      const secret = generateWebhookSecret();
      if (!(await loop.rotateWebhookSecret(req.params.site, webhook.id, secret))) {
        throw new NotFoundError(`Webhook "${webhook.id}" of site "${req.params.site}"`);
      }
      return { webhook, secret };
    },
  );
  fastify.delete(
    '/sites/:site/webhooks/:id',
    { schema: { tags, summary: 'Delete a webhook endpoint (its pending deliveries are given up)', params } },
    async (req, reply) => {
      if (!(await loop.deleteWebhook(req.params.site, req.params.id))) {
        throw new NotFoundError(`Webhook "${req.params.id}" of site "${req.params.site}"`);
      }
      return reply.code(204).send();
    },
  );
};

export default routes;
