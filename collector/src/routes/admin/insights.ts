import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import {
  emergingQuery,
  emergingResponse,
  insightFilter,
  insightTaxonomy,
  slug,
  staffQuery,
  staffResponse,
  staffRoster,
  themesResponse,
  themeTrendQuery,
  themeTrendResponse,
  verbatimQuery,
  verbatimsResponse,
} from '@touchpoint/shared';
import { NotFoundError, UnavailableError } from '../../errors.js';
import { segmentOf, windowOf } from '../../insights/insight-views.js';
import { kudosCsv } from '../../insights/staff-export.js';
import type { InsightService } from '../../plugins/insights.js';

const tags = ['admin: insights'];
const params = z.object({ site: slug });
const taxonomyBody = insightTaxonomy.extend({
  /** true: the seeded default taxonomy */
  default: z.boolean().optional(),
});

/**
 * Verbatim insights of a site: its taxonomy and staff roster, and the views (themes, verbatims, staff kudos).
 * Staff names appear only where the caller asks for them (`staffNames=true`, `names=true`).
 */
const routes: FastifyPluginAsyncZod = async (fastify) => {
  const service = async (site: string): Promise<InsightService> => {
    if (!(await fastify.store.getSite(site))) throw new NotFoundError(`Site "${site}"`);
    if (!fastify.insights) throw new UnavailableError();
    return fastify.insights;
  };
  const base = '/sites/:site/insights';

  fastify.get(
    `${base}/taxonomy`,
    {
      schema: {
        tags,
        summary: "The site's themes and their terms (the seeded retail taxonomy until edited)",
        params,
        response: { 200: taxonomyBody.extend({ default: z.boolean() }) },
      },
    },
    async (req) => {
      const config = await (await service(req.params.site)).store.config(req.params.site);
      return { ...config.taxonomy, default: config.isDefault };
    },
  );
  fastify.put(
    `${base}/taxonomy`,
    {
      schema: {
        tags,
        summary: "Replace the site's taxonomy",
        description:
          'Applies to responses analysed from now on; run `touchpoint insights backfill --site <site>` to analyse ' +
          'earlier ones again. `{ "default": true, "themes": [] }` goes back to the seeded taxonomy.',
        params,
        body: taxonomyBody,
        response: { 200: taxonomyBody.extend({ default: z.boolean() }) },
      },
    },
    async (req) => {
      const { site } = req.params;
      const s = await service(site);
      const config = await s.saveConfig(site, { taxonomy: req.body.default ? null : { themes: req.body.themes } });
      return { ...config.taxonomy, default: config.isDefault };
    },
  );
  fastify.get(
    `${base}/roster`,
    {
      schema: {
        tags,
        summary: "The site's staff roster: names and nicknames per store",
        params,
        response: { 200: staffRoster },
      },
    },
    async (req) => (await (await service(req.params.site)).store.config(req.params.site)).roster,
  );
  fastify.put(
    `${base}/roster`,
    {
      schema: {
        tags,
        summary: "Replace the site's staff roster",
        description: 'Names of 5 letters or more also match with one typo; shorter names and nicknames only exactly.',
        params,
        body: staffRoster,
        response: { 200: staffRoster },
      },
    },
    async (req) => {
      const { site } = req.params;
      return (await (await service(site)).saveConfig(site, { roster: req.body })).roster;
    },
  );
  fastify.get(
    `${base}/themes`,
    {
      schema: {
        tags,
        summary: 'Theme volume, share, sentiment and impact on NPS, by touchpoint',
        description:
          'Per touchpoint, per segment (`channel`, `var.<name>=<value>`) or overall. ' +
          'npsImpact = NPS of all responses with an NPS answer − NPS of those not mentioning the theme, with a ' +
          '95% interval. detractors/promoters: how often each band mentions the theme.',
        params,
        querystring: insightFilter,
        response: { 200: themesResponse },
      },
    },
    async (req) => {
      const s = await service(req.params.site);
      const segment = segmentOf(req.query, Object.keys(insightFilter.shape));
      const { taxonomy } = await s.store.config(req.params.site);
      return s.store.themes(req.params.site, req.query, taxonomy, segment);
    },
  );
  fastify.get(
    `${base}/trend`,
    {
      schema: {
        tags,
        summary: "Each theme's mentions per week (ISO weeks, from Monday), positive and negative",
        description: '`band` limits the counts to the comments of detractors, passives or promoters.',
        params,
        querystring: themeTrendQuery,
        response: { 200: themeTrendResponse },
      },
    },
    async (req) => {
      const s = await service(req.params.site);
      const segment = segmentOf(req.query, Object.keys(themeTrendQuery.shape));
      const { taxonomy } = await s.store.config(req.params.site);
      return s.store.trend(req.params.site, req.query, taxonomy, segment);
    },
  );
  fastify.get(
    `${base}/emerging`,
    {
      schema: {
        tags,
        summary: 'Emerging themes: terms and phrases of comments that match no theme, clustered, with examples',
        description:
          'Words are stemmed; function and sentiment words are left out. Terms used in the same comments form ' +
          'one cluster. lift = share among unmatched comments ÷ share among all comments. Promote a cluster ' +
          'by adding a theme with its terms (PUT …/insights/taxonomy). Per segment with `channel` and ' +
          '`var.<name>=<value>`. Each request is computed once and stored: it is read back (`computedAt` says ' +
          'when it was computed) until 50 comments more or fewer were analysed on the site, its taxonomy or ' +
          'roster is edited, or a comment it quotes is deleted or erased.',
        params,
        querystring: emergingQuery,
        response: { 200: emergingResponse },
      },
    },
    async (req) => {
      const segment = segmentOf(req.query, Object.keys(emergingQuery.shape));
      return (await service(req.params.site)).store.emerging(req.params.site, req.query, segment);
    },
  );
  fastify.get(
    `${base}/verbatims`,
    {
      schema: {
        tags,
        summary: 'Comments filtered by theme, sentiment, NPS band and staff member, with the matched words as offsets',
        description:
          'Spans are [start, end) offsets into `text`; render the text as text, never as HTML. With `theme`, ' +
          '`sentiment` is the sentiment about that theme; without, of the whole comment.',
        params,
        querystring: verbatimQuery,
        response: { 200: verbatimsResponse },
      },
    },
    async (req) => {
      const s = await service(req.params.site);
      const segment = segmentOf(req.query, Object.keys(verbatimQuery.shape));
      const { roster } = await s.store.config(req.params.site);
      return s.store.verbatims(req.params.site, req.query, roster, segment);
    },
  );
  fastify.get(
    `${base}/staff`,
    {
      schema: {
        tags,
        summary: 'Staff kudos per store: who was named, how often, in praise or in complaint',
        description: 'Roster ids only, unless `names=true`. Per segment with `channel` and `var.<name>=<value>`.',
        params,
        querystring: staffQuery,
        response: { 200: staffResponse },
      },
    },
    async (req) => {
      const s = await service(req.params.site);
      const { roster } = await s.store.config(req.params.site);
      const segment = segmentOf(req.query, Object.keys(staffQuery.shape));
      return s.store.staff(req.params.site, req.query, roster, req.query.names === 'true', segment);
    },
  );
  fastify.get(
    `${base}/staff.csv`,
    {
      schema: {
        tags,
        summary: 'Share with the team: staff kudos per store as CSV',
        description:
          'One row per person named: store, store name, person, mentions, praise, complaints. Roster ids only, ' +
          'unless `names=true`. Cells a spreadsheet would run as a formula are prefixed with a single quote.',
        params,
        querystring: staffQuery,
      },
    },
    async (req, reply) => {
      const { site } = req.params;
      const s = await service(site);
      const { roster } = await s.store.config(site);
      const segment = segmentOf(req.query, Object.keys(staffQuery.shape));
      const kudos = await s.store.staff(site, req.query, roster, req.query.names === 'true', segment);
      const stores = new Map((await fastify.store.listTouchpoints(site)).map((t) => [t.id, t.name]));
      const period = windowOf(req.query);
      reply.header('content-disposition', `attachment; filename="touchpoint-${site}-staff-kudos-${period.to}.csv"`);
      reply.type('text/csv; charset=utf-8');
      return kudosCsv(kudos, stores, period);
    },
  );
};

export default routes;
