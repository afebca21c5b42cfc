import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slug } from '@touchpoint/shared';
import { NotFoundError, UnknownSiteError } from '../../errors.js';
import { sendEncoded } from '../../lib/encoded.js';
import { persistentByDefault } from '../../lib/persistent.js';

/** The built widget in this workspace (`pnpm build`), unless TOUCHPOINT_WIDGET_DIR says otherwise. */
export const DEFAULT_WIDGET_DIR = fileURLToPath(new URL('../../../../widget/dist/', import.meta.url));

/**
 * The loader's URL never changes, so it is cached briefly, then revalidated with its ETag (a 304 of
 * a few hundred bytes instead of the file); its chunks have hashed names and never change.
 */
const LOADER_CACHE_CONTROL = 'max-age=300, stale-while-revalidate=86400';
const CHUNK_CACHE_CONTROL = 'max-age=31536000, immutable';
/** A site's loader carries its rules, so it is cached as briefly as the site config, then revalidated. */
const SITE_LOADER_CACHE_CONTROL = 'max-age=60, stale-while-revalidate=600';
/** The built loader with a mark where a site's rules go (widget/scripts/build.mjs), never served as is. */
const TEMPLATE = 'widget.js.template';
/** RFC 9239's type for JavaScript (@fastify/static says `application/javascript` for a `.br`). */
const JS_TYPE = 'text/javascript; charset=utf-8';

/**
 * How the widget's files are sent: the build's `.br` or `.gz` beside each script when the browser
 * accepts it (with `Vary: Accept-Encoding`), an ETag, and a 304 to a matching `If-None-Match`.
 */
const staticOptions = (root: string, cacheControl: string, cors: boolean) => ({
  root,
  preCompressed: true,
  index: false as const,
  cacheControl: false,
  // a hashed chunk never changes under its name, so nothing revalidates it: no ETag on every popup
  etag: !cors,
  lastModified: false,
  // nobody asks for part of a script; one header less on every page view
  acceptRanges: false,
  setHeaders: (reply: { header: FastifyReply['header'] } & object) => {
    reply.header('cache-control', cacheControl);
    // Public code, loaded from customers' sites (also under Cross-Origin-Embedder-Policy).
    reply.header('cross-origin-resource-policy', 'cross-origin');
    // The loader is a classic script; a chunk may be imported as a module (the ESM build), which needs CORS.
    if (cors) reply.header('access-control-allow-origin', '*');
  },
});

/** Serves `GET /widget.js` (the loader) and `GET /widget/<hashed chunk>`. */
const widgetAssets: FastifyPluginAsync = async (fastify) => {
  const dir = fastify.config.TOUCHPOINT_WIDGET_DIR ?? DEFAULT_WIDGET_DIR;
  const loader = join(dir, 'widget.js');

  // An encapsulated scope, so this `sendFile` and the content-type hook concern only widget files.
  await fastify.register(async (scope) => {
    scope.addHook('onSend', async (req, reply, payload) => {
      if (reply.statusCode === 200 && req.url.split('?')[0]!.endsWith('.js')) reply.type(JS_TYPE);
      // Only a document or a worker heeds a Referrer-Policy; on a script it is bytes on every page view.
      if (reply.statusCode < 400) reply.removeHeader('referrer-policy');
      persistentByDefault(reply);
      // A chunk answers every origin with the same `*`, and a loader (a classic script, no CORS, no origin
      // check) the same for every origin: no echoed origin from the public CORS hook, so a cache may keep one
      // copy for all origins and drop `Origin` from `Vary`.
      if (reply.getHeader('access-control-allow-origin') !== '*') reply.removeHeader('access-control-allow-origin');
      const vary = reply.getHeader('vary');
      if (typeof vary === 'string') reply.header('vary', vary.replace(/^Origin, /, ''));
      return payload;
    });

    await scope.register(fastifyStatic, { ...staticOptions(dir, LOADER_CACHE_CONTROL, false), serve: false });
    /** The loader's template as last built (read again when the build replaced it). */
    let template = { mtime: -1, text: '' };
    const loaderTemplate = (): string => {
      const file = join(dir, TEMPLATE);
      const mtime = existsSync(file) ? statSync(file).mtimeMs : -1;
      if (mtime < 0) throw new NotFoundError('The widget bundle (run `pnpm build`)');
      if (mtime !== template.mtime) template = { mtime, text: readFileSync(file, 'utf8') };
      return template.text;
    };

    // `?site=` inlines the site's rules (triggers, URL and display rules, no copy), so a page view needs
    // one request, not two. The rules are public (any client can read the config), so no origin check:
    // a page elsewhere gets nothing its origin could send (ingest checks the origin).
    scope
      .withTypeProvider<ZodTypeProvider>()
      .get(
        '/widget.js',
        { schema: { hide: true, querystring: z.object({ site: slug.optional() }) } },
        async (req, reply) => {
          const site = req.query.site;
          if (!site) {
            if (!existsSync(loader)) throw new NotFoundError('The widget bundle (run `pnpm build`)');
            return reply.sendFile('widget.js');
          }
          const snapshot = await fastify.catalog.get(site);
          if (!snapshot) throw new UnknownSiteError('site', site);
          const body = fastify.catalog.loader(snapshot, loaderTemplate());
          reply.header('cache-control', SITE_LOADER_CACHE_CONTROL);
          reply.header('cross-origin-resource-policy', 'cross-origin');
          return sendEncoded(req, reply, body, JS_TYPE);
        },
      );

    if (existsSync(dir)) {
      await scope.register(fastifyStatic, {
        ...staticOptions(dir, CHUNK_CACHE_CONTROL, true),
        prefix: '/widget/',
        decorateReply: false,
        // the files themselves, never their `.br`/`.gz` by name (served without their encoding)
        allowedPath: (path: string) => !/\.(br|gz|template)$/.test(path),
      });
    }
  });
};

export default widgetAssets;
