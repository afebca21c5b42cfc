import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { locale, slug, vars as varsSchema } from '@touchpoint/shared';
import { LIMITS } from '@touchpoint/shared';
import { readdirSync } from 'node:fs';
import { DEFAULT_WIDGET_DIR } from '../public/widget-assets.js';
import { sendEncodedText } from '../../lib/encoded.js';
import { KIOSK_REGISTER, kioskServiceWorker } from './kiosk-assets.js';
import { brandCss, brandHeader, escapeHtml, messagePage, newNonce, pageCsp, widgetPage } from './html.js';
import { linkCacheControl, linkOrigin, qrPng, qrSvg, surveyLink } from './qr.js';
import { brandOf, firstText } from './brand.js';
import demoLogo from './demo-logo.js';
import { resolveSite, surveyFor } from './resolve.js';
import { thankYouLinkOf } from '../../plugins/catalog.js';

/** A kiosk timing setting in seconds (fractions allowed, for tests; one day at most). */
const seconds = z.coerce.number().min(0.1).max(86_400);

/** Poster paper sizes (CSS `@page size`): A4, US Letter, and an A6 card folded into a table tent. */
const PAPER = { a4: 'A4', letter: 'letter', tent: 'A6' } as const;

/** Query parameters of a link that are ours, not hidden fields. */
const RESERVED = new Set(['tp', 'site', 'locale', 'survey']);

/** Turns the other query parameters into bounded, typed hidden fields (`cartValue=120` → 120). */
export function hiddenFields(query: Record<string, unknown>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, raw] of Object.entries(query)) {
    if (RESERVED.has(k) || Object.keys(out).length >= LIMITS.vars) continue;
    const v = Array.isArray(raw) ? raw[0] : raw;
    if (typeof v !== 'string') continue;
    out[k] = /^-?\d{1,15}(\.\d{1,6})?$/.test(v) ? Number(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  const checked = varsSchema.safeParse(out);
  // Fields that do not fit the contract (odd names, over-long values) are dropped one by one.
  if (checked.success) return checked.data;
  return Object.fromEntries(Object.entries(out).filter(([k, v]) => varsSchema.safeParse({ [k]: v }).success));
}

/** The browser's first language, two letters (`de-CH,de;q=0.9` → `de`), as the page chunk takes `navigator.language`. */
function browserLocale(req: FastifyRequest): string | undefined {
  return /^\s*([a-z]{2})\b/i.exec(req.headers['accept-language'] ?? '')?.[1]?.toLowerCase();
}

/** The collector's own pages: the kiosk (`/k/:touchpoint`), link/QR surveys (`/s/:survey`), QR codes and posters. */
const pages: FastifyPluginAsyncZod = async (fastify) => {
  const html = (reply: import('fastify').FastifyReply, nonce: string, status = 200, logo?: string) =>
    reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('content-security-policy', pageCsp(nonce, logo))
      .header('cache-control', 'no-cache');
  const tags = ['pages'];
  await fastify.register(demoLogo);

  // The widget build's hashed chunks, named once at start: a page runs its mode's chunk.
  const widgetDir = fastify.config.TOUCHPOINT_WIDGET_DIR ?? DEFAULT_WIDGET_DIR;
  const widgetFiles = (() => {
    try {
      return readdirSync(widgetDir);
    } catch {
      return [];
    }
  })();
  const chunksOf = (mode: 'kiosk' | 'page') =>
    widgetFiles.filter((f) => new RegExp(`^${mode}-[\\w-]+\\.js$`).test(f)).map((f) => `/widget/${f}`);

  fastify.get(
    '/k/:touchpoint',
    {
      schema: {
        tags,
        summary: 'The kiosk page of a touchpoint (full screen, offline-safe)',
        params: z.object({ touchpoint: slug }),
        querystring: z.object({
          site: slug.optional(),
          survey: slug.optional(),
          locale: locale.optional(),
          /** seconds the thank-you screen stays before the next customer */
          reset: seconds.optional(),
          /** seconds without a touch before a half-answered survey resets */
          idle: seconds.optional(),
          /** seconds between heartbeats */
          heartbeat: seconds.optional(),
        }),
      },
    },
    async (req, reply) => {
      const nonce = newNonce();
      const { touchpoint } = req.params;
      const snapshot = await resolveSite(fastify, req.query.site, (s) => s.touchpoints.has(touchpoint));
      if (snapshot === 'ambiguous')
        return html(reply, nonce, 400).send(
          messagePage(
            'Which site?',
            `Several sites have a touchpoint "${touchpoint}": add ?site=<key> to the address.`,
            nonce,
          ),
        );
      const survey = snapshot && surveyFor(snapshot, touchpoint, req.query.survey);
      if (!snapshot || !survey)
        return html(reply, nonce, 404).send(
          messagePage('Kiosk not found', `There is no kiosk survey for "${touchpoint}".`, nonce),
        );
      const name = snapshot.touchpoints.get(touchpoint)?.name ?? touchpoint;
      return sendEncodedText(
        req,
        html(reply, nonce, 200, brandOf(snapshot.site, survey).logo),
        widgetPage({
          title: `${name} – feedback`,
          nonce,
          lang: req.query.locale ?? survey.defaultLocale,
          widget: {
            site: snapshot.site.key,
            mode: 'kiosk',
            touchpoint,
            survey: survey.id,
            locale: req.query.locale,
            place: name,
            timing: { reset: req.query.reset, idle: req.query.idle, heartbeat: req.query.heartbeat },
            // the kiosk chunk run by the page itself, without the loader before it (3 KB and a request less)
            src: chunksOf('kiosk')[0],
          },
          scripts: ['/k/kiosk.js'],
        }),
      );
    },
  );

  // What the kiosk needs offline from the widget build: the kiosk chunk (hashed names; its page runs it
  // without the loader).
  const kioskFiles = chunksOf('kiosk');
  const serviceWorker = kioskServiceWorker(
    ['/k/kiosk.js', ...kioskFiles],
    kioskFiles
      .map((f) => f.slice('/widget/'.length))
      .join(',')
      .replace(/[^\w]/g, '') || 'dev',
  );
  fastify.get('/k/sw.js', { schema: { hide: true } }, async (req, reply) =>
    sendEncodedText(
      req,
      reply
        .type('text/javascript; charset=utf-8')
        .header('cache-control', 'no-cache')
        .header('service-worker-allowed', '/'),
      serviceWorker,
    ),
  );
  fastify.get('/k/kiosk.js', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(KIOSK_REGISTER),
  );

  fastify.get(
    '/s/:survey',
    {
      schema: {
        tags,
        summary: 'A standalone survey page for links and QR codes',
        description:
          '`tp` names the touchpoint; any other query parameter becomes a hidden field (context variable) of the response.',
        params: z.object({ survey: slug }),
        querystring: z.looseObject({ tp: slug.optional(), site: slug.optional(), locale: locale.optional() }),
      },
    },
    async (req, reply) => {
      const nonce = newNonce();
      const { survey: id } = req.params;
      const snapshot = await resolveSite(fastify, req.query.site, (s) => s.surveys.has(id));
      if (snapshot === 'ambiguous')
        return html(reply, nonce, 400).send(
          messagePage('Which site?', `Several sites have a survey "${id}": add ?site=<key> to the address.`, nonce),
        );
      const survey = snapshot?.surveys.get(id);
      if (!snapshot || !survey || !survey.active)
        return html(reply, nonce, 404).send(
          messagePage('Survey not found', 'This survey is closed or the link is wrong.', nonce),
        );
      const touchpoint = req.query.tp ?? survey.touchpoint;
      if (!touchpoint || !snapshot.touchpoints.has(touchpoint)) {
        return html(reply, nonce, 404).send(
          messagePage('Survey not found', 'The place this link belongs to is unknown.', nonce),
        );
      }
      // The survey's config in the page (as the page chunk would ask for it: the link's locale, else
      // the browser's language), and its chunk run by the page itself, without the loader before it
      // (3 KB and a request less): the survey shows without waiting for either.
      const copy = fastify.catalog.survey(snapshot, survey.id, req.query.locale ?? browserLocale(req));
      const config = {
        site: snapshot.site.key,
        settings: { cooldownHours: snapshot.site.settings.cooldownHours },
        surveys: copy ? [copy.body] : [],
      };
      // the public title (never the admin's name for the survey), else the brand's name
      const brand = brandOf(snapshot.site, survey);
      const title = firstText(copy?.body.title) || brand.name;
      const origin = linkOrigin(fastify, req);
      return sendEncodedText(
        req,
        html(reply, nonce, 200, brand.logo).header('vary', 'Accept-Language'),
        widgetPage({
          title,
          brand,
          heading: title,
          share: {
            title,
            siteName: brand.name,
            description: firstText(copy?.body.questions[0]?.text) || title,
            url: await surveyLink(fastify, req, snapshot.site.key, survey.id, touchpoint),
            image: brand.logo?.startsWith('/') ? origin + brand.logo : brand.logo,
          },
          nonce,
          lang: req.query.locale ?? survey.defaultLocale,
          widget: {
            site: snapshot.site.key,
            mode: 'page',
            touchpoint,
            survey: survey.id,
            locale: req.query.locale,
            src: chunksOf('page')[0],
          },
          vars: hiddenFields(req.query),
          config,
        }),
      );
    },
  );

  fastify.get(
    '/qr/:file',
    {
      schema: {
        tags,
        summary: "A QR code (SVG or PNG) of a touchpoint's survey link",
        params: z.object({
          file: z
            .string()
            .regex(/^[a-z0-9][a-z0-9_-]*\.(svg|png)$/, 'must be <touchpoint>.svg or <touchpoint>.png')
            .max(80),
        }),
        querystring: z.object({ site: slug.optional(), survey: slug.optional() }),
      },
    },
    async (req, reply) => {
      const [touchpoint, ext] = req.params.file.split('.') as [string, 'svg' | 'png'];
      const snapshot = await resolveSite(fastify, req.query.site, (s) => s.touchpoints.has(touchpoint));
      const survey = snapshot && snapshot !== 'ambiguous' ? surveyFor(snapshot, touchpoint, req.query.survey) : null;
      if (!snapshot || snapshot === 'ambiguous' || !survey)
        return reply.code(404).type('text/plain').send('No survey for this touchpoint');
      const link = await surveyLink(fastify, req, snapshot.site.key, survey.id, touchpoint);
      reply.header('cache-control', linkCacheControl(fastify));
      return ext === 'svg'
        ? reply.type('image/svg+xml').send(await qrSvg(link))
        : reply.type('image/png').send(await qrPng(link));
    },
  );

  fastify.get(
    '/k/thanks-qr.svg',
    {
      schema: {
        tags,
        summary: "A QR code (SVG) of a survey's thank-you link, for the kiosk's thank-you screen",
        description:
          'Encodes only the link the survey itself names: its https link or the site\'s own "you said, we did" page (/y/…). No link: 404.',
        querystring: z.object({ survey: slug, site: slug.optional() }),
      },
    },
    async (req, reply) => {
      const { survey: id } = req.query;
      const snapshot = await resolveSite(fastify, req.query.site, (s) => s.surveys.has(id));
      const survey = snapshot && snapshot !== 'ambiguous' ? snapshot.surveys.get(id) : undefined;
      const link =
        snapshot &&
        snapshot !== 'ambiguous' &&
        survey?.active &&
        thankYouLinkOf(snapshot.site.key, survey, survey.defaultLocale);
      if (!link) return reply.code(404).type('text/plain').send('No thank-you link for this survey');
      // the survey's own https link (the survey schema takes no other), or the site's /y/ page on our public origin
      const url = link.url.startsWith('/y/') ? linkOrigin(fastify, req) + link.url : link.url;
      if (!url.startsWith('https://') && !link.url.startsWith('/y/'))
        return reply.code(404).type('text/plain').send('No thank-you link for this survey');
      reply.header('cache-control', linkCacheControl(fastify));
      return reply.type('image/svg+xml').send(await qrSvg(url));
    },
  );

  fastify.get(
    '/p/:touchpoint',
    {
      schema: {
        tags,
        summary: 'A printable QR poster for a touchpoint (A4, Letter or a table tent)',
        params: z.object({ touchpoint: slug }),
        querystring: z.object({
          site: slug.optional(),
          survey: slug.optional(),
          /** paper: A4 (default), US Letter, or an A6 table tent */
          size: z.enum(['a4', 'letter', 'tent']).optional(),
        }),
      },
    },
    async (req, reply) => {
      const nonce = newNonce();
      const { touchpoint } = req.params;
      const snapshot = await resolveSite(fastify, req.query.site, (s) => s.touchpoints.has(touchpoint));
      const survey = snapshot && snapshot !== 'ambiguous' ? surveyFor(snapshot, touchpoint, req.query.survey) : null;
      if (!snapshot || snapshot === 'ambiguous' || !survey) {
        return html(reply, nonce, 404).send(
          messagePage('Poster not found', `There is no survey for "${touchpoint}".`, nonce),
        );
      }
      const link = await surveyLink(fastify, req, snapshot.site.key, survey.id, touchpoint);
      const qs = new URLSearchParams({
        ...(req.query.site ? { site: req.query.site } : {}),
        survey: survey.id,
      }).toString();
      const place = snapshot.touchpoints.get(touchpoint)?.name ?? touchpoint;
      const brand = brandOf(snapshot.site, survey);
      const question =
        firstText(fastify.catalog.survey(snapshot, survey.id, undefined)?.body.questions[0]?.text) || 'How did we do?';
      const paper = PAPER[req.query.size ?? 'a4'];
      return html(reply, nonce, 200, brand.logo).header('cache-control', linkCacheControl(fastify, 'no-cache'))
        .send(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>QR poster – ${escapeHtml(place)}</title><link rel="icon" href="/favicon.svg" type="image/svg+xml">
<style nonce="${nonce}">${brandCss(brand)}
  @page { size: ${paper}; margin: 15mm; }
  body { font-family: system-ui, sans-serif; color: #1c2430; text-align: center; margin: 0; padding: 0 0 2rem; }
  .tp-h { display: flex; align-items: center; justify-content: center; gap: 16px; padding: 1.2rem; background: var(--tp-b); color: var(--tp-bt); font-size: 1.6rem; font-weight: 700; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .tp-h img { height: 56px; width: auto; }
  h1 { font-size: 2.6rem; margin: 1.5rem 1rem .5rem; } p { font-size: 1.3rem; margin: .4rem 1rem; }
  .qr { width: min(70vw, 120mm); height: auto; margin: 1.5rem auto; display: block; border: 6px solid var(--tp-b); border-radius: 12px; padding: 8px; }
  .cta { font-weight: 700; color: var(--tp-b); }
  .link { font-family: ui-monospace, monospace; font-size: 1rem; word-break: break-all; color: #445; }
  .site { margin-top: 2rem; font-size: 1rem; color: #667; }
</style></head><body>
${brandHeader(brand)}
<h1>${escapeHtml(question)}</h1>
<p class="cta">Scan the code and tell us in 30 seconds.</p>
<img class="qr" src="/qr/${encodeURIComponent(touchpoint)}.svg?${escapeHtml(qs)}" alt="QR code linking to the survey">
<p class="link">${escapeHtml(link)}</p>
<p class="site">${escapeHtml(snapshot.site.name)} · ${escapeHtml(place)}</p>
</body></html>
`);
    },
  );
};

export default pages;
