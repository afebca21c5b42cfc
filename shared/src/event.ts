import { z } from 'zod';
import { channel, clientId, slug, timestamp } from './common.js';
import { LIMITS } from './limits.js';

const eventBase = {
  id: clientId,
  site: slug,
  createdAt: timestamp,
  touchpoint: slug.optional(),
};

/** A survey was shown (denominator of the response rate). */
export const impressionEvent = z.object({
  type: z.literal('impression'),
  ...eventBase,
  survey: slug,
  channel: channel.default('web'),
  trigger: z.string().max(LIMITS.id).optional(),
});

/** A survey was closed without answering. */
export const dismissEvent = z.object({
  type: z.literal('dismiss'),
  ...eventBase,
  survey: slug,
  channel: channel.default('web'),
  trigger: z.string().max(LIMITS.id).optional(),
});

/** A kiosk says it is alive and how many answers wait in its offline queue. */
export const heartbeatEvent = z.object({
  type: z.literal('heartbeat'),
  ...eventBase,
  kiosk: z.string().min(1).max(LIMITS.id),
  queued: z.number().int().min(0).max(1_000_000),
  online: z.boolean().default(true),
  version: z.string().max(LIMITS.id).optional(),
});

/** Impressions, dismissals and kiosk heartbeats. */
export const event = z.discriminatedUnion('type', [impressionEvent, dismissEvent, heartbeatEvent]);
export type TouchpointEvent = z.infer<typeof event>;
export type EventInput = z.input<typeof event>;

/** `POST /v1/events` accepts one event or `{ events: [...] }`. */
export const eventsBody = z.union([z.object({ events: z.array(event).min(1).max(LIMITS.batch) }), event]);
