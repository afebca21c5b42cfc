import { z } from 'zod';
import { slug } from './common.js';
import { LIMITS } from './limits.js';
import { patchShape } from './patch.js';

/** What kind of place a touchpoint is. */
export const touchpointKind = z.enum(['web', 'store', 'kiosk', 'qr']);
export type TouchpointKind = z.infer<typeof touchpointKind>;

/** A place in the customer journey where feedback is asked for: a page, a store, a kiosk, a QR spot. */
export const touchpoint = z.object({
  id: slug,
  name: z.string().min(1).max(LIMITS.label),
  kind: touchpointKind,
  tags: z.array(z.string().min(1).max(LIMITS.id)).max(LIMITS.tags).default([]),
});
export type Touchpoint = z.infer<typeof touchpoint>;
export type TouchpointInput = z.input<typeof touchpoint>;

/** Body of a touchpoint's PATCH: only the fields sent change. */
export const touchpointUpdate = z.object(patchShape(touchpoint.omit({ id: true }).shape));
