import type { FastifyInstance, FastifySchema } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  channelEffectsQuery,
  channelEffectsReply,
  driversQuery,
  driversReply,
  impactQuery,
  impactReply,
  leaderboardQuery,
  importanceQuery,
  importanceReply,
  journeyQuery,
  journeyReply,
  multivariableDriversQuery,
  multivariableDriversReply,
  leaderboardReply,
  quintilesReply,
  rankingQuery,
  responseRatesQuery,
  responseRatesReply,
  scoresQuery,
  scoresReply,
  segmentsQuery,
  segmentsReply,
  slug,
  trendQuery,
  trendReply,
} from '@touchpoint/shared';
import { NotFoundError, ValidationError } from '../../errors.js';

/** What every score route's description says about filters and the metric's questions. */
const COMMON =
  'Filters: `from` and `to` are days in the site’s time zone (`settings.timeZone`), both included (default: the last 90 days); trend weeks (ISO, from Monday) and months are local too; `survey`, `touchpoint`, ' +
  '`channel`; `verified=receipt` (only answers verified by a receipt QR code, scanned from the responses); and up to 5 `var.<name>=<value>` filters matching a transaction or profile variable exactly. ' +
  'Counts come from rollups; one `var.*` filter reads the variable rollups at that level, while two or more, a ' +
  '`verified` filter, or a variable that is scan only or binned make an exact scan of the window’s responses ' +
  '(the same result, slower): the reply’s `source` and `sourceNote` say which. ' +
  'A metric (`nps`, `csat`, `ces`, `smiley`, `thumbs`) scores every question of that type in the site’s ' +
  'surveys, so a site with several NPS surveys gets one NPS over all of them; narrow it with `survey` or ' +
  '`question`. Scores count each answer, including those of partial responses; flagged responses never count.';

/** Scores and analyses of a site, for admin and read-only keys. */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const params = z.object({ site: slug });
  const { scoring, models, weighting } = fastify;

  /** One GET route under /sites/:site/scores: its schema, and the scoring call that answers it. */
  function scoreRoute<Q extends z.ZodType, R extends z.ZodType>(
    path: string,
    doc: { summary: string; description: string },
    querystring: Q,
    reply: R,
    answer: (site: string, query: z.infer<Q>) => Promise<z.infer<R>>,
  ): void {
    // Generic over the schemas, so the handler reads by cast; the schemas still validate and serialise.
    (fastify as unknown as FastifyInstance).get(
      `/sites/:site/scores${path}`,
      { schema: { tags: ['admin: scores'], ...doc, params, querystring, response: { 200: reply } } as FastifySchema },
      async (req) => {
        const { site } = req.params as { site: string };
        const found = await fastify.store.getSite(site);
        if (!found) throw new NotFoundError(`Site "${site}"`);
        // Days, weeks and months are the site's own: its time zone goes with the query.
        return answer(site, { ...(req.query as object), timeZone: found.settings.timeZone } as z.infer<Q>);
      },
    );
  }

  scoreRoute(
    '',
    {
      summary: 'A metric overall and per touchpoint, channel, survey or variable',
      description:
        `${COMMON} \`by\`: touchpoint, channel, survey or none read the rollups; device, trigger and ` +
        '`var.<name>` break the window’s responses down (numeric variables in quantile bins). ' +
        '`adjust=channel` (with by=touchpoint): each touchpoint’s score and interval shifted to the site’s ' +
        'channel mix by the offsets of `/scores/channel-effects`; `adjustment` says by how much. ' +
        '`weight=channel|impressions`: the overall score post-stratified, each channel at the site’s declared mix ' +
        '(`settings.weighting.channelShares`, else equal shares) or each touchpoint at its share of impressions; ' +
        '`pooled` keeps the unweighted overall and `weighting` gives the strata, Kish’s design effect and the ' +
        'effective n (not with `adjust=channel`).',
    },
    scoresQuery,
    scoresReply,
    (site, q) => {
      if (q.weight !== 'none' && q.adjust === 'channel')
        throw new ValidationError('weight: a weighted overall cannot be combined with adjust=channel');
      if (q.weight !== 'none') return weighting.scores(site, { ...q, weight: q.weight });
      return q.adjust === 'channel' ? models.adjustedScores(site, q) : scoring.scores(site, q);
    },
  );
  scoreRoute(
    '/leaderboard',
    {
      summary: 'Touchpoints ranked by score',
      description:
        `${COMMON} Each row: score, 95% interval, n, the change against the previous period of the same ` +
        'length, the response rate (answered / impressions; null with var.* filters) and `lowSample` when ' +
        'n < `minN` (default 30): such rows follow the ranked ones, unranked. With `rank=shrunk` every answered ' +
        'row is ranked by its empirical Bayes score (`shrunk`, toward the mean in `shrinkage`) with a 95% ' +
        'rank interval (`rankLow`..`rankHigh`). Reads only rollups, except with `adjust=channel` (not with ' +
        '`rank=shrunk`): scores shifted to the site’s channel mix (see `/scores/channel-effects`) and re-ranked; ' +
        'the change against the previous period stays unadjusted.',
    },
    leaderboardQuery,
    leaderboardReply,
    (site, q) => {
      if (q.adjust === 'channel' && q.rank === 'shrunk')
        throw new ValidationError('adjust: a channel adjustment cannot be combined with rank=shrunk');
      return q.adjust === 'channel' ? models.adjustedLeaderboard(site, q) : scoring.leaderboard(site, q);
    },
  );
  scoreRoute(
    '/quintiles',
    {
      summary: 'Touchpoints in five groups by score, with the top-vs-bottom gap and its reading',
      description:
        `${COMMON} Touchpoints with n < \`minN\` (default 30) are left out. The gap has a 95% bootstrap ` +
        'interval (respondents resampled within touchpoints, fixed seed); the reading comes from Cochran’s Q ' +
        'across touchpoints (with τ² and I²), and `warning` is set under 10 touchpoints. `adjust` is not ' +
        'supported here.',
    },
    rankingQuery,
    quintilesReply,
    (site, q) => {
      if (q.adjust !== 'none') throw new ValidationError('adjust: quintiles are of unadjusted scores');
      return scoring.quintiles(site, q);
    },
  );
  scoreRoute(
    '/segments',
    {
      summary: 'A metric per level of one variable',
      description:
        `${COMMON} \`variable\`: channel, device, trigger, touchpoint, survey or var.<name>; numeric ` +
        'variables are binned at rounded quantiles (`bins`, default 5); a missing value is its own level.',
    },
    segmentsQuery,
    segmentsReply,
    (site, q) => scoring.segments(site, q),
  );
  scoreRoute(
    '/drivers',
    {
      summary: 'Variables ranked by how much of the score they explain',
      description:
        `${COMMON} Ranked by chance-corrected eta-squared (epsilon-squared) of the respondent-level score ` +
        '(NPS: +100/0/−100), with each variable’s best and worst level. `variables`: comma-separated list ' +
        '(default: channel, device, trigger, touchpoint and every var.*); levels under `minLevelN` (default ' +
        '10) are dropped.',
    },
    driversQuery,
    driversReply,
    (site, q) => scoring.drivers(site, q),
  );
  scoreRoute(
    '/drivers/multivariable',
    {
      summary: 'The top drivers modelled together: Shapley shares of R² and levels adjusted for touchpoint',
      description:
        `${COMMON} A least-squares model of the respondent-level score on the drivers at once, each ` +
        'dummy-coded (levels under `minLevelN`, default 10, pooled into "(other)"). `shapley`: each ' +
        'driver’s share of R² averaged over every order of entry (the shares add up to `r2`); `unique`: R² ' +
        'lost without it. Levels: raw mean and `adjustedMean`, compared within touchpoints (touchpoint fixed ' +
        'effects), with a 95% interval; null where no touchpoint holds the level beside another. ' +
        '`variables`: up to 8, comma-separated (default: the `top`, default 6, of the eta-squared screen). ' +
        'Reads the score, variable and pairwise rollups when every driver is rolled up with its own levels ' +
        '(not scan only nor binned; with two or more variables, crossed in pairs: those of the site’s ' +
        '`settings.pairVariables`, else its first 12 seen, ' +
        'and no touchpoint or channel filter); otherwise it scans the responses (`source: scan`, ' +
        '`sourceNote` says why), with the same result.',
    },
    multivariableDriversQuery,
    multivariableDriversReply,
    (site, q) => models.multivariableDrivers(site, q),
  );
  scoreRoute(
    '/channel-effects',
    {
      summary: 'How much higher or lower each channel’s answers run than the reference channel’s',
      description:
        `${COMMON} Least squares of the respondent-level score on touchpoint fixed effects and channel, so ` +
        'channels are compared only within touchpoints that use several: `offset` (points against ' +
        '`reference`, the channel with most answers) with a 95% interval; null for a channel never seen ' +
        'beside another at one touchpoint. `touchpoints[].adjustment`: what `adjust=channel` adds. Reads the ' +
        'touchpoint × channel cells from the score rollups, with one var.* filter from the variable rollups at ' +
        'that level (`source: rollup`); with a verified filter, two var.* filters or one on a variable that is ' +
        'scan only or binned it scans the window’s responses (`source: scan`), with the same result.',
    },
    channelEffectsQuery,
    channelEffectsReply,
    (site, q) => models.channelEffects(site, q),
  );
  scoreRoute(
    '/importance',
    {
      summary: 'The importance–performance grid: each touchpoint’s rating score against its impact on NPS',
      description:
        `${COMMON} performance: the touchpoint’s \`rating\` score (default csat) with its interval; ` +
        'importance: its impact on NPS (see `/scores/impact`) with its interval. Quadrants around the ' +
        'medians of the touchpoints placed: fix-first, keep-up, low-priority, possible-overkill; ' +
        'insufficient-data when the impact is low-sample (`minN`, default 30) or unknown.',
    },
    importanceQuery,
    importanceReply,
    (site, q) => models.importance(site, q),
  );
  scoreRoute(
    '/journey',
    {
      summary: 'The journey map: touchpoints by journey stage with score, benchmark gap and importance',
      description:
        `${COMMON} Stages in the site’s order (\`settings.journeyStages\`, default discover, consider, buy, ` +
        'receive, use, get-help; a touchpoint’s `stage` places it). Each touchpoint: the leaderboard’s score, ' +
        'interval, n, response rate and `lowSample`; `benchmarkGap`, its score minus the mean of the best fifth ' +
        'of the ranked touchpoints (`benchmark`); its derived importance (impact of the `rating` on NPS) and ' +
        'its quadrant on its stage’s importance–performance grid. Touchpoints without a stage are `unstaged`.',
    },
    journeyQuery,
    journeyReply,
    (site, q) => models.journey(site, q),
  );
  scoreRoute(
    '/impact',
    {
      summary: 'How strongly each touchpoint’s rating goes with overall NPS',
      description:
        `${COMMON} Pairs come from responses holding both a \`rating\` answer (default csat) and an NPS ` +
        'answer in the same survey. impact = NPS of those with a positive rating − NPS of the others, with ' +
        'a 95% interval; association, not proof of cause. Each answer counts as the type its question had when ' +
        'the response arrived. Reads the joint (rating, NPS) counts from the impact rollups (`source: rollup`); ' +
        'with var.* or verified filters, or before the site’s recount, it scans the responses (`source: scan`).',
    },
    impactQuery,
    impactReply,
    (site, q) => scoring.impact(site, q),
  );
  scoreRoute(
    '/trend',
    {
      summary: 'A metric per day, ISO week or month',
      description: `${COMMON} Buckets without answers are kept with n = 0. Reads only rollups.`,
    },
    trendQuery,
    trendReply,
    (site, q) => scoring.trend(site, q),
  );
  scoreRoute(
    '/response-rates',
    {
      summary: 'Answered responses over impressions per touchpoint, trigger, channel or survey',
      description:
        'Filters as for scores, except var.* (impressions carry no variables). A rate above 1 means ' +
        'impressions went unrecorded (QR and kiosk answers often have none). Reads only rollups.',
    },
    responseRatesQuery,
    responseRatesReply,
    (site, q) => scoring.responseRates(site, q),
  );
};

export default routes;
