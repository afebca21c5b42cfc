import fp from 'fastify-plugin';
import { Analysis } from '../analysis/analysis.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** scores and analyses over the store's rollups and responses */
    scoring: Analysis;
  }
}

/** The scoring service: a thin adapter from the store to the pure scoring library. */
export default fp(
  async (fastify) => {
    fastify.decorate('scoring', new Analysis(fastify.store));
  },
  { name: 'scoring', dependencies: ['store'] },
);
