import { z } from 'zod';
import { origin, slug } from './common.js';
import { LIMITS } from './limits.js';
import { patchShape } from './patch.js';
import { theme } from './theme.js';
import { MAX_JOURNEY_STAGES } from './touchpoint.js';

/** Largest relative share a channel may be given in a declared mix (shares are normalised, any scale works). */
const MAX_CHANNEL_SHARE = 1_000_000;

/** One channel's relative target share. */
const channelShare = z.number().min(0).max(MAX_CHANNEL_SHARE).optional();

/** How overall scores are weighted with `weight=channel`: the channel mix the site wants its scores to stand for. */
export const siteWeighting = z.object({
  /** each channel's target share (relative; normalised over the channels named); unset: equal shares */
  channelShares: z
    .strictObject({ web: channelShare, kiosk: channelShare, qr: channelShare, phone: channelShare })
    .refine((shares) => Object.values(shares).some((x) => (x ?? 0) > 0), 'at least one channel needs a share above 0')
    .optional(),
});

/** The time zone of a site that names none: its days are UTC days. */
export const DEFAULT_SITE_TIME_ZONE = 'UTC';
/** Longest IANA time zone name accepted (the longest in the database is 32 characters). */
const MAX_TIME_ZONE_LENGTH = 64;
/** The characters of an IANA name ('America/Argentina/Buenos_Aires', 'Etc/GMT+5'); offsets like '+01:00' are not names. */
const TIME_ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-/]*$/;

/** Whether the runtime's time zone data knows `name` as an IANA time zone (checked through Intl). */
export function isIanaTimeZone(name: string): boolean {
  if (!TIME_ZONE_NAME.test(name)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** An IANA time zone name such as 'Europe/Berlin'. */
export const timeZoneName = z
  .string()
  .min(1)
  .max(MAX_TIME_ZONE_LENGTH)
  .refine(isIanaTimeZone, { message: 'not an IANA time zone name (e.g. Europe/Berlin, America/New_York, UTC)' });

/**
 * Distinct levels a variable may have on a site and still be rolled up by value (issue #14); one more and a
 * numeric variable is binned at stored edges, any other answered by a scan. Bounded: each level multiplies
 * the rollup rows (days × surveys × touchpoints × channels × answers).
 */
export const DEFAULT_ROLLUP_LEVEL_CAP = 50;
export const MIN_ROLLUP_LEVEL_CAP = 2;
export const MAX_ROLLUP_LEVEL_CAP = 1000;

/**
 * Variables the pairwise rollups of a site cross at most (issue #14): each scored answer writes a row per pair
 * of them, C(12, 2) = 66 at most.
 */
export const MAX_PAIR_VARIABLES = 12;

/** A variable the pairwise rollups may cross, as the drivers name it: device, trigger or var.<name>. */
const pairVariable = z
  .string()
  .max(LIMITS.id + 4)
  .regex(/^(device|trigger|var\.[A-Za-z_][A-Za-z0-9_.-]*)$/, 'must be device, trigger or var.<name>');

/** Settings that apply to every survey of a site. */
export const siteSettings = z.object({
  /** hours after any survey was shown before another one may show to the same visitor */
  cooldownHours: z
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
  /** hours a follow-up case may stay unresolved before it is overdue (the follow-up SLA) */
  followUpSlaHours: z
    .number()
    .min(1)
    .max(24 * 90)
    .default(48),
  /** closed-loop e-mails the site may send per UTC day (unset: the collector's default, 200); 0 sends none */
  dailyReplyCap: z.number().int().min(0).max(100_000).optional(),
  /** months after which a response is anonymised or deleted (storage limitation); unset or null: kept */
  retentionMonths: z.number().int().min(1).max(240).nullable().optional(),
  /** what retention does: strip what identifies the respondent (default) or delete the response */
  retentionAction: z.enum(['anonymise', 'delete']).optional(),
  /** the journey map's stages, left to right (slugs); unset: DEFAULT_JOURNEY_STAGES */
  journeyStages: z.array(slug).min(1).max(MAX_JOURNEY_STAGES).optional(),
  /** the target mix of `weight=channel` on overall scores (docs/STATISTICS.md, weighting); null: none */
  weighting: siteWeighting.nullable().optional(),
  /** levels a variable may have and still be rolled up by value (unset: DEFAULT_ROLLUP_LEVEL_CAP) */
  rollupLevelCap: z.number().int().min(MIN_ROLLUP_LEVEL_CAP).max(MAX_ROLLUP_LEVEL_CAP).optional(),
  /**
   * the variables the pairwise rollups cross (multivariable drivers from rollups); unset or null: the first
   * MAX_PAIR_VARIABLES the site's responses carry; [] crosses none. Changing it recounts the site's pairs.
   */
  pairVariables: z
    .array(pairVariable)
    .max(MAX_PAIR_VARIABLES)
    .refine((names) => new Set(names).size === names.length, 'names a variable twice')
    .nullable()
    .optional(),
  /** the site's IANA time zone: score windows, trend days, ISO weeks and months are its local ones */
  timeZone: timeZoneName.default(DEFAULT_SITE_TIME_ZONE),
  /** what respondents see: colours (WCAG AA checked), radius, font, logo, placement; unset: the widget's own */
  theme: theme.optional(),
});

/** A website or brand: its key goes in the embed snippet's `data-site`. */
export const site = z.object({
  key: slug,
  name: z.string().min(1).max(LIMITS.label),
  /** origins the widget may run on; public routes answer CORS only for these */
  origins: z.array(origin).max(LIMITS.origins).default([]),
  settings: siteSettings.default({ cooldownHours: 24, followUpSlaHours: 48, timeZone: DEFAULT_SITE_TIME_ZONE }),
});
export type Site = z.infer<typeof site>;
export type SiteInput = z.input<typeof site>;

/** Body of a site's PATCH: only the fields sent change, and `settings` merges into the current settings. */
export const siteUpdate = z.object({
  ...patchShape(site.omit({ key: true }).shape),
  settings: z.object(patchShape(siteSettings.shape)).optional(),
});
export type SiteUpdate = z.infer<typeof siteUpdate>;
