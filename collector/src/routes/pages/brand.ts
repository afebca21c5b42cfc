import { mergeTheme, THEME_DEFAULTS, type Site, type Survey } from '@touchpoint/shared';
import type { Brand } from './html.js';

/**
 * The brand a site's respondent pages show: its name, and its theme's logo and colours (else the widget's
 * own), with the survey's own theme over the site's where the page is about one survey.
 */
export function brandOf(site: Site, survey?: Pick<Survey, 'theme'>): Brand {
  const t = mergeTheme(site.settings.theme, survey?.theme);
  return {
    name: site.name,
    logo: t?.logo,
    brand: t?.brand ?? THEME_DEFAULTS.brand,
    buttonText: t?.buttonText ?? THEME_DEFAULTS.buttonText,
    text: t?.text ?? 'auto',
    background: t?.background ?? 'auto',
  };
}

/** The text of copy already reduced to one locale (`{ en: '…' }` → '…'); '' when there is none. */
export const firstText = (copy: Record<string, string> | undefined): string => (copy && Object.values(copy)[0]) || '';
