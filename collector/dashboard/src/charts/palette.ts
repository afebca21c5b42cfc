/**
 * Okabe–Ito colours: distinguishable with every common colour-vision deficiency.
 * https://jfly.uni-koeln.de/color/
 */
export const PALETTE = {
  blue: '#0072B2',
  orange: '#E69F00',
  green: '#009E73',
  vermillion: '#D55E00',
  purple: '#CC79A7',
  sky: '#56B4E9',
  yellow: '#F0E442',
  grey: '#6b7280',
} as const;

/** Colours of the channels, the same in every view. */
export const CHANNEL_COLOUR: Record<string, string> = {
  web: PALETTE.blue,
  kiosk: PALETTE.orange,
  qr: PALETTE.green,
  phone: PALETTE.purple,
};

/** A colour with an alpha (hex `#rrggbb` → rgba). */
export function alpha(hex: string, a: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}
