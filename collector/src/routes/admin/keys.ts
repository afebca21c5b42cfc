import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { apiKey, apiKeyCreate, type ApiKey } from '@touchpoint/shared';
import { ForbiddenError, NotFoundError, SiteLimitedKeyError } from '../../errors.js';
import { generateKey, hashKey, keyPrefix } from '../../lib/api-keys.js';

const routes: FastifyPluginAsyncZod = async (fastify) => {
  const tags = ['admin: keys'];
  // A key limited to named sites could otherwise mint itself a key without the limit.
  fastify.addHook('onRequest', async (req) => {
    if (req.apiKey?.sites && req.routeOptions.url?.startsWith('/v1/admin/keys')) {
      throw new SiteLimitedKeyError('manage API keys');
    }
  });
  fastify.get(
    '/me',
    { schema: { tags, summary: 'The key this request is signed with: its name and kind', response: { 200: apiKey } } },
    async (req) => req.apiKey as ApiKey,
  );
  fastify.get(
    '/keys',
    {
      schema: {
        tags,
        summary: 'List API keys (admin keys only)',
        description: 'Names, kinds and prefixes; never the keys. Managing keys is for admin keys alone.',
        response: { 200: z.array(apiKey) },
      },
    },
    async (req) => {
      if (req.apiKey?.kind !== 'admin') throw new ForbiddenError('list API keys');
      return fastify.store.listApiKeys();
    },
  );
  fastify.post(
    '/keys',
    {
      schema: {
        tags,
        summary: 'Create an API key',
        description:
          'The secret is shown once, in this reply; only its hash is stored. `sites` limits the key to those ' +
          'sites (an agency): other sites answer 404 and lists show only its sites; it cannot manage keys.',
        body: apiKeyCreate,
        response: { 201: z.object({ key: apiKey, secret: z.string() }) },
      },
    },
    async (req, reply) => {
      const secret = generateKey(req.body.kind);
      const key = await fastify.store.createApiKey({
        name: req.body.name,
        kind: req.body.kind,
        sites: req.body.sites ?? null,
        hash: hashKey(secret),
        prefix: keyPrefix(secret),
      });
      return reply.code(201).send({ key, secret });
    },
  );
  fastify.delete(
    '/keys/:id',
    { schema: { tags, summary: 'Revoke an API key', params: z.object({ id: z.string().max(64) }) } },
    async (req, reply) => {
      if (!(await fastify.store.deleteApiKey(req.params.id))) throw new NotFoundError(`API key "${req.params.id}"`);
      return reply.code(204).send();
    },
  );
};

export default routes;
