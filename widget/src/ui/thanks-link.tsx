import type { ConfigSurvey } from '@touchpoint/shared';
import type { Strings } from '../locales/strings';

/**
 * Where the thank-you links on (a review site, the touchpoint's "you said, we did" page), in the popup and
 * on the link page (the kiosk shows the address as text: modes/flow.tsx). A path (`/y/…`) is the
 * collector's, resolved against `base` (the UI chunk's own URL in the popup).
 */
export const ThanksLink = ({ s, t, base }: { s: ConfigSurvey; t: Strings; base: string }) =>
  s.thankYouLink ? (
    <p class="lk">
      <a href={new URL(s.thankYouLink.url, base).href} target="_blank" rel="noopener">
        {s.thankYouLink.label || t.changes}
      </a>
    </p>
  ) : null;
