import { Face, Thumb } from '../faces';
import type { Part } from '../parts';

/** The drawn smiley faces and thumbs in place of the scale's numbers (`f`), named by the locale's words. */
export default {
  g: {
    smiley: { v: (n) => <Face n={n} />, l: (n, t) => t.faces[n - 1]! },
    thumbs: { v: (n) => <Thumb up={!!n} />, l: (n, t) => (n ? t.up : t.down) },
  },
  css: `.i{width:32px;height:32px}
.i circle+path{fill:none;stroke:#1b1b1b;stroke-width:3.4;stroke-linecap:round}.i .z{fill:#1b1b1b}`,
} satisfies Part as Part;
