import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  driversQuery,
  driversReply,
  impactQuery,
  impactReply,
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
import { NotFoundError } from '../../errors.js';

/** What every score route's description says about filters and the metric's questions. */
const COMMON =
  'Filters: `from` and `to` are UTC days, both included (default: the last 90 days); `survey`, `touchpoint`, ' +
  '`channel`; and up to 5 `var.<name>=<value>` filters matching a transaction or profile variable exactly. ' +
  'A metric (`nps`, `csat`, `ces`, `smiley`, `thumbs`) scores every question of that type in the site’s ' +
  'surveys, so a site with several NPS surveys gets one NPS over all of them; narrow it with `survey` or ' +
  '`question`. Scores count each answer, including those of partial responses; flagged responses never count.';

/** Scores and analyses of a site, for admin and read-only keys. */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const tags = ['admin: scores'];
  const params = z.object({ site: slug });
  const requireSite = async (key: string) => {
    if (!(await fastify.store.getSite(key))) throw new NotFoundError(`Site "${key}"`);
  };
  const base = '/sites/:site/scores';

  fastify.get(
    base,
    {
      schema: {
        tags,
        summary: 'A metric overall and per touchpoint, channel, survey or variable',
        description:
          `${COMMON} \`by\`: touchpoint, channel, survey or none read the rollups; device, trigger and ` +
          '`var.<name>` break the window’s responses down (numeric variables in quantile bins).',
        params,
        querystring: scoresQuery,
        response: { 200: scoresReply },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.scoring.scores(req.params.site, req.query);
    },
  );

  fastify.get(
    `${base}/leaderboard`,
    {
      schema: {
        tags,
        summary: 'Touchpoints ranked by score',
        description:
          `${COMMON} Each row: score, 95% interval, n, the change against the previous period of the same ` +
          'length, the response rate (answered / impressions; null with var.* filters) and `lowSample` when ' +
          'n < `minN` (default 30): such rows follow the ranked ones, unranked. Reads only rollups.',
        params,
        querystring: rankingQuery,
        response: { 200: leaderboardReply },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.scoring.leaderboard(req.params.site, req.query);
    },
  );

  fastify.get(
    `${base}/quintiles`,
    {
      schema: {
        tags,
        summary: 'Touchpoints in five groups by score, with the top-vs-bottom gap and its reading',
        description: `${COMMON} Touchpoints with n < \`minN\` (default 30) are left out.`,
        params,
        querystring: rankingQuery,
        response: { 200: quintilesReply },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.scoring.quintiles(req.params.site, req.query);
    },
  );

  fastify.get(
    `${base}/segments`,
    {
      schema: {
        tags,
        summary: 'A metric per level of one variable',
        description:
          `${COMMON} \`variable\`: channel, device, trigger, touchpoint, survey or var.<name>; numeric ` +
          'variables are binned at rounded quantiles (`bins`, default 5); a missing value is its own level.',
        params,
        querystring: segmentsQuery,
        response: { 200: segmentsReply },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.scoring.segments(req.params.site, req.query);
    },
  );

  fastify.get(
    `${base}/drivers`,
    {
      schema: {
        tags,
        summary: 'Variables ranked by how much of the score they explain',
        description:
          `${COMMON} Ranked by chance-corrected eta-squared (epsilon-squared) of the respondent-level score ` +
          '(NPS: +100/0/−100), with each variable’s best and worst level. `variables`: comma-separated list ' +
          '(default: channel, device, trigger, touchpoint and every var.*); levels under `minLevelN` (default ' +
          '10) are dropped.',
        params,
        querystring: driversQuery,
        response: { 200: driversReply },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.scoring.drivers(req.params.site, req.query);
    },
  );

  fastify.get(
    `${base}/impact`,
    {
      schema: {
        tags,
        summary: 'How strongly each touchpoint’s rating goes with overall NPS',
        description:
          `${COMMON} Pairs come from responses holding both a \`rating\` answer (default csat) and an NPS ` +
          'answer in the same survey. impact = NPS of those with a positive rating − NPS of the others, with ' +
          'a 95% interval; association, not proof of cause.',
        params,
        querystring: impactQuery,
        response: { 200: impactReply },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.scoring.impact(req.params.site, req.query);
    },
  );

  fastify.get(
    `${base}/trend`,
    {
      schema: {
        tags,
        summary: 'A metric per day, ISO week or month',
        description: `${COMMON} Buckets without answers are kept with n = 0. Reads only rollups.`,
        params,
        querystring: trendQuery,
        response: { 200: trendReply },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.scoring.trend(req.params.site, req.query);
    },
  );

  fastify.get(
    `${base}/response-rates`,
    {
      schema: {
        tags,
        summary: 'Answered responses over impressions per touchpoint, trigger, channel or survey',
        description:
          'Filters as for scores, except var.* (impressions carry no variables). A rate above 1 means ' +
          'impressions went unrecorded (QR and kiosk answers often have none). Reads only rollups.',
        params,
        querystring: responseRatesQuery,
        response: { 200: responseRatesReply },
      },
    },
    async (req) => {
      await requireSite(req.params.site);
      return fastify.scoring.responseRates(req.params.site, req.query);
    },
  );
};

export default routes;
