import type { FastifyInstance, FastifySchema } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  driversQuery,
  driversReply,
  impactQuery,
  impactReply,
  leaderboardQuery,
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
import { NotFoundError, UnavailableError } from '../../errors.js';

/** What every score route's description says about filters and the metric's questions. */
const COMMON =
  'Filters: `from` and `to` are UTC days, both included (default: the last 90 days); `survey`, `touchpoint`, ' +
  '`channel`; `verified=receipt` (only answers verified by a receipt QR code, scanned from the responses); and up to 5 `var.<name>=<value>` filters matching a transaction or profile variable exactly. ' +
  'A metric (`nps`, `csat`, `ces`, `smiley`, `thumbs`) scores every question of that type in the site’s ' +
  'surveys, so a site with several NPS surveys gets one NPS over all of them; narrow it with `survey` or ' +
  '`question`. Scores count each answer, including those of partial responses; flagged responses never count.';

/** Scores and analyses of a site, for admin and read-only keys. */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const params = z.object({ site: slug });
  const { scoring } = fastify;

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
        if (!(await fastify.store.getSite(site))) throw new NotFoundError(`Site "${site}"`);
        // Verified answers are known where receipts are stored (SQLite for now); elsewhere, no silent "all".
        if ((req.query as { verified?: string }).verified && !fastify.receipts) throw new UnavailableError();
        return answer(site, req.query as z.infer<Q>);
      },
    );
  }

  scoreRoute(
    '',
    {
      summary: 'A metric overall and per touchpoint, channel, survey or variable',
      description:
        `${COMMON} \`by\`: touchpoint, channel, survey or none read the rollups; device, trigger and ` +
        '`var.<name>` break the window’s responses down (numeric variables in quantile bins).',
    },
    scoresQuery,
    scoresReply,
    (site, q) => scoring.scores(site, q),
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
        'rank interval (`rankLow`..`rankHigh`). Reads only rollups.',
    },
    leaderboardQuery,
    leaderboardReply,
    (site, q) => scoring.leaderboard(site, q),
  );
  scoreRoute(
    '/quintiles',
    {
      summary: 'Touchpoints in five groups by score, with the top-vs-bottom gap and its reading',
      description:
        `${COMMON} Touchpoints with n < \`minN\` (default 30) are left out. The gap has a 95% bootstrap ` +
        'interval (respondents resampled within touchpoints, fixed seed); the reading comes from Cochran’s Q ' +
        'across touchpoints (with τ² and I²), and `warning` is set under 10 touchpoints.',
    },
    rankingQuery,
    quintilesReply,
    (site, q) => scoring.quintiles(site, q),
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
    '/impact',
    {
      summary: 'How strongly each touchpoint’s rating goes with overall NPS',
      description:
        `${COMMON} Pairs come from responses holding both a \`rating\` answer (default csat) and an NPS ` +
        'answer in the same survey. impact = NPS of those with a positive rating − NPS of the others, with ' +
        'a 95% interval; association, not proof of cause.',
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
