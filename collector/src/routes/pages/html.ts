import { randomBytes } from 'node:crypto';
import { FAVICON_SVG } from '../dashboard.js';

/** The icon inlined: a respondent's page costs no extra request for it (the link page has a byte budget). */
const ICON = `data:image/svg+xml,${encodeURIComponent(FAVICON_SVG)}`;

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A fresh CSP nonce for one page. */
export const newNonce = (): string => randomBytes(16).toString('base64');

/**
 * The Content-Security-Policy of the collector's own pages: scripts only from this origin, styles
 * only with the page's nonce (the widget reads it from its script tag), nothing inline.
 */
export function pageCsp(nonce: string, logo?: string): string {
  // a theme's logo may live on another https origin (validated by the theme schema)
  const logoOrigin = logo && /^https:\/\/[^/]+/.exec(logo)?.[0];
  return [
    "default-src 'self'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    `img-src 'self' data:${logoOrigin ? ' ' + logoOrigin : ''}`,
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** What a respondent's page shows of the brand (the site's theme): its name, logo and colours. */
export interface Brand {
  name: string;
  logo?: string | undefined;
  /** the brand colour and the text on it */
  brand: string;
  buttonText: string;
  /** the page's text and background; `auto` leaves the page's own */
  text: string;
  background: string;
}

/** The brand's colours as the page's custom properties (validated hex colours, safe in a style element). */
export function brandCss(b: Brand): string {
  const page = b.text !== 'auto' ? `--tp-fg:${b.text};--tp-bg:${b.background};` : '';
  return `:root{--tp-b:${b.brand};--tp-bt:${b.buttonText};${page}}`;
}

/** The brand header: logo (decorative, the name is the text) and name, in the brand colour. */
export const brandHeader = (b: Brand): string =>
  `<header class="tp-h">${b.logo ? `<img src="${escapeHtml(b.logo)}" alt="" height="40">` : ''}<span>${escapeHtml(b.name)}</span></header>`;

/** Attributes of the widget's script tag on a page. */
export interface WidgetTag {
  site: string;
  mode: 'kiosk' | 'page';
  touchpoint: string;
  survey: string;
  locale?: string | undefined;
  /** the script to run: the loader (`/widget.js`, by default), or a mode's chunk, which then starts itself */
  src?: string | undefined;
  /** a fixed response id (a receipt's: one response per transaction), else the widget makes one */
  response?: string;
  /** the place's name (the kiosk's brand header) */
  place?: string | undefined;
  /** kiosk timings in seconds: thank-you reset, idle reset, heartbeat */
  timing?: { reset?: number | undefined; idle?: number | undefined; heartbeat?: number | undefined };
}

/** A page that hosts the widget full-screen: the kiosk and the link/QR survey. */
export function widgetPage(opts: {
  title: string;
  nonce: string;
  widget: WidgetTag;
  /** hidden fields for the response, read by the widget (JSON, never executed) */
  vars?: Record<string, string | number | boolean>;
  /** extra script files (e.g. the kiosk's service worker registration) */
  scripts?: string[];
  /** the survey's config, inlined so the page needs no round trip for it (JSON, never executed) */
  config?: unknown;
  /** scripts the loader will inject (the mode's chunk), fetched in parallel with the loader */
  preload?: string[];
  lang?: string;
  /** the brand header above the survey (the link page) and the heading in `<main>` the survey goes under */
  brand?: Brand;
  heading?: string;
  /** Open Graph / Twitter card meta: what a shared link previews */
  share?: { title: string; description: string; url: string; image?: string | undefined; siteName: string };
}): string {
  const w = opts.widget;
  const attrs = [
    `data-site="${escapeHtml(w.site)}"`,
    `data-mode="${w.mode}"`,
    `data-touchpoint="${escapeHtml(w.touchpoint)}"`,
    `data-survey="${escapeHtml(w.survey)}"`,
    w.locale ? `data-locale="${escapeHtml(w.locale)}"` : '',
    w.response ? `data-response="${escapeHtml(w.response)}"` : '',
    w.place ? `data-place="${escapeHtml(w.place)}"` : '',
    w.timing?.reset ? `data-reset-seconds="${w.timing.reset}"` : '',
    w.timing?.idle ? `data-idle-seconds="${w.timing.idle}"` : '',
    w.timing?.heartbeat ? `data-heartbeat-seconds="${w.timing.heartbeat}"` : '',
    `nonce="${opts.nonce}"`,
  ]
    .filter(Boolean)
    .join(' ');
  // JSON in a non-executed script element; `<` is escaped so the data cannot close the element.
  const json = (v: unknown) => JSON.stringify(v).replace(/</g, '\\u003c');
  const vars = json(opts.vars ?? {});
  const config = opts.config
    ? `\n<script type="application/json" id="touchpoint-config">${json(opts.config)}</script>`
    : '';
  const share = opts.share
    ? [
        ['og:type', 'website'],
        ['og:site_name', opts.share.siteName],
        ['og:title', opts.share.title],
        ['og:description', opts.share.description],
        ['og:url', opts.share.url],
        ...(opts.share.image ? [['og:image', opts.share.image]] : []),
        ['twitter:card', 'summary'],
      ]
        .map(([k, v]) => `\n<meta ${k!.startsWith('og') ? 'property' : 'name'}="${k}" content="${escapeHtml(v!)}">`)
        .join('') + `\n<meta name="description" content="${escapeHtml(opts.share.description)}">`
    : '';
  const brand = opts.brand;
  // the survey's shadow host goes into <main> (modes/shell.ts), under the page's <h1>
  const body = brand
    ? `${brandHeader(brand)}\n<main><h1 class="tp-t">${escapeHtml(opts.heading ?? brand.name)}</h1></main>`
    : '';
  const preload = (opts.preload ?? [])
    .map((s) => `\n<link rel="preload" as="script" href="${escapeHtml(s)}">`)
    .join('');
  return `<!doctype html>
<html lang="${escapeHtml(opts.lang ?? 'en')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="robots" content="noindex">
<title>${escapeHtml(opts.title)}</title>${share}
<link rel="icon" href="${ICON}">
<style nonce="${opts.nonce}">${brand ? brandCss(brand) : ''}
  html, body { margin: 0; min-height: 100%; background: var(--tp-bg, #f5f6f8); font-family: system-ui, sans-serif; color: var(--tp-fg, #1c2430); }
  noscript p { padding: 2rem; font-size: 1.25rem; }
  .tp-h { display: flex; align-items: center; gap: 12px; min-height: 56px; padding: 8px clamp(16px, 4vw, 32px); background: var(--tp-b); color: var(--tp-bt); font-weight: 700; font-size: 1.125rem; }
  .tp-h img { height: 40px; width: auto; max-width: 50vw; }
  .tp-t { max-width: 640px; margin: 24px auto 0; padding: 0 clamp(16px, 4vw, 56px); font-size: 1rem; font-weight: 600; text-transform: uppercase; letter-spacing: .04em; }
</style>
<script type="application/json" id="touchpoint-vars">${vars}</script>${config}${preload}
${(opts.scripts ?? []).map((s) => `<script src="${escapeHtml(s)}" defer></script>`).join('\n')}
<script async src="${escapeHtml(w.src ?? '/widget.js')}" ${attrs}></script>
</head>
<body>${body}
<noscript><p>This survey needs JavaScript.</p></noscript>
</body>
</html>
`;
}

/** A plain message page (unknown survey, ambiguous site) for people who opened a link. */
export function messagePage(title: string, message: string, nonce: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title><link rel="icon" href="${ICON}">
<style nonce="${nonce}">body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#1c2430}</style>
</head><body><h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p></body></html>
`;
}
