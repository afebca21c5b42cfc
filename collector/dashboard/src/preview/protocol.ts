import { type ConfigSurvey, mergeTheme, type Survey, type Theme } from '@touchpoint/shared';

/** `type` of the message the editor posts to the preview frame (and, with `:ready`/`:replay`, back and forth). */
export const PREVIEW_MESSAGE = 'tp:preview';

/** The editor → preview message: the draft as the widget receives it from the site config. */
export interface PreviewMessage {
  type: typeof PREVIEW_MESSAGE;
  site: string;
  survey: ConfigSurvey;
  /** the widget's UI chunk for the survey's locale, `/widget/ui-<locale>-<hash>.js` (from /dashboard/widget-ui.json) */
  chunk: string;
  /** the sample page behind the card: a light or a dark site */
  page: PreviewPage;
  /**
   * what to show: the popup (the UI chunk's mount), or the kiosk or link page (their own chunk,
   * `/widget/kiosk-<hash>.js` or `/widget/page-<hash>.js`, run on the draft inlined in the frame)
   */
  mode?: PreviewMode;
  /** the brand's name (the link page's header) and the place's (the kiosk's header) */
  brand?: string;
  place?: string;
}

/** The surfaces the preview shows: the popup on a sample page, the kiosk, the link page. */
export type PreviewMode = 'popup' | 'kiosk' | 'page';

/** The sample pages the preview shows the card on. */
export type PreviewPage = 'light' | 'dark';

/** Copy reduced to one locale, falling back to the default one, as the collector's config route does. */
function pick<T extends Record<string, string> | undefined>(t: T, locale: string, fallback: string): T {
  if (!t) return t;
  const value = t[locale] ?? t[fallback] ?? Object.values(t)[0];
  return (value === undefined ? {} : { [locale]: value }) as T;
}

/** Every localized field of a question reduced to one locale. */
function pickDeep(v: unknown, locale: string, fallback: string, key = ''): unknown {
  if (Array.isArray(v)) return v.map((x) => pickDeep(x, locale, fallback));
  if (v && typeof v === 'object') {
    if (['text', 'label', 'lowLabel', 'highLabel', 'placeholder'].includes(key))
      return pick(v as Record<string, string>, locale, fallback);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, pickDeep(x, locale, fallback, k)]));
  }
  return v;
}

/** The draft's thank-you link as the collector's config hands it over (collector/src/plugins/catalog.ts). */
function linkOf(site: string, s: Survey, locale: string): ConfigSurvey['thankYouLink'] {
  const l = s.thankYouLink;
  if (!l) return undefined;
  const label = l.label && Object.values(pick(l.label, locale, s.defaultLocale))[0];
  const url = l.kind === 'url' ? l.url : `/y/${site}${s.touchpoint ? '/' + s.touchpoint : ''}`;
  return label ? { label, url } : { url };
}

/**
 * A draft survey as `GET /v1/sites/:site/config` would hand it to the widget, in `locale`: its own theme
 * merged over the site's, as the collector merges them.
 */
export function toConfigSurvey(s: Survey, locale: string, site = '', siteTheme?: Theme): ConfigSurvey {
  const fallback = s.defaultLocale;
  const theme = mergeTheme(siteTheme, s.theme);
  const link = linkOf(site, s, locale);
  return {
    id: s.id || 'draft',
    ...(s.touchpoint ? { touchpoint: s.touchpoint } : {}),
    locale,
    questions: pickDeep(s.questions, locale, fallback) as ConfigSurvey['questions'],
    trigger: s.trigger,
    // sampling thins live traffic; the preview always shows
    display: { ...s.display, sampling: 100 },
    urls: s.urls,
    ...(s.thankYou ? { thankYou: pick(s.thankYou, locale, fallback) } : {}),
    ...(s.title ? { title: pick(s.title, locale, fallback) } : {}),
    ...(theme ? { theme } : {}),
    ...(link ? { thankYouLink: link } : {}),
  };
}
