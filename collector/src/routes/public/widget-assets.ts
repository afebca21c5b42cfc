import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { NotFoundError } from '../../errors.js';

/** The built widget in this workspace (`pnpm build`), unless TOUCHPOINT_WIDGET_DIR says otherwise. */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../../../widget/dist/', import.meta.url));

/** The loader's URL never changes, so it is cached briefly; its chunks have hashed names. */
const LOADER_CACHE_CONTROL = 'public, max-age=300, stale-while-revalidate=86400';
const CHUNK_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Serves `GET /widget.js` (the loader) and `GET /widget/<hashed chunk>`. */
const widgetAssets: FastifyPluginAsync = async (fastify) => {
  const dir = fastify.config.TOUCHPOINT_WIDGET_DIR ?? DEFAULT_WIDGET_DIR;
  const loader = join(dir, 'widget.js');

  fastify.get('/widget.js', { schema: { hide: true } }, async (_req, reply) => {
    if (!existsSync(loader)) throw new NotFoundError('The widget bundle (run `pnpm build`)');
    return reply
      .type('text/javascript; charset=utf-8')
      .header('cache-control', LOADER_CACHE_CONTROL)
      .header('cross-origin-resource-policy', 'cross-origin')
      .send(createReadStream(loader));
  });

  if (existsSync(dir)) {
    await fastify.register(fastifyStatic, {
      root: dir,
      prefix: '/widget/',
      decorateReply: false,
      index: false,
      cacheControl: false,
      // Chunks are public code; module scripts need CORS to load from another origin.
      setHeaders: (reply) => {
        reply.header('cache-control', CHUNK_CACHE_CONTROL);
        reply.header('cross-origin-resource-policy', 'cross-origin');
        reply.header('access-control-allow-origin', '*');
      },
    });
  }
};

export default widgetAssets;
