import { z } from 'zod';
import { slug } from './common.js';
import { LIMITS } from './limits.js';

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

/** Fields of a touchpoint that an update may change. */
export const touchpointUpdate = touchpoint.omit({ id: true }).partial();
