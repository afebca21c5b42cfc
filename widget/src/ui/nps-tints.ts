/** Hue steps from red (0°, score 0) to green (120°, score 10), and the tints' saturation and lightness. */
const HUE_STEP = 12;
const TINT_SL = '80% 75%';

/** The text on a tint. */
export const NPS_INK = '#1b1b1b';

/**
 * The NPS tint of a score (a theme's `npsColours`), red through amber to green, light enough that the dark
 * ink reads on it at WCAG AA 4.5:1 on a light or a dark card alike (widget/test/unit/nps-tints.test.ts checks
 * every one). The number stays the cue: colour only repeats it (WCAG 1.4.1).
 */
export const npsTintColour = (n: number): string => `hsl(${n * HUE_STEP} ${TINT_SL})`;

/** The same in CSS, for an option carrying its score as `--n` (the styles of the popup, kiosk and link page). */
export const NPS_TINT_CSS = `background:hsl(calc(var(--n)*${HUE_STEP}) ${TINT_SL});color:${NPS_INK}`;
