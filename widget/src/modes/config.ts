import type { ConfigSurvey, SiteConfig } from '@touchpoint/shared';
import type { ModeSettings } from './settings';

/**
 * The site config's URL for this page: the tag's locale as given (the collector validated it), else
 * the page's or browser's language (two letters: the config accepts `en` or `pt-BR`, not `zh-Hans`).
 */
export function configUrl(o: ModeSettings, fallbackLocale: string): string {
  const locale = o.locale || fallbackLocale.slice(0, 2).toLowerCase();
  return new URL(`v1/sites/${encodeURIComponent(o.site)}/config?locale=${encodeURIComponent(locale)}`, o.collector)
    .href;
}

/**
 * The config the collector put in the page (the link page: `<script type="application/json"
 * id="touchpoint-config">`), which saves the page a round trip; undefined when there is none.
 */
export function inlineConfig(doc: Document): SiteConfig | undefined {
  try {
    const c = JSON.parse(doc.getElementById('touchpoint-config')?.textContent || 'null') as SiteConfig | null;
    return c && Array.isArray(c.surveys) ? c : undefined;
  } catch {
    return undefined;
  }
}

/** Fetches the site config; rejects on a network error or a non-2xx answer. */
export async function fetchConfig(url: string): Promise<SiteConfig> {
  const r = await fetch(url);
  if (!r.ok) throw new Error('config ' + r.status);
  return r.json() as Promise<SiteConfig>;
}

/** The survey the page names, else the first one made for its touchpoint. */
export const pickSurvey = (c: SiteConfig, o: ModeSettings): ConfigSurvey | undefined =>
  c.surveys.find((s) => s.id == o.survey) ||
  (o.touchpoint ? c.surveys.find((s) => s.touchpoint == o.touchpoint) : undefined);
