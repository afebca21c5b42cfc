import { z } from 'zod';
import { scoreMetricName, scoreQuery, minNParam, sourceShape } from './scores.js';
import { slug } from './common.js';

/** Most drivers one multivariable model takes (exact Shapley over 2^k subsets). */
export const MAX_MODEL_DRIVERS = 8;

const day = z.iso.date();
const num = z.number();
const numOrNull = z.number().nullable();
/** The window, what is counted, and where the counts came from (the rollups or a scan of the responses). */
const windowShape = { from: day, to: day, counting: z.string().max(200), ...sourceShape };

/** Query of `GET …/scores/drivers/multivariable`. */
export const multivariableDriversQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  question: slug.optional(),
  /** comma-separated drivers (at most MAX_MODEL_DRIVERS); default: the `top` of the ε² screen */
  variables: z.string().max(1000).optional(),
  /** how many of the screen's top drivers to model when `variables` is not given (default 6) */
  top: z.coerce.number().int().min(1).max(MAX_MODEL_DRIVERS).optional(),
  minLevelN: z.coerce.number().int().min(1).max(1_000_000).optional(),
});

const adjustedLevel = z.object({
  level: z.string(),
  n: num,
  mean: num,
  /** mean with the level compared within touchpoints; null where no touchpoint holds it beside another */
  adjustedMean: numOrNull,
  low: numOrNull,
  high: numOrNull,
});

/** Reply of `GET …/scores/drivers/multivariable`. */
export const multivariableDriversReply = z.object({
  metric: scoreMetricName,
  ...windowShape,
  n: num,
  r2: num,
  r2Adjusted: numOrNull,
  adjustedFor: z.literal('touchpoint'),
  drivers: z.array(
    z.object({
      variable: z.string(),
      kind: z.enum(['categorical', 'numeric']),
      /** Shapley share of R²; the drivers' shares add up to r2 */
      shapley: num,
      shareOfExplained: numOrNull,
      /** R² lost when this driver alone is left out */
      unique: num,
      levels: z.array(adjustedLevel),
      best: adjustedLevel.nullable(),
      worst: adjustedLevel.nullable(),
    }),
  ),
});

/** Query of `GET …/scores/channel-effects`. */
export const channelEffectsQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  question: slug.optional(),
});

/** Reply of `GET …/scores/channel-effects`. */
export const channelEffectsReply = z.object({
  metric: scoreMetricName,
  ...windowShape,
  n: num,
  /** the channel offsets are measured against (the one with most answers) */
  reference: z.string().nullable(),
  /** the offset averaged over the site's respondents: what adjusted scores are adjusted to */
  mix: num,
  offsets: z.array(
    z.object({
      channel: z.string(),
      n: num,
      touchpoints: num,
      sharedTouchpoints: num,
      offset: numOrNull,
      se: numOrNull,
      low: numOrNull,
      high: numOrNull,
    }),
  ),
  /** points added to each touchpoint's score by `adjust=channel` */
  touchpoints: z.array(z.object({ key: z.string(), n: num, adjustment: num })),
});

/** Query of `GET …/scores/importance`. */
export const importanceQuery = scoreQuery({
  /** the touchpoint rating's metric: performance is its score, importance its impact on NPS */
  rating: z.enum(['csat', 'ces', 'smiley', 'thumbs']).default('csat'),
  minN: minNParam,
});

/** Where a touchpoint sits on the importance–performance grid. */
export const quadrant = z.enum(['fix-first', 'keep-up', 'low-priority', 'possible-overkill', 'insufficient-data']);

/** Reply of `GET …/scores/importance`. */
export const importanceReply = z.object({
  rating: scoreMetricName,
  from: day,
  to: day,
  ...sourceShape,
  minN: num,
  /** the cross-hairs: medians over the placed touchpoints */
  importanceLine: numOrNull,
  performanceLine: numOrNull,
  rows: z.array(
    z.object({
      key: z.string(),
      /** respondents with a rating */
      n: num,
      performance: numOrNull,
      performanceLow: numOrNull,
      performanceHigh: numOrNull,
      /** respondents with a rating and an NPS answer */
      pairs: num,
      importance: numOrNull,
      importanceLow: numOrNull,
      importanceHigh: numOrNull,
      lowSample: z.boolean(),
      quadrant,
    }),
  ),
});

/** Query of `GET …/scores/journey`. */
export const journeyQuery = scoreQuery({
  metric: scoreMetricName.default('nps'),
  question: slug.optional(),
  /** the touchpoint rating whose impact on NPS is the derived importance */
  rating: z.enum(['csat', 'ces', 'smiley', 'thumbs']).default('csat'),
  minN: minNParam,
});

const journeyTouchpoint = z.object({
  key: z.string(),
  stage: z.string().nullable(),
  n: num,
  score: numOrNull,
  low: numOrNull,
  high: numOrNull,
  responseRate: numOrNull,
  lowSample: z.boolean(),
  /** the touchpoint's `rating` score: performance on the grid */
  performance: numOrNull,
  /** score − the top-20% benchmark; null under minN */
  benchmarkGap: numOrNull,
  importance: numOrNull,
  importanceLow: numOrNull,
  importanceHigh: numOrNull,
  /** the touchpoint's quadrant on its stage's importance–performance grid */
  quadrant,
});

/** Reply of `GET …/scores/journey`. */
export const journeyReply = z.object({
  metric: scoreMetricName,
  rating: scoreMetricName,
  ...windowShape,
  minN: num,
  benchmark: numOrNull,
  benchmarkOf: num,
  stages: z.array(
    z.object({
      stage: z.string(),
      importanceLine: numOrNull,
      performanceLine: numOrNull,
      touchpoints: z.array(journeyTouchpoint),
    }),
  ),
  unstaged: z.array(journeyTouchpoint),
});
