import { z } from 'zod';
import { channel, slug } from './common.js';
import { LIMITS } from './limits.js';

/** The metrics the score endpoints compute; each scores every question of the same type. */
export const scoreMetricName = z.enum(['nps', 'csat', 'ces', 'smiley', 'thumbs']);
export type ScoreMetricName = z.infer<typeof scoreMetricName>;

/** Variable filters (`var.<name>=<value>`) one score query may carry. */
export const MAX_VAR_FILTERS = 5;
/** A variable filter's query key: `var.` and a variable name as responses carry it. */
export const VAR_FILTER_KEY = /^var\.[A-Za-z_][A-Za-z0-9_.-]*$/;
/** A breakdown by a variable: a built-in column or `var.<name>`. */
export const scoreVariable = z
  .string()
  .max(LIMITS.id + 4)
  .regex(
    /^(channel|device|trigger|touchpoint|survey|var\.[A-Za-z_][A-Za-z0-9_.-]*)$/,
    'must be channel, device, trigger, touchpoint, survey or var.<name>',
  );

const day = z.iso.date();

/** Filters every score endpoint takes; unknown keys must be `var.<name>` filters. */
const filterShape = {
  /** first day in the site’s time zone (inclusive); default 89 days before `to` */
  from: day.optional(),
  /** last day in the site’s time zone (inclusive); default its today */
  to: day.optional(),
  survey: slug.optional(),
  /** `receipt`: only verified answers (from a receipt QR code, within its validity window; docs/RECEIPTS.md) */
  verified: z.literal('receipt').optional(),
  touchpoint: slug.optional(),
  channel: channel.optional(),
};

/**
 * A score endpoint's query: the filters, the endpoint's own parameters, and up to MAX_VAR_FILTERS
 * `var.<name>=<value>` filters (an exact match on a transaction or profile variable).
 */
export function scoreQuery<S extends z.ZodRawShape>(shape: S) {
  return z
    .object({ ...filterShape, ...shape })
    .catchall(z.string().max(LIMITS.varValue))
    .superRefine((query, ctx) => {
      const known = new Set([...Object.keys(filterShape), ...Object.keys(shape)]);
      const extra = Object.keys(query).filter((k) => !known.has(k));
      for (const key of extra) {
        if (!VAR_FILTER_KEY.test(key) || key.length > LIMITS.id + 4) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'unknown parameter (variable filters are var.<name>)' });
        }
      }
      if (extra.length > MAX_VAR_FILTERS) {
        ctx.addIssue({
          code: 'custom',
          path: [extra[MAX_VAR_FILTERS] ?? ''],
          message: `at most ${MAX_VAR_FILTERS} var.* filters`,
        });
      }
      if (query.from && query.to && query.from > query.to) {
        ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after `to`' });
      }
    });
}

/** `minN` of the ranking endpoints. */
export const minNParam = z.coerce.number().int().min(0).max(1_000_000).optional();

/** Query of `GET …/scores`. */
export const scoresQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  /** a question id, to score one question rather than every question of the metric's type */
  question: slug.optional(),
  by: z.union([z.enum(['none', 'touchpoint', 'channel', 'survey']), scoreVariable]).default('touchpoint'),
  /** `channel`: touchpoint scores adjusted to the site's channel mix (only with by=touchpoint) */
  adjust: z.enum(['none', 'channel']).default('none'),
  /** post-stratify the overall score by channel (the site's declared mix, else equal) or touchpoint impressions */
  weight: z.enum(['none', 'channel', 'impressions']).default('none'),
});

/** Query of `GET …/scores/quintiles`. */
export const rankingQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  question: slug.optional(),
  minN: minNParam,
  /** refused here (400): the leaderboard alone adjusts for channel */
  adjust: z.enum(['none', 'channel']).default('none'),
});

/** Query of `GET …/scores/leaderboard`. */
export const leaderboardQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  question: slug.optional(),
  minN: minNParam,
  /** `shrunk`: rank every answered touchpoint by its empirical Bayes score, with rank intervals */
  rank: z.enum(['score', 'shrunk']).default('score'),
  /** `channel`: scores adjusted to the site's channel mix (not with rank=shrunk) */
  adjust: z.enum(['none', 'channel']).default('none'),
});

/** Query of `GET …/scores/segments`. */
export const segmentsQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  question: slug.optional(),
  variable: scoreVariable,
  bins: z.coerce.number().int().min(1).max(20).optional(),
  minN: minNParam,
});

/** Query of `GET …/scores/drivers`. */
export const driversQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  question: slug.optional(),
  /** comma-separated variables to analyse (default: channel, device, trigger, touchpoint and every var.*) */
  variables: z.string().max(1000).optional(),
  minLevelN: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

/** Query of `GET …/scores/impact`. */
export const impactQuery = scoreQuery({
  /** the touchpoint rating's metric */
  rating: z.enum(['csat', 'ces', 'smiley', 'thumbs']).default('csat'),
  minN: minNParam,
});

/** Query of `GET …/scores/trend`. */
export const trendQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  question: slug.optional(),
  /** default: day, or week when the window's days hold fewer than `minN` answers on average */
  interval: z.enum(['day', 'week', 'month']).optional(),
  minN: minNParam,
});

/** Query of `GET …/scores/response-rates`. */
export const responseRatesQuery = scoreQuery({
  by: z.enum(['touchpoint', 'trigger', 'channel', 'survey']).default('touchpoint'),
});

const num = z.number();
const numOrNull = z.number().nullable();

/** A score with n, its 95% interval and the metric's counts (NPS bands, CSAT satisfied, CES agree, faces, thumbs). */
export const scoreRow = z.object({
  key: z.string(),
  n: num,
  score: numOrNull,
  low: numOrNull,
  high: numOrNull,
  promoters: num.optional(),
  passives: num.optional(),
  detractors: num.optional(),
  satisfied: num.optional(),
  agree: num.optional(),
  agreePercent: numOrNull.optional(),
  agreeLow: numOrNull.optional(),
  agreeHigh: numOrNull.optional(),
  faces: z.array(num).optional(),
  up: num.optional(),
  down: num.optional(),
  /** segments and trend: n under `minN`, read with care */
  lowSample: z.boolean().optional(),
  /** with adjust=channel: the points added to the score and its interval */
  adjustment: num.optional(),
});
export type ScoreRow = z.infer<typeof scoreRow>;

const windowShape = { from: day, to: day };
/** Which answer of each respondent a score counts: one per respondent per metric (issue #14). */
const countingShape = { counting: z.string().max(200) };
/**
 * Where counts by variable came from (issue #14): the variable rollups, or an exact scan of the window's
 * responses when a variable involved is not rolled up; both count the same respondents.
 */
export const sourceShape = { source: z.enum(['rollup', 'scan']), sourceNote: z.string().max(300) };

/** How a weighted overall score was weighted (`weight=channel|impressions`). */
export const scoreWeighting = z.object({
  by: z.enum(['channel', 'impressions']),
  /** where the target shares came from: the site's declared channel mix, equal shares, or impressions */
  shares: z.enum(['declared', 'equal', 'impressions']),
  /** Kish's design effect of the weights (1: weighting costs nothing); null without weighted answers */
  deff: numOrNull,
  /** n / deff */
  effectiveN: numOrNull,
  strata: z.array(
    z.object({
      key: z.string(),
      n: num,
      /** the target share, normalised over every stratum */
      share: num,
      /** the stratum's weight in the estimate (the share renormalised over strata with answers) */
      weight: num,
      /** each respondent's weight relative to an unweighted one */
      respondentWeight: num,
      score: numOrNull,
    }),
  ),
  /** strata with a target share but no answers: their share went to the others */
  empty: z.array(z.string()),
  /** strata with answers but no target share: their answers are not in the weighted score */
  unweighted: z.array(z.string()),
});

export type ScoreWeighting = z.infer<typeof scoreWeighting>;

/** Reply of `GET …/scores`. */
export const scoresReply = z.object({
  metric: scoreMetricName,
  by: z.string(),
  ...windowShape,
  ...countingShape,
  /** the rollups (score or variable) or a scan: see sourceShape */
  source: sourceShape.source.optional(),
  sourceNote: sourceShape.sourceNote.optional(),
  /** with weight: the weighted score (n: the respondents it counts), else every answer pooled */
  overall: scoreRow,
  /** with weight: the unweighted overall, for comparison */
  pooled: scoreRow.optional(),
  weighting: scoreWeighting.optional(),
  rows: z.array(scoreRow),
});

/** Reply of `GET …/scores/leaderboard`. */
export const leaderboardReply = z.object({
  metric: scoreMetricName,
  ...windowShape,
  ...countingShape,
  /** the previous period of the same length, for `change` */
  previousFrom: day,
  previousTo: day,
  minN: num,
  /** the rollups or a scan (with adjust=channel: where the channel effects' counts came from) */
  source: sourceShape.source.optional(),
  sourceNote: sourceShape.sourceNote.optional(),
  /** how `rank` was decided: own score (n ≥ minN) or shrunk score (every answered touchpoint) */
  rankBy: z.enum(['score', 'shrunk']),
  /** with rankBy shrunk: the mean scores shrink toward and the between-touchpoint variance τ² */
  shrinkage: z.object({ mean: num, tau2: num }).nullable(),
  rows: z.array(
    z.object({
      rank: numOrNull,
      key: z.string(),
      n: num,
      score: numOrNull,
      low: numOrNull,
      high: numOrNull,
      previous: numOrNull,
      previousN: num,
      /** null when either n is under minN */
      change: numOrNull,
      changeLow: numOrNull,
      changeHigh: numOrNull,
      /** Holm-adjusted across the rows with a change */
      changeP: numOrNull,
      significant: z.boolean().nullable(),
      responseRate: numOrNull,
      lowSample: z.boolean(),
      /** rankBy shrunk: the empirical Bayes score (posterior mean), else null */
      shrunk: numOrNull,
      /** rankBy shrunk: 95% interval of the rank over posterior draws, else null */
      rankLow: numOrNull,
      rankHigh: numOrNull,
      /** with adjust=channel: the points added to score, low and high */
      adjustment: num.optional(),
    }),
  ),
  /** what the scores are adjusted for */
  adjust: z.enum(['none', 'channel']).optional(),
});

/** Reply of `GET …/scores/quintiles`. */
export const quintilesReply = z.object({
  metric: scoreMetricName,
  ...windowShape,
  ...countingShape,
  /** the score rollups, the variable rollups (one var.* filter), or a scan: see sourceShape */
  ...sourceShape,
  minN: num,
  quintiles: z.array(
    z.object({
      quintile: num,
      keys: z.array(z.string()),
      /** touchpoints in the quintile */
      size: num,
      n: num,
      score: numOrNull,
      weightedScore: numOrNull,
    }),
  ),
  excluded: z.array(z.string()),
  gap: numOrNull,
  /** 95% percentile-bootstrap interval of the gap (respondents resampled within touchpoints, fixed seed) */
  gapLow: numOrNull,
  gapHigh: numOrNull,
  /** bootstrap replicates behind gapLow/gapHigh */
  bootstrap: num,
  /** Cochran's Q test, DerSimonian–Laird τ² and I² (percent, with its 95% interval) across touchpoints */
  heterogeneity: z
    .object({ k: num, q: num, p: num, tau2: num, i2: num, i2Low: num, i2High: num, mean: num })
    .nullable(),
  /** decided by the heterogeneity test: p < 0.05 reads 'focus-on-bottom' */
  reading: z.enum(['focus-on-bottom', 'systemic', 'insufficient-data']),
  readingText: z.string(),
  /** set when fewer than 10 touchpoints take part */
  warning: z.string().nullable(),
});

/** A numeric variable's bin [min, max); null stands for −∞ or +∞. */
export const scoreBin = z.object({ label: z.string(), min: numOrNull, max: numOrNull });

/** Reply of `GET …/scores/segments`. */
export const segmentsReply = z.object({
  metric: scoreMetricName,
  variable: z.string(),
  ...windowShape,
  ...countingShape,
  ...sourceShape,
  minN: num,
  kind: z.enum(['categorical', 'numeric']),
  bins: z.array(scoreBin),
  /**
   * numeric only: `stored` — the cut points stored with the variable rollups when the variable passed the
   * site's level cap (the same in every window); `quantiles` — this window's rounded quintiles (or `bins`)
   */
  binning: z.enum(['stored', 'quantiles']).nullable(),
  /** respondents of a numeric variable whose value was no number ("n/a"), counted in "(missing)" */
  unparseable: num,
  overall: scoreRow,
  rows: z.array(scoreRow),
});

const driverLevel = z.object({ level: z.string(), n: num, mean: num });

/** Reply of `GET …/scores/drivers`. */
export const driversReply = z.object({
  metric: scoreMetricName,
  ...windowShape,
  ...countingShape,
  ...sourceShape,
  /** respondents analysed */
  n: num,
  /** numeric variables counted at the cut points stored with the variable rollups, with their bins */
  binned: z.array(z.object({ variable: z.string(), bins: z.array(scoreBin), unparseable: num })),
  drivers: z.array(
    z.object({
      variable: z.string(),
      kind: z.enum(['categorical', 'numeric']),
      n: num,
      levels: z.array(driverLevel),
      droppedLevels: z.array(z.string()),
      etaSquared: numOrNull,
      etaSquaredAdjusted: numOrNull,
      best: driverLevel.nullable(),
      worst: driverLevel.nullable(),
    }),
  ),
});

const npsSummary = z.object({
  n: num,
  score: numOrNull,
  low: numOrNull,
  high: numOrNull,
  promoters: num,
  passives: num,
  detractors: num,
});

/** Reply of `GET …/scores/impact`. */
export const impactReply = z.object({
  rating: scoreMetricName,
  ...windowShape,
  ...sourceShape,
  minN: num,
  rows: z.array(
    z.object({
      key: z.string(),
      n: num,
      positive: npsSummary,
      notPositive: npsSummary,
      impact: numOrNull,
      low: numOrNull,
      high: numOrNull,
      correlation: numOrNull,
      potentialGain: numOrNull,
      lowSample: z.boolean(),
    }),
  ),
});

/** Reply of `GET …/scores/trend`. */
export const trendReply = z.object({
  metric: scoreMetricName,
  interval: z.enum(['day', 'week', 'month']),
  ...windowShape,
  ...countingShape,
  /** the score rollups, the variable rollups (one var.* filter), or a scan: see sourceShape */
  ...sourceShape,
  minN: num,
  points: z.array(scoreRow.extend({ start: day, end: day })),
});

const rateRow = z.object({ key: z.string(), answered: num, impressions: num, rate: numOrNull });

/** Reply of `GET …/scores/response-rates`. */
export const responseRatesReply = z.object({
  by: z.string(),
  ...windowShape,
  overall: rateRow,
  rows: z.array(rateRow),
});
