import type { FastifyInstance } from 'fastify';
import type { Survey } from '@touchpoint/shared';
import type { SiteSnapshot } from '../../plugins/catalog.js';

/**
 * The site a public page is about. Links printed on posters name only a touchpoint or survey; the
 * `site` query parameter is needed only when several sites have one of that id.
 */
export async function resolveSite(
  fastify: FastifyInstance,
  explicit: string | undefined,
  has: (s: SiteSnapshot) => boolean,
): Promise<SiteSnapshot | 'ambiguous' | null> {
  if (explicit) {
    const snapshot = await fastify.catalog.get(explicit);
    return snapshot && has(snapshot) ? snapshot : null;
  }
  const found: SiteSnapshot[] = [];
  for (const site of await fastify.store.listSites()) {
    const snapshot = await fastify.catalog.get(site.key);
    if (snapshot && has(snapshot)) found.push(snapshot);
  }
  if (found.length > 1) return 'ambiguous';
  return found[0] ?? null;
}

/**
 * The survey a touchpoint's kiosk or QR code shows: the named one; else the survey that names this
 * touchpoint as its own; else one made for touchpoints of the same kind (a second kiosk gets the
 * kiosk survey); else a survey shown only on demand.
 */
export function surveyFor(snapshot: SiteSnapshot, touchpoint: string, explicit?: string): Survey | null {
  if (explicit) return snapshot.surveys.get(explicit) ?? null;
  const active = [...snapshot.surveys.values()].filter((s) => s.active);
  const kind = snapshot.touchpoints.get(touchpoint)?.kind;
  const kindOf = (s: Survey) => (s.touchpoint ? snapshot.touchpoints.get(s.touchpoint)?.kind : undefined);
  return (
    active.find((s) => s.touchpoint === touchpoint) ??
    active.find((s) => kind !== undefined && kindOf(s) === kind) ??
    active.find((s) => s.trigger.type === 'manual') ??
    null
  );
}
