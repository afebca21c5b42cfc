/**
 * Flat product illustrations as SVG, drawn here so the shop needs no image files and no network.
 * Each drawing uses a 200×160 canvas; `color` is the product's main colour.
 */

/** Dark outline and detail colour shared by every drawing. */
const INK = '#1d2a24';

/** @type {Record<string, (color: string) => string>} */
const DRAWINGS = {
  jacket: (c) => `
    <path d="M70 30 L100 22 L130 30 L165 55 L160 120 L140 116 L140 140 L60 140 L60 116 L40 120 L35 55 Z" fill="${c}"/>
    <path d="M86 26 Q100 8 114 26 L108 40 L92 40 Z" fill="${c}" stroke="${INK}" stroke-width="2"/>
    <line x1="100" y1="40" x2="100" y2="140" stroke="${INK}" stroke-width="2.5"/>
    <rect x="70" y="78" width="18" height="3" rx="1.5" fill="${INK}"/>
    <rect x="112" y="78" width="18" height="3" rx="1.5" fill="${INK}"/>`,
  vest: (c) => `
    <path d="M72 28 L100 36 L128 28 L140 60 L140 140 L60 140 L60 60 Z" fill="${c}"/>
    <path d="M60 72 H140 M60 92 H140 M60 112 H140" stroke="${INK}" stroke-opacity=".35" stroke-width="2"/>
    <line x1="100" y1="36" x2="100" y2="140" stroke="${INK}" stroke-width="2.5"/>`,
  boot: (c) => `
    <path d="M62 24 H112 L114 92 L160 104 Q172 110 170 126 H52 Z" fill="${c}"/>
    <rect x="48" y="126" width="126" height="14" rx="5" fill="${INK}"/>
    <path d="M96 40 L116 46 M96 56 L116 62 M96 72 L116 78" stroke="#f3efe6" stroke-width="3" stroke-linecap="round"/>`,
  shoe: (c) => `
    <path d="M40 118 Q40 80 70 72 L104 66 Q120 84 150 92 Q172 98 172 118 Z" fill="${c}"/>
    <rect x="36" y="118" width="140" height="14" rx="6" fill="${INK}"/>
    <path d="M86 78 L98 90 M96 74 L108 86 M106 72 L118 84" stroke="#f3efe6" stroke-width="3" stroke-linecap="round"/>
    <path d="M40 112 H174" stroke="#f3efe6" stroke-opacity=".6" stroke-width="3"/>`,
  pack: (c) => `
    <path d="M84 30 Q100 14 116 30" fill="none" stroke="${INK}" stroke-width="5"/>
    <rect x="58" y="30" width="84" height="112" rx="22" fill="${c}"/>
    <path d="M58 58 Q100 40 142 58 L142 52 Q142 30 120 30 H80 Q58 30 58 52 Z" fill="${INK}" fill-opacity=".25"/>
    <rect x="74" y="92" width="52" height="36" rx="10" fill="${INK}" fill-opacity=".2"/>
    <line x1="78" y1="100" x2="122" y2="100" stroke="#f3efe6" stroke-width="2"/>`,
  tent: (c) => `
    <path d="M20 136 L96 30 L180 136 Z" fill="${c}"/>
    <path d="M96 30 L120 136 H72 Z" fill="${INK}" fill-opacity=".3"/>
    <path d="M96 62 L112 136 H80 Z" fill="${INK}" fill-opacity=".6"/>
    <line x1="10" y1="138" x2="190" y2="138" stroke="${INK}" stroke-width="3"/>`,
  beanie: (c) => `
    <circle cx="100" cy="30" r="13" fill="#f3efe6" stroke="${INK}" stroke-width="2"/>
    <path d="M46 112 Q46 40 100 40 Q154 40 154 112 Z" fill="${c}"/>
    <rect x="40" y="106" width="120" height="30" rx="8" fill="${c}" stroke="${INK}" stroke-opacity=".4" stroke-width="2"/>
    <path d="M56 106 V136 M72 106 V136 M88 106 V136 M104 106 V136 M120 106 V136 M136 106 V136"
      stroke="${INK}" stroke-opacity=".3" stroke-width="2"/>`,
  bottle: (c) => `
    <rect x="84" y="14" width="32" height="20" rx="5" fill="${INK}"/>
    <path d="M80 34 H120 Q128 34 128 50 V136 Q128 146 118 146 H82 Q72 146 72 136 V50 Q72 34 80 34 Z" fill="${c}"/>
    <rect x="72" y="78" width="56" height="26" fill="#f3efe6" fill-opacity=".85"/>
    <path d="M86 91 L96 84 L104 93 L114 86" fill="none" stroke="${INK}" stroke-width="2"/>`,
};

/**
 * A standalone SVG document of one illustration on a soft background.
 * @param {string} kind one of the drawing names (an unknown kind draws only the background)
 * @param {string} color
 * @returns {string}
 */
export function productArt(kind, color) {
  const draw = DRAWINGS[kind];
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 160" role="img" aria-hidden="true">
  <rect width="200" height="160" fill="#f3efe6"/>
  <ellipse cx="100" cy="146" rx="80" ry="8" fill="${INK}" fill-opacity=".08"/>${draw ? draw(color) : ''}
</svg>
`;
}
