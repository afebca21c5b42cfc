import { NPS_TINT_CSS } from '../nps-tints';
import type { Part } from '../parts';
import { SHEET_MAX } from '../styles';
import { ThanksLink } from '../thanks-link';

/**
 * The extras part (`x`, shared needsExtras): the thank-you's link on, the theme's NPS tints and its
 * centred card (on wider screens than the bottom sheet's, which the UI chunk's styles keep for phones).
 */
export default {
  x: ThanksLink,
  css: `.lk{padding:4px 0;font-weight:600}
.tn span{${NPS_TINT_CSS}}
@media (min-width:${SHEET_MAX + 1}px){:host([data-pos=center]){bottom:auto!important;right:auto!important;top:50%!important;left:50%!important;transform:translate(-50%,-50%)!important}}`,
} satisfies Part as Part;
