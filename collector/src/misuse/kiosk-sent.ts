import type { ResponseContext } from '@touchpoint/shared';

/**
 * The kiosk that sent a response, or null: a response counts as a kiosk's when its channel is `kiosk` and it
 * names the kiosk. Rate limits charge such a response to its kiosk, and the client burst check leaves it to
 * the kiosk rule (a kiosk's offline queue arrives at once by design). One predicate, so the two never disagree.
 */
export function kioskSent(context: Pick<ResponseContext, 'channel' | 'kiosk'>): string | null {
  return context.channel === 'kiosk' && context.kiosk ? context.kiosk : null;
}
