import type { UrlRule } from '@touchpoint/shared';

/** Whether one rule matches a page URL. `exact` accepts the full URL or its path (`/checkout`). */
export function matchRule(href: string, rule: UrlRule): boolean {
  const v = rule.value;
  if (rule.match == 'exact') {
    const u = new URL(href);
    return href == v || u.pathname == v || u.pathname + u.search == v;
  }
  if (rule.match == 'contains') return href.includes(v);
  try {
    return new RegExp(v).test(href);
  } catch {
    return false; // an invalid pattern matches nothing rather than breaking the page
  }
}

/** Whether any rule matches. */
export const anyRule = (href: string, rules: UrlRule[] | undefined): boolean =>
  !!rules && rules.some((r) => matchRule(href, r));

/** URL targeting: shown where any include matches (or none is set) and no exclude matches. */
export const urlAllowed = (href: string, urls: { include: UrlRule[]; exclude: UrlRule[] }): boolean =>
  (!urls.include.length || anyRule(href, urls.include)) && !anyRule(href, urls.exclude);
