import fp from 'fastify-plugin';
import {
  type ConfigSurvey,
  type LoaderRules,
  mergeTheme,
  type SiteConfig,
  type SiteRules,
  type SurveyCopy,
  type Survey,
  widgetParts,
} from '@touchpoint/shared';
import { EncodedJson, EncodedText } from '../lib/encoded.js';
import type { SiteSnapshot } from '../store/site-cache.js';
import type { Store } from '../store/store.js';

export type { SiteSnapshot } from '../store/site-cache.js';

/** Reduces copy to one locale (falling back to the survey's default), so the widget gets only that. */
function pickLocale<T>(value: T, locale: string, fallback: string): T {
  if (Array.isArray(value)) return value.map((v: unknown) => pickLocale(v, locale, fallback)) as T;
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const isText =
    entries.length > 0 && entries.every(([k, v]) => /^[a-z]{2}(-[A-Z]{2})?$/.test(k) && typeof v === 'string');
  if (isText) {
    const text = value as Record<string, string>;
    const chosen = text[locale] ?? text[fallback] ?? entries[0]?.[1];
    return { [locale]: chosen } as T;
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, pickLocale(v, locale, fallback)])) as T;
}

/**
 * A survey's thank-you link as the widget takes it, in one locale: the https URL, or the path of the
 * touchpoint's "you said, we did" page on the collector (the site's when the survey names no touchpoint).
 */
export function thankYouLinkOf(
  site: string,
  s: Pick<Survey, 'thankYouLink' | 'touchpoint' | 'defaultLocale'>,
  locale: string,
): ConfigSurvey['thankYouLink'] {
  const l = s.thankYouLink;
  if (!l) return undefined;
  const label = l.label ? Object.values(pickLocale(l.label, locale, s.defaultLocale))[0] : undefined;
  const url =
    l.kind === 'url'
      ? l.url
      : `/y/${encodeURIComponent(site)}${s.touchpoint ? '/' + encodeURIComponent(s.touchpoint) : ''}`;
  return label ? { label, url } : { url };
}

/** The configuration the widget fetches: active surveys with copy in one locale. */
export function buildSiteConfig(
  snapshot: Pick<SiteSnapshot, 'site' | 'surveys'>,
  requested: string | undefined,
): SiteConfig {
  const surveys = [...snapshot.surveys.values()].filter((s) => s.active);
  return {
    site: snapshot.site.key,
    settings: { cooldownHours: snapshot.site.settings.cooldownHours },
    surveys: surveys.map((s) => {
      const locale = requested ?? s.defaultLocale;
      // the survey's own look over the site's theme, and where its thank-you links on
      const theme = mergeTheme(snapshot.site.settings.theme, s.theme);
      const link = thankYouLinkOf(snapshot.site.key, s, locale);
      return {
        id: s.id,
        ...(s.touchpoint ? { touchpoint: s.touchpoint } : {}),
        locale,
        questions: pickLocale(s.questions, locale, s.defaultLocale),
        trigger: s.trigger,
        display: s.display,
        urls: s.urls,
        ...(s.thankYou ? { thankYou: pickLocale(s.thankYou, locale, s.defaultLocale) } : {}),
        ...(s.title ? { title: pickLocale(s.title, locale, s.defaultLocale) } : {}),
        ...(theme ? { theme } : {}),
        ...(link ? { thankYouLink: link } : {}),
      };
    }),
  };
}

/** The config as the script-tag loader needs it to decide: no questions, no copy. */
export function toRules(config: SiteConfig): SiteRules {
  // the loader decides with these; a survey's touchpoint comes with its copy (or from the page's data-touchpoint)
  return {
    ...config,
    surveys: config.surveys.map(
      ({ questions: _q, thankYou: _t, touchpoint: _tp, title: _ti, theme: _th, thankYouLink: _l, ...rules }) => rules,
    ),
  };
}

/** The rules a site's loader carries inlined: no copy, no locale (the loader uses the visitor's). */
export function toLoaderRules(config: SiteConfig): LoaderRules {
  return {
    settings: config.settings,
    surveys: config.surveys.map((s) => {
      const { id, trigger, display, urls } = s;
      const parts = widgetParts(s);
      return { id, trigger, display, urls, ...(parts ? { parts } : {}) };
    }),
  };
}

/** The name in the built loader's template (widget/dist/widget.template.js) that a site's rules replace. */
export const LOADER_RULES_MARK = '__touchpointRules';

/** A site's loader script: the template with the rules in place of its mark. */
class SiteLoader extends EncodedText {
  constructor(
    readonly template: string,
    rules: LoaderRules,
  ) {
    // a JSON text is a JavaScript expression (ES2019 made U+2028/U+2029 legal in strings)
    super(template.replace(LOADER_RULES_MARK, () => `(${JSON.stringify(rules)})`));
  }
}

/**
 * Sites, surveys and touchpoints for the hot paths, read from the store's site cache (which the store's
 * edit verbs invalidate), with the widget configs built once per cached snapshot.
 */
export class Catalog {
  constructor(private readonly store: Store) {}

  /** The site with its surveys and touchpoints, or null when there is no such site. */
  get(key: string): Promise<SiteSnapshot | null> {
    return this.store.sites.get(key);
  }

  /** The site when it is cached, else undefined (then `get` loads it): ingest and CORS try this first. */
  peek(key: string): SiteSnapshot | undefined {
    return this.store.sites.peek(key);
  }

  /** The widget config of a site in a locale (all of it, or the loader's `rules`), built once per snapshot. */
  config(snapshot: SiteSnapshot, locale: string | undefined, fields?: 'rules'): EncodedJson<SiteConfig | SiteRules> {
    return this.memo(snapshot, `config:${locale ?? ''}:${fields ?? ''}`, () => {
      const full = buildSiteConfig(snapshot, locale);
      return fields === 'rules' ? toRules(full) : full;
    });
  }

  /** One active survey of the config, copy included (what the loader fetches once it is due), or null. */
  survey(snapshot: SiteSnapshot, id: string, locale: string | undefined): EncodedJson<ConfigSurvey> | null {
    const s = snapshot.surveys.get(id);
    if (!s?.active) return null;
    return this.memo(snapshot, `survey:${id}:${locale ?? ''}`, () => {
      const one = { ...snapshot, surveys: new Map([[id, s]]) };
      return buildSiteConfig(one, locale).surveys[0]!;
    });
  }

  /** One active survey's questions and copy without its rules (what the loader fetches once it is due), or null. */
  copy(snapshot: SiteSnapshot, id: string, locale: string | undefined): EncodedJson<SurveyCopy> | null {
    const full = this.survey(snapshot, id, locale);
    if (!full) return null;
    return this.memo(snapshot, `copy:${id}:${locale ?? ''}`, () => {
      const { trigger: _t, display: _d, urls: _u, ...copy } = full.body;
      return copy;
    });
  }

  /**
   * A site's loader: the built loader's template with the site's rules in place of its mark (one
   * request per page view instead of the loader's and the config's), built once per snapshot and template.
   */
  loader(snapshot: SiteSnapshot, template: string): EncodedText {
    const cached = snapshot.configs.get('loader');
    if (cached instanceof SiteLoader && cached.template === template) return cached;
    const made = new SiteLoader(template, toLoaderRules(buildSiteConfig(snapshot, undefined)));
    snapshot.configs.set('loader', made);
    return made;
  }

  private memo<T>(snapshot: SiteSnapshot, key: string, build: () => T): EncodedJson<T> {
    let entry = snapshot.configs.get(key) as EncodedJson<T> | undefined;
    if (!entry) snapshot.configs.set(key, (entry = new EncodedJson(build())));
    return entry;
  }

  /** Every origin any site allows (for CORS preflights, which carry no site). */
  allOrigins(): Promise<ReadonlySet<string>> {
    return this.store.sites.allOrigins();
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    /** cached sites, surveys and touchpoints */
    catalog: Catalog;
  }
}

export default fp(
  async (fastify) => {
    fastify.decorate('catalog', new Catalog(fastify.store));
  },
  { name: 'catalog', dependencies: ['store'] },
);
