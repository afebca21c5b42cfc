import { z } from 'zod';
import { channel, slug, timestamp } from './common.js';
import { LIMITS } from './limits.js';
import { answers, vars } from './response.js';

/** An admin key may change things; a read-only key (for analysts) may only read. */
export const apiKeyKind = z.enum(['admin', 'read']);
export type ApiKeyKind = z.infer<typeof apiKeyKind>;

/** Sites one key may be limited to: an agency's brands. */
const KEY_SITES_MAX = 100;

/** An API key as listed: never the secret itself, which is stored only as a hash. */
export const apiKey = z.object({
  id: z.string(),
  name: z.string(),
  kind: apiKeyKind,
  /** at most 8 characters of the key (after its `tp_<kind>_` marker), to tell keys apart */
  prefix: z.string(),
  /** the sites this key is limited to (other sites answer 404); null: every site */
  sites: z.array(slug).nullable(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
});
export type ApiKey = z.infer<typeof apiKey>;

/** Body of `POST /v1/admin/keys`. */
export const apiKeyCreate = z.object({
  name: z.string().min(1).max(LIMITS.label),
  kind: apiKeyKind,
  /** limit the key to these sites (e.g. an agency's brands); left out: every site */
  sites: z.array(slug).min(1).max(KEY_SITES_MAX).optional(),
});

/** A stored response as the admin API returns it: the wire fields plus what the collector added. */
export const storedResponse = z.object({
  id: z.string(),
  site: slug,
  survey: slug,
  touchpoint: slug,
  answers,
  partial: z.boolean(),
  locale: z.string().nullable(),
  createdAt: timestamp,
  receivedAt: timestamp,
  updatedAt: timestamp,
  channel,
  url: z.string().nullable(),
  referrer: z.string().nullable(),
  trigger: z.string().nullable(),
  kiosk: z.string().nullable(),
  vars,
  respondentId: z.string().nullable(),
  respondentEmail: z.string().nullable(),
  device: z.string().nullable(),
  os: z.string().nullable(),
  browser: z.string().nullable(),
  /** excluded from scores by the misuse filter (e.g. a burst of kiosk taps); kept for review */
  flagged: z.boolean(),
  /** why it was flagged */
  flagReason: z.string().nullable(),
});
export type StoredResponse = z.infer<typeof storedResponse>;

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

/** Filters shared by listing and exporting responses. */
export const responseFilter = z.object({
  survey: slug.optional(),
  touchpoint: slug.optional(),
  channel: channel.optional(),
  /** inclusive start, an ISO date or timestamp */
  from: isoDate.optional(),
  /** exclusive end, an ISO date or timestamp */
  to: isoDate.optional(),
  /** `true` lists only partial responses, `false` only complete ones */
  partial: z.enum(['true', 'false']).optional(),
  respondent: z.string().max(254).optional(),
  /** `true` lists only responses the misuse filter flagged, `false` only the others */
  flagged: z.enum(['true', 'false']).optional(),
  /** `receipt`: only responses verified by a receipt QR code (answered within its validity window) */
  verified: z.literal('receipt').optional(),
});
export type ResponseFilter = z.infer<typeof responseFilter>;

/** Query of `GET /v1/admin/sites/:site/responses`. */
export const responseListQuery = responseFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  /** opaque cursor from the previous page's `nextCursor` */
  cursor: z.string().max(200).optional(),
});

/** A page of responses, newest first. */
export const responsePage = z.object({
  /** `verified`: "receipt" when a receipt QR code led to the response and it arrived within its validity window */
  items: z.array(storedResponse.extend({ verified: z.literal('receipt').nullable() })),
  nextCursor: z.string().nullable(),
});

/** A standard error body. `details` names each field that was wrong. */
export const errorBody = z.object({
  statusCode: z.number(),
  code: z.string(),
  error: z.string(),
  message: z.string(),
  details: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});
export type ErrorBody = z.infer<typeof errorBody>;

/** Reply of `DELETE /v1/admin/sites/:site/respondents/:idOrEmail`: what the erasure removed, by kind. */
export const respondentErasure = z.object({
  /** responses whose respondent id, e-mail or `contact` answer matched (e-mail in any case) */
  responses: z.number().int(),
  /** follow-up cases of those responses, with their notes */
  cases: z.number().int(),
  /** queued or sent e-mails and webhook payloads about them (the outbox) */
  deliveries: z.number().int(),
  /** what could not be finished at once, if anything */
  notes: z.array(z.string()),
});
export type RespondentErasureReply = z.infer<typeof respondentErasure>;
