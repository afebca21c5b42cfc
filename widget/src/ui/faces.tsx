/**
 * The smiley faces and thumbs, drawn as inline SVG: emoji need an emoji font, which Debian's Chromium
 * (a Linux kiosk, a Raspberry Pi) lacks, and then render as empty boxes. Decorative: the control around
 * each is `aria-hidden` and the input carries its text label. Ink and stroke come from the styles (`.i`).
 */

/** Face colours, unhappiest first: red to green, the dark features read on each (WCAG 1.4.11, 3:1). */
const FACE_FILL = ['#e5533d', '#f29a38', '#a8cf4a', '#3fae62'];
/** Mouths, unhappiest first: a frown, a slight frown, a smile, an open smile (filled). */
const MOUTH = ['M12 29q8-9 16 0', 'M13 28q7-4 14 0', 'M13 24q7 6 14 0', 'M11 22q9 13 18 0z'];

/** Smiley face `n` (1–4, unhappiest first): the eyes are round caps of zero-length strokes. */
export const Face = ({ n }: { n: number }) => (
  <svg class="i" viewBox="0 0 40 40">
    <circle cx="20" cy="20" r="19" fill={FACE_FILL[n - 1]} />
    <path d={'M14 16h0M26 16h0' + MOUTH[n - 1]} class={n > 3 ? 'z' : undefined} />
  </svg>
);

/** Thumb up (`up`) or down, in the text colour (so it follows the selected state). */
export const Thumb = ({ up }: { up: boolean }) => (
  <svg class="i" viewBox="0 0 24 24">
    <path
      fill="currentColor"
      transform={up ? undefined : 'rotate(180 12 12)'}
      d="M2 10h4v11H2zm6 0 4-8c2 0 3 1 3 3l-1 4h6c1 0 2 1 2 2l-2 8c0 1-1 2-2 2H8z"
    />
  </svg>
);
