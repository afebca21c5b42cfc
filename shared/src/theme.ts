import { z } from 'zod';
import { patchShape } from './patch.js';

/** WCAG 2.x AA minimum contrast for normal-size text (SC 1.4.3). */
export const AA_TEXT_CONTRAST = 4.5;

/** The popup's own colours where a theme says `auto` or sets nothing: light card, dark card. */
export const THEME_DEFAULTS = {
  brand: '#1a56db',
  buttonText: '#ffffff',
  light: { text: '#1b1b1b', background: '#ffffff' },
  dark: { text: '#f1f3f5', background: '#1f2328' },
} as const;

const HEX = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#rgb` or `#rrggbb` → [r, g, b] in 0–255; undefined for anything else. */
export function parseHex(hex: string): [number, number, number] | undefined {
  if (!HEX.test(hex)) return undefined;
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16)) as [number, number, number];
}

/** Relative luminance of an sRGB colour (WCAG 2.x definition, 0 black – 1 white). */
export function luminance([r, g, b]: [number, number, number]): number {
  const lin = (c: number) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
}

/** Contrast ratio of two hex colours (1–21), WCAG 2.x: (L1 + 0.05) / (L2 + 0.05), lighter first. */
export function contrast(a: string, b: string): number {
  const la = luminance(parseHex(a) ?? [0, 0, 0]);
  const lb = luminance(parseHex(b) ?? [0, 0, 0]);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/** A colour as `#rgb` or `#rrggbb` (no names, no functions: the contrast check needs the value). */
export const hexColour = z.string().max(7).regex(HEX, 'must be a colour as #rgb or #rrggbb');

/** A logo: an https URL, or a path on the collector itself (`/logos/store-12.svg`). */
const logoUrl = z
  .string()
  .max(500)
  .regex(
    /^(https:\/\/[a-z0-9-]+(\.[a-z0-9-]+)*(:\d{1,5})?)?\/(?!\/)[\w.~%/-]*$/i,
    'must be an https URL or a path on the collector starting with /',
  );

/** A CSS font-family list (letters, digits, spaces, commas, quotes, hyphens), or `inherit`. */
const fontFamily = z
  .string()
  .max(120)
  .regex(/^[\w\s,'"-]+$/, 'must be a font-family list such as "Georgia, serif", or inherit');

/** The shape of a theme, before its contrast is checked. */
const themeFields = z.object({
  /** buttons, the selected answer, focus rings, the kiosk header */
  brand: hexColour.default(THEME_DEFAULTS.brand),
  /** text on the brand colour (buttons, selected answers) */
  buttonText: hexColour.default(THEME_DEFAULTS.buttonText),
  /** card text; `auto`: dark or light after the host page's background and `prefers-color-scheme` */
  text: z.union([hexColour, z.literal('auto')]).default('auto'),
  /** card background; `auto` as for text */
  background: z.union([hexColour, z.literal('auto')]).default('auto'),
  /** corner radius of the card, px */
  radius: z.number().int().min(0).max(32).default(12),
  /** font family; `inherit` takes the host page's (the popup) */
  font: fontFamily.default('inherit'),
  /** the brand's logo on the kiosk and link pages */
  logo: logoUrl.optional(),
  /** where popups open: in a corner (each survey's own position) or the centre of the page */
  placement: z.enum(['corner', 'centre']).default('corner'),
  /** a small "powered by Touchpoint" line under the card */
  poweredBy: z.boolean().default(true),
  /** NPS buttons tinted from red (0) to green (10), each with text at AA contrast on its tint */
  npsColours: z.boolean().default(false),
});

/**
 * Why a theme fails WCAG AA (SC 1.4.3, 4.5:1), per field: the text on its background, and the button
 * text on the brand colour. `auto` text and background are the widget's own pairs, which pass.
 */
export function themeProblems(t: {
  brand: string;
  buttonText: string;
  text: string;
  background: string;
}): { path: 'text' | 'background' | 'brand'; message: string }[] {
  const out: { path: 'text' | 'background' | 'brand'; message: string }[] = [];
  const fix = (n: number) => n.toFixed(2);
  if (t.text !== 'auto' && t.background !== 'auto') {
    const c = contrast(t.text, t.background);
    if (c < AA_TEXT_CONTRAST)
      out.push({
        path: 'text',
        message: `text ${t.text} on background ${t.background} has contrast ${fix(c)}:1, under WCAG AA ${AA_TEXT_CONTRAST}:1`,
      });
  } else if (t.text !== t.background) {
    // one colour fixed and the other following the page would read on one of the two only
    out.push({
      path: t.text === 'auto' ? 'text' : 'background',
      message: 'set both text and background, or neither (auto)',
    });
  }
  const button = contrast(t.buttonText, t.brand);
  if (button < AA_TEXT_CONTRAST)
    out.push({
      path: 'brand',
      message: `button text ${t.buttonText} on brand ${t.brand} has contrast ${fix(button)}:1, under WCAG AA ${AA_TEXT_CONTRAST}:1`,
    });
  return out;
}

/** A site's look: colours checked for WCAG AA contrast, a radius, a font, a logo, placement. */
export const theme = themeFields.superRefine((t, ctx) => {
  for (const p of themeProblems(t)) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
});
export type Theme = z.infer<typeof theme>;
export type ThemeInput = z.input<typeof theme>;

/** Fills in what a theme leaves out with the widget's own look (the site's theme, as the schema would). */
const withDefaults = (t: Partial<Theme>): Theme => themeFields.parse(t);

/**
 * A survey's own theme: only the fields it names, merged over the site's. Checked the same way as a
 * site's theme, with the widget's defaults standing in for what it leaves out; the merge is checked
 * again where it is served (`mergeTheme`).
 */
export const themeOverride = z.object(patchShape(themeFields.shape)).superRefine((t, ctx) => {
  for (const p of themeProblems(withDefaults(t))) ctx.addIssue({ code: 'custom', path: [p.path], message: p.message });
});
export type ThemeOverride = z.infer<typeof themeOverride>;

/**
 * The theme respondents see: the survey's override over the site's theme. A merge whose colours fail
 * the contrast check (the site's colours changed under an override) falls back to the site's theme, so
 * nothing unreadable is ever served. Undefined when neither sets a theme (the widget's own look).
 */
export function mergeTheme(site: Theme | undefined, survey: ThemeOverride | undefined): Theme | undefined {
  if (!survey) return site;
  const merged = withDefaults({ ...site, ...survey });
  return themeProblems(merged).length ? site : merged;
}
