import { z } from 'zod';
import { slug } from './common.js';
import { LIMITS } from './limits.js';
import { patchShape } from './patch.js';

/** The stages of a customer journey, left to right, unless a site names its own (`settings.journeyStages`). */
export const DEFAULT_JOURNEY_STAGES = ['discover', 'consider', 'buy', 'receive', 'use', 'get-help'] as const;
/** Most stages a site's journey may have. */
export const MAX_JOURNEY_STAGES = 12;

/** What kind of place a touchpoint is. */
export const touchpointKind = z.enum(['web', 'store', 'kiosk', 'qr']);
export type TouchpointKind = z.infer<typeof touchpointKind>;

/** A place in the customer journey where feedback is asked for: a page, a store, a kiosk, a QR spot. */
export const touchpoint = z.object({
  id: slug,
  name: z.string().min(1).max(LIMITS.label),
  kind: touchpointKind,
  tags: z.array(z.string().min(1).max(LIMITS.id)).max(LIMITS.tags).default([]),
  /** the journey stage it belongs to (one of the site's `journeyStages`, by default DEFAULT_JOURNEY_STAGES); null: none */
  stage: slug.nullable().optional(),
});
export type Touchpoint = z.infer<typeof touchpoint>;
export type TouchpointInput = z.input<typeof touchpoint>;

/** Body of a touchpoint's PATCH: only the fields sent change. */
export const touchpointUpdate = z.object(patchShape(touchpoint.omit({ id: true }).shape));
