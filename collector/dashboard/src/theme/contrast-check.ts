import { AA_TEXT_CONTRAST, contrast, parseHex, THEME_DEFAULTS } from '@touchpoint/shared';

/** One colour pair of a theme as the editor reports it: "text on background 3.10:1, needs 4.5:1". */
export interface PairCheck {
  /** which theme field the editor blames and offers to correct */
  field: 'text' | 'buttonText';
  what: string;
  ratio: number;
  ok: boolean;
  /** a colour for `field` close to the chosen one that passes, when it does not */
  suggestion?: string;
}

const hex2 = (n: number) =>
  Math.round(Math.min(255, Math.max(0, n)))
    .toString(16)
    .padStart(2, '0');

/** The colour `fg` moved towards black or white (whichever reads better on `bg`) until it passes AA. */
export function correctedColour(fg: string, bg: string): string {
  const rgb = parseHex(fg) ?? [0, 0, 0];
  const to = contrast('#000000', bg) >= contrast('#ffffff', bg) ? 0 : 255;
  // 5 % steps keep the hue recognisable; 20 steps always reach black or white, which pass on any colour that
  // passes for either (the better of black and white on any colour is at least 4.58:1)
  for (let step = 1; step <= 20; step++) {
    const k = step / 20;
    const c = `#${rgb.map((v) => hex2(v + (to - v) * k)).join('')}`;
    if (contrast(c, bg) >= AA_TEXT_CONTRAST) return c;
  }
  return to ? '#ffffff' : '#000000';
}

/** Contrast of the theme's two readable pairs, as the card, kiosk and link page show them. */
export function checkPairs(t: { brand: string; buttonText: string; text: string; background: string }): PairCheck[] {
  const pair = (field: PairCheck['field'], what: string, fg: string, bg: string): PairCheck[] => {
    // a colour half typed is no colour yet: its field shows the schema's message instead
    if (!parseHex(fg) || !parseHex(bg)) return [];
    const ratio = contrast(fg, bg);
    const ok = ratio >= AA_TEXT_CONTRAST;
    return [{ field, what, ratio, ok, ...(ok ? {} : { suggestion: correctedColour(fg, bg) }) }];
  };
  const { light, dark } = THEME_DEFAULTS;
  return [
    ...(t.text !== 'auto' && t.background !== 'auto'
      ? pair('text', 'text on background', t.text, t.background)
      : // auto: the widget's own light and dark cards
        [
          ...pair('text', 'text on the light card (auto)', light.text, light.background),
          ...pair('text', 'text on the dark card (auto)', dark.text, dark.background),
        ]),
    ...pair('buttonText', 'button text on brand', t.buttonText, t.brand),
  ];
}

/** A ratio as the editor writes it: `3.10:1`. */
export const ratioText = (r: number): string => `${r.toFixed(2)}:1`;
