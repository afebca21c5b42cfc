import type { Template } from '@touchpoint/shared';

/** A section shown only when its variable is not empty: `{{#referralLink}}Share: {{referralLink}}{{/referralLink}}`. */
const SECTION = /\{\{#([A-Za-z]+)\}\}([\s\S]*?)\{\{\/\1\}\}/g;
/** A variable with an optional fallback after a bar: `{{name}}`, `{{name|there}}`. */
const VARIABLE = /\{\{\s*([A-Za-z]+)\s*(?:\|([^}]*))?\}\}/g;

/**
 * The copy of a template for a locale: the exact locale, then its language (`de` for `de-AT`), then the
 * fallback (the survey's default locale), then English, then whichever comes first.
 */
export function pickTemplate(template: Template, locale: string | null, fallback: string): string {
  const language = locale?.split('-')[0];
  const chosen =
    (locale ? template[locale] : undefined) ??
    (language ? template[language] : undefined) ??
    template[fallback] ??
    template.en ??
    Object.values(template)[0];
  return chosen ?? '';
}

/**
 * Renders a plain-text template. Templates are text, not code: only `{{variable}}`, `{{variable|fallback}}`
 * and `{{#variable}}…{{/variable}}` sections are read; an unknown variable renders as its fallback or nothing.
 */
export function renderTemplate(text: string, vars: Readonly<Record<string, string>>): string {
  return text
    .replace(SECTION, (_all, name: string, inner: string) => (vars[name] ? inner : ''))
    .replace(VARIABLE, (_all, name: string, fallback: string | undefined) => vars[name] || (fallback ?? ''));
}
