import { z } from 'zod';
import { channel, slug } from './common.js';
import { LIMITS } from './limits.js';

/** Themes one taxonomy may hold. */
export const MAX_THEMES = 60;
/** Terms of one theme in one language. */
export const MAX_THEME_TERMS = 200;
/** People on one site's roster. */
export const MAX_ROSTER = 500;
/** Aliases (nicknames, short forms) of one person. */
export const MAX_ALIASES = 10;

/** A theme term: lower-case words; `*` at either end of a word matches part of a word (`kasse*`). */
const term = z
  .string()
  .trim()
  .min(1)
  .max(80)
  .refine((t) => t === t.toLowerCase(), 'must be lower case');

/** One theme: an id, a label and its terms per analysed language. */
export const insightTheme = z.object({
  id: slug,
  label: z.string().trim().min(1).max(LIMITS.label),
  terms: z.object({
    en: z.array(term).max(MAX_THEME_TERMS).optional(),
    de: z.array(term).max(MAX_THEME_TERMS).optional(),
  }),
});
export type InsightTheme = z.infer<typeof insightTheme>;

/** A site's taxonomy. Theme ids are unique. */
export const insightTaxonomy = z.object({
  themes: z
    .array(insightTheme)
    .max(MAX_THEMES)
    .refine((t) => new Set(t.map((x) => x.id)).size === t.length, 'theme ids must be unique'),
});
export type InsightTaxonomy = z.infer<typeof insightTaxonomy>;

/** A person on the roster; `touchpoints` empty = named wherever they are mentioned. */
export const staffMember = z.object({
  id: slug,
  name: z.string().trim().min(1).max(LIMITS.label),
  aliases: z.array(z.string().trim().min(1).max(LIMITS.label)).max(MAX_ALIASES).default([]),
  touchpoints: z.array(slug).max(LIMITS.tags).default([]),
});
export type StaffMember = z.infer<typeof staffMember>;

/** A site's staff roster. Ids are unique. */
export const staffRoster = z.object({
  staff: z
    .array(staffMember)
    .max(MAX_ROSTER)
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, 'staff ids must be unique'),
});
export type StaffRoster = z.infer<typeof staffRoster>;

/** Sentiment of a theme, a sentence or a comment. */
export const insightSentiment = z.enum(['negative', 'neutral', 'positive', 'mixed']);

const day = z.iso.date();

/** Filters of the insight views. */
export const insightWindow = z.object({
  /** first day (UTC, inclusive); default 89 days before `to` */
  from: day.optional(),
  /** last day (UTC, inclusive); default today */
  to: day.optional(),
  touchpoint: slug.optional(),
});

/**
 * The window and a segment: a channel and up to 5 `var.<name>=<value>` filters (an exact match on a
 * response's variable, as the score endpoints take them). Other keys are refused by the collector.
 */
export const insightFilter = insightWindow.extend({ channel: channel.optional() }).catchall(z.unknown());

/** NPS band of a response's NPS answer. */
export const insightBand = z.enum(['promoter', 'passive', 'detractor']);

/** GET …/insights/verbatims: the filters and a page. Staff names are only shown with `staffNames=true`. */
export const verbatimQuery = insightFilter.extend({
  theme: slug.optional(),
  sentiment: insightSentiment.optional(),
  band: insightBand.optional(),
  staff: slug.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
  staffNames: z.enum(['true', 'false']).default('false'),
});
export type VerbatimQuery = z.infer<typeof verbatimQuery>;

/**
 * GET …/insights/staff: the filters (a segment too); names are only shown with `names=true` (the admin asks
 * for them).
 */
export const staffQuery = insightFilter.extend({ names: z.enum(['true', 'false']).default('false') });

const interval = z.object({ low: z.number(), high: z.number() }).nullable();

/**
 * Where a theme or trend view's counts came from: the daily, weekly or channel rollups, or, for a `var.*`
 * segment (the insight rollups carry no variables), an exact count of the window's analysed responses
 * joined to their response rows.
 */
export const insightSource = z.enum(['rollup', 'scan']);

/** One theme's row in GET …/insights/themes. */
export const themeSummary = z.object({
  theme: z.string(),
  label: z.string(),
  /** responses with free text mentioning the theme */
  count: z.number(),
  /** count / responses with analysed free text */
  share: z.number(),
  sentiment: z.object({ positive: z.number(), neutral: z.number(), negative: z.number() }),
  /** NPS of all responses with an NPS answer minus the NPS of those that do not mention the theme */
  npsImpact: z.number().nullable(),
  npsImpactInterval: interval,
  /** mentions among detractors and among promoters */
  detractors: z.number(),
  promoters: z.number(),
  byTouchpoint: z.array(z.object({ touchpoint: z.string(), count: z.number() })),
});

/** GET …/insights/themes. */
export const themesResponse = z.object({
  from: z.string(),
  to: z.string(),
  responses: z.number(),
  withText: z.number(),
  /** comments per NPS band: with each theme's detractors/promoters, what each band talks about */
  withTextByBand: z.object({ detractor: z.number(), passive: z.number(), promoter: z.number() }),
  nps: z.number().nullable(),
  themes: z.array(themeSummary),
  source: insightSource.optional(),
});

const span = z.object({ start: z.number(), end: z.number() });

/** One verbatim: the answer as text and where the themes and staff names are in it. */
export const verbatim = z.object({
  responseId: z.string(),
  touchpoint: z.string(),
  createdAt: z.string(),
  score: z.number().nullable(),
  language: z.string().nullable(),
  sentiment: z.string().nullable(),
  text: z.string(),
  themes: z.array(z.object({ theme: z.string(), sentiment: z.string(), spans: z.array(span) })),
  /** staff mentions; `name` only with staffNames=true */
  staff: z.array(
    z.object({ staff: z.string(), name: z.string().optional(), sentiment: z.string(), spans: z.array(span) }),
  ),
});

/** GET …/insights/verbatims. */
export const verbatimsResponse = z.object({ total: z.number(), items: z.array(verbatim) });

/** GET …/insights/staff: kudos per store (touchpoint). */
export const staffResponse = z.object({
  stores: z.array(
    z.object({
      touchpoint: z.string(),
      staff: z.array(
        z.object({
          staff: z.string(),
          name: z.string().optional(),
          mentions: z.number(),
          praise: z.number(),
          complaints: z.number(),
        }),
      ),
    }),
  ),
});

/** GET …/insights/emerging: the filters (a segment too), and how common a term must be. */
export const emergingQuery = insightFilter.extend({
  /** unmatched comments a term needs at least */
  minCount: z.coerce.number().int().min(2).max(1000).default(3),
  /** clusters returned */
  limit: z.coerce.number().int().min(1).max(50).default(10),
});
export type EmergingQuery = z.infer<typeof emergingQuery>;

/** GET …/insights/emerging: clusters of terms from comments no theme matched, each with examples. */
export const emergingResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** analysed comments no theme matched (the newest 5,000 at most are read) */
  unmatched: z.number(),
  /**
   * when this clustering was computed: it is stored and read back until 50 comments more (or fewer) were
   * analysed on the site, the taxonomy or roster changed, or a comment it quotes was deleted or erased
   */
  computedAt: z.string(),
  clusters: z.array(
    z.object({
      label: z.string(),
      language: z.string(),
      terms: z.array(z.string()),
      count: z.number(),
      lift: z.number(),
      examples: z.array(z.object({ responseId: z.string(), text: z.string(), spans: z.array(span) })),
    }),
  ),
});

/** GET …/insights/trend: the window and filters; `band` limits to one NPS band's comments. */
export const themeTrendQuery = insightFilter.extend({ band: insightBand.optional() });
export type ThemeTrendQuery = z.infer<typeof themeTrendQuery>;

/** GET …/insights/trend: per ISO week (Monday), comments and each theme's mentions by sentiment. */
export const themeTrendResponse = z.object({
  from: z.string(),
  to: z.string(),
  /** the Monday of each week in the window, oldest first */
  weeks: z.array(z.string()),
  /** comments with free text, per week */
  withText: z.array(z.number()),
  source: insightSource.optional(),
  themes: z.array(
    z.object({
      theme: z.string(),
      label: z.string(),
      count: z.array(z.number()),
      positive: z.array(z.number()),
      negative: z.array(z.number()),
    }),
  ),
});
