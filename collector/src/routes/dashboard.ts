import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { WIDGET_PART_LETTERS } from '@touchpoint/shared';
import { NotFoundError } from '../errors.js';
import { DEFAULT_WIDGET_DIR } from './public/widget-assets.js';

/** The built dashboard (`pnpm build` runs `vite build --config dashboard/vite.config.ts`). */
export const DASHBOARD_DIR = fileURLToPath(new URL('../../dist/dashboard/', import.meta.url));

/** Vite names assets by content hash, so they never change; the HTML always revalidates. */
const ASSET_CACHE_CONTROL = 'public, max-age=31536000, immutable';
const HTML_CACHE_CONTROL = 'no-cache';

/**
 * The widget's UI chunks with every part appended, `ui-<locale>-<parts>-<hash>.js` (see widget/scripts/build.mjs):
 * the preview renders whatever question types the draft has.
 */
const UI_CHUNK = new RegExp(`^ui-([a-z]{2})-${WIDGET_PART_LETTERS}-[A-Za-z0-9_-]{8}\\.js$`);

/**
 * The dashboard's Content-Security-Policy: everything from this origin only, no inline script or
 * style; the survey preview is a same-origin frame, so only the preview page may be framed (by us).
 */
export function dashboardCsp(frameable: boolean): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    // the preview frame runs the widget's chunks on a draft: it may send nothing (no answer, no impression)
    `connect-src ${frameable ? "'none'" : "'self'"}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameable ? "'self'" : "'none'"}`,
  ].join('; ');
}

/**
 * Serves the dashboard web app at `/dashboard/` (a static Preact build; every request it makes goes
 * to the admin API with the analyst's key), and `/dashboard/widget-ui.json`: the real widget's UI
 * chunk per locale, and its `kiosk` and `page` chunks, which the survey editor's preview frame loads.
 */
/** The Touchpoint mark, for the dashboard and the link, kiosk and poster pages (browsers ask for an icon on every page). */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2b5fd9"/>' +
  '<circle cx="16" cy="16" r="7" fill="none" stroke="#fff" stroke-width="3"/><circle cx="16" cy="16" r="2" fill="#fff"/></svg>';
/** The icon changes with a release at most; a day in any cache is fine. */
const FAVICON_CACHE_CONTROL = 'public, max-age=86400';

const dashboard: FastifyPluginAsync = async (fastify) => {
  // /favicon.ico too: browsers ask for it on pages that link no icon (the API docs).
  for (const url of ['/favicon.svg', '/favicon.ico']) {
    fastify.get(url, { schema: { hide: true } }, async (_req, reply) =>
      reply.type('image/svg+xml').header('cache-control', FAVICON_CACHE_CONTROL).send(FAVICON_SVG),
    );
  }
  const dir = DASHBOARD_DIR;
  const widgetDir = fastify.config.TOUCHPOINT_WIDGET_DIR ?? DEFAULT_WIDGET_DIR;
  const notBuilt = () => new NotFoundError('The dashboard build (run `pnpm build`)');

  fastify.get('/dashboard', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/dashboard/'));

  fastify.get('/dashboard/widget-ui.json', { schema: { hide: true } }, async (_req, reply) => {
    const chunks: Record<string, string> = {};
    if (existsSync(widgetDir)) {
      for (const file of readdirSync(widgetDir)) {
        const m = UI_CHUNK.exec(file);
        if (m?.[1]) chunks[m[1]] = `/widget/${file}`;
        // the kiosk's and the link page's chunks (one for every locale), for the kiosk and link page previews
        const mode = /^(kiosk|page)-[A-Za-z0-9_-]+\.js$/.exec(file);
        if (mode?.[1]) chunks[mode[1]] = `/widget/${file}`;
      }
    }
    if (!chunks.en) throw new NotFoundError('The widget bundle (run `pnpm build`)');
    return reply.header('cache-control', HTML_CACHE_CONTROL).send(chunks);
  });

  if (!existsSync(join(dir, 'index.html'))) {
    fastify.get('/dashboard/*', { schema: { hide: true } }, async () => {
      throw notBuilt();
    });
    return;
  }

  await fastify.register(fastifyStatic, {
    root: dir,
    prefix: '/dashboard/',
    decorateReply: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders: (res, path) => {
      const html = path.endsWith('.html');
      res.header('cache-control', html ? HTML_CACHE_CONTROL : ASSET_CACHE_CONTROL);
      res.header('x-content-type-options', 'nosniff');
      res.header('referrer-policy', 'no-referrer');
      // The preview frame is sandboxed (an opaque origin), and Vite loads modules and styles in CORS
      // mode; the hashed assets are public code, like the widget's chunks.
      if (!html) res.header('access-control-allow-origin', '*');
      if (html) res.header('content-security-policy', dashboardCsp(path.endsWith('preview.html')));
    },
  });
};

export default dashboard;
