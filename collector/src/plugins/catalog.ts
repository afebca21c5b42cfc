import fp from 'fastify-plugin';
import type { ConfigSurvey, Site, SiteConfig, SiteRules, Survey, Touchpoint } from '@touchpoint/shared';
import { EncodedJson } from '../lib/encoded.js';
import type { Store } from '../store/store.js';

/** How long a site's catalog is cached. Edits through this collector invalidate at once; other
 * collectors sharing the database (scale-out) see them within this time. */
const CATALOG_TTL_MS = 5000;

/** A site with its surveys and touchpoints, as cached for the hot paths (ingest, config). */
export interface SiteSnapshot {
  site: Site;
  surveys: Map<string, Survey>;
  touchpoints: Map<string, Touchpoint>;
  /** widget config per locale and form, and one survey's copy per locale, each with its ETag */
  configs: Map<string, EncodedJson>;
  expires: number;
}

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

/** The configuration the widget fetches: active surveys with copy in one locale. */
export function buildSiteConfig(snapshot: SiteSnapshot, requested: string | undefined): SiteConfig {
  const surveys = [...snapshot.surveys.values()].filter((s) => s.active);
  return {
    site: snapshot.site.key,
    settings: { cooldownHours: snapshot.site.settings.cooldownHours },
    surveys: surveys.map((s) => {
      const locale = requested ?? s.defaultLocale;
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
        ...(snapshot.site.settings.theme ? { theme: snapshot.site.settings.theme } : {}),
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
      ({ questions: _q, thankYou: _t, touchpoint: _tp, title: _ti, theme: _th, ...rules }) => rules,
    ),
  };
}

/** A short-lived cache of sites, surveys and touchpoints in front of the store. */
export class Catalog {
  private readonly sites = new Map<string, SiteSnapshot>();
  private origins: { set: Set<string>; expires: number } | null = null;

  constructor(private readonly store: Store) {}

  /** The site with its surveys and touchpoints, or null when there is no such site. */
  async get(key: string): Promise<SiteSnapshot | null> {
    const cached = this.sites.get(key);
    if (cached && cached.expires > Date.now()) return cached;
    const site = await this.store.getSite(key);
    // Unknown keys are not cached, so that a flood of made-up keys cannot grow the cache.
    if (!site) return null;
    const [surveys, touchpoints] = await Promise.all([this.store.listSurveys(key), this.store.listTouchpoints(key)]);
    const snapshot: SiteSnapshot = {
      site,
      surveys: new Map(surveys.map((s) => [s.id, s])),
      touchpoints: new Map(touchpoints.map((t) => [t.id, t])),
      configs: new Map(),
      expires: Date.now() + CATALOG_TTL_MS,
    };
    this.sites.set(key, snapshot);
    return snapshot;
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

  private memo<T>(snapshot: SiteSnapshot, key: string, build: () => T): EncodedJson<T> {
    let entry = snapshot.configs.get(key) as EncodedJson<T> | undefined;
    if (!entry) snapshot.configs.set(key, (entry = new EncodedJson(build())));
    return entry;
  }

  /** Every origin any site allows (for CORS preflights, which carry no site). */
  async allOrigins(): Promise<Set<string>> {
    if (this.origins && this.origins.expires > Date.now()) return this.origins.set;
    const sites = await this.store.listSites();
    this.origins = { set: new Set(sites.flatMap((s) => s.origins)), expires: Date.now() + CATALOG_TTL_MS };
    return this.origins.set;
  }

  /** Forgets a site (or everything) after an edit. */
  invalidate(key?: string): void {
    if (key === undefined) this.sites.clear();
    else this.sites.delete(key);
    this.origins = null;
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
