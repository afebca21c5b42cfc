import fp from 'fastify-plugin';
import { Analysis } from '../analysis/analysis.js';
import { Models } from '../analysis/models.js';
import { Weighting } from '../analysis/weighting.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** scores and analyses over the store's rollups and responses */
    scoring: Analysis;
    /** analyses of several variables at once: multivariable drivers, channel effects, importance grid */
    models: Models;
    /** post-stratified overall scores (`weight=channel|impressions`) */
    weighting: Weighting;
  }
}

/** The scoring service: a thin adapter from the store to the pure scoring library. */
export default fp(
  async (fastify) => {
    const scoring = new Analysis(fastify.store);
    fastify.decorate('scoring', scoring);
    fastify.decorate('models', new Models(fastify.store, scoring));
    fastify.decorate('weighting', new Weighting(fastify.store, scoring));
  },
  { name: 'scoring', dependencies: ['store'] },
);
