import type { ConfigSurvey } from '@touchpoint/shared';
import { uuid } from '../core/dom';
import type { SurveyMemory } from '../core/display';
import type { Transport } from '../core/transport';
import type { Mount, Options, ResponseMeta } from '../core/types';

/**
 * A due survey as the runtime hands it to the UI chunk, with what the page supplied and the runtime's
 * hooks. Names cross a bundle boundary (loader → UI chunk), so none starts with `_`.
 */
export interface Present {
  /** the survey with its questions and copy */
  survey: ConfigSurvey;
  /** the signal that opened it */
  trigger: string;
  o: Options;
  profile: unknown;
  vars: Record<string, unknown>;
  cart: ResponseMeta['cart'];
  net: Transport;
  /** whether consent is withdrawn (checked at each send) */
  off: () => boolean;
  /** records shown/answered/dismissed in the display memory (`any`: the site-wide cooldown's start) */
  remember: (id: string, m: SurveyMemory, any?: number) => void;
  /** the card is gone */
  closed: () => void;
}

/**
 * Opens a due survey's card: builds the response metadata, sends the impression and dismiss events, and
 * records the display memory. Lives in the UI chunk so the loader every page view downloads carries none
 * of it. Shown, the recontact wait and the site cooldown count from the card rendered, not from the decision.
 */
export function present(mount: Mount, p: Present): void {
  const { survey, o, net, off, remember } = p;
  const id = survey.id;
  const common = {
    site: o.site,
    survey: id,
    touchpoint: o.touchpoint || survey.touchpoint,
    channel: 'web' as const,
    trigger: p.trigger,
  };
  const at = () => new Date().toISOString();
  const event = (type: 'impression' | 'dismiss') =>
    off() || net.send('events', { ...common, type, id: uuid(), createdAt: at() });
  mount({
    survey,
    nonce: o.nonce,
    meta: {
      ...common,
      locale: survey.locale,
      createdAt: at(),
      url: location.href,
      referrer: document.referrer,
      profile: p.profile,
      vars: { ...p.vars },
      cart: p.cart,
      id: uuid(),
    },
    onShow() {
      const now = Date.now();
      remember(id, { s: now }, now);
      event('impression');
    },
    send(body) {
      if (off()) return;
      net.send('responses', body);
      if (!body.partial) remember(id, { a: Date.now() });
    },
    onClose(answered) {
      p.closed();
      if (answered) return;
      remember(id, { d: Date.now() });
      event('dismiss');
    },
  });
}
