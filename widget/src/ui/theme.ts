import type { Theme } from '@touchpoint/shared';

/** The card's own text and background where the theme says `auto`: light, dark (as shared/src/theme.ts). */
const LIGHT = ['#1b1b1b', '#fff'];
const DARK = ['#f1f3f5', '#1f2328'];
/** The system font stack, for the kiosk and link page where a theme names no font. */
export const SYSTEM_FONT = 'system-ui,-apple-system,"Segoe UI",Roboto,sans-serif';

/**
 * Whether the page is dark: its body's background where it paints one (alpha > 0), else the visitor's
 * `prefers-color-scheme`. Luminance is rough (Rec. 601 weights): it only picks the light or the dark card.
 */
function darkPage(): boolean {
  const [r, g, b, a] = getComputedStyle(document.body)
    .backgroundColor.match(/[\d.]+/g)!
    .map(Number);
  return a === 0 ? matchMedia('(prefers-color-scheme:dark)').matches : r! * 0.3 + g! * 0.59 + b! * 0.11 < 128;
}

/**
 * The theme as the custom properties the styles read: --b brand, --bt text on it, --fg and --bg the card,
 * --r radius, --f font (`font` where the theme says `inherit`: the host page's, for the popup).
 */
export function themeVars(t: Partial<Theme> = {}, font: string): Record<string, string> {
  const [fg, bg] = t.text && t.text != 'auto' ? [t.text, t.background!] : darkPage() ? DARK : LIGHT;
  return {
    '--b': t.brand || '#1a56db',
    '--bt': t.buttonText || '#fff',
    '--fg': fg!,
    '--bg': bg!,
    '--r': (t.radius ?? 12) + 'px',
    '--f': !t.font || t.font == 'inherit' ? font : t.font,
  };
}
