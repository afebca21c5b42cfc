import type { ConfigSurvey, SurveyCopy } from '@touchpoint/shared';

/**
 * The site config in the loader's form (`fields=rules`: triggers, URL and display rules, no questions
 * or copy), which a page view fetches unless the loader came with it inlined (`/widget.js?site=…`); a
 * due survey's copy comes with its UI chunk (withCopy).
 */
export const rulesUrl = (collector: string, site: string, locale: string): URL =>
  new URL(`v1/sites/${site}/config?fields=rules&locale=${locale}`, collector);

/**
 * A due survey with its questions and copy in the survey's locale, fetched alongside its UI chunk
 * (cacheable, with an ETag), over the rules it was decided with (the copy comes without them); rejects on
 * a network error or a non-2xx answer.
 */
export const withCopy = (
  collector: string,
  site: string,
  s: Pick<ConfigSurvey, 'id' | 'trigger' | 'display' | 'urls'>,
  locale: string,
): Promise<ConfigSurvey> =>
  getJson<SurveyCopy>(new URL(`v1/sites/${site}/surveys/${s.id}?locale=${locale}`, collector)).then((c) => ({
    ...s,
    ...c,
  }));

/** A JSON body; rejects on a network error or a non-2xx answer (with its status). */
export const getJson = <T>(url: URL): Promise<T> =>
  fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(r.status)));
