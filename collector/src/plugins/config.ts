import fp from 'fastify-plugin';
import type { Config } from '../config.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** the environment, parsed once at boot */
    config: Config;
  }
}

/** Makes the parsed configuration available to every plugin and route. */
export default fp<{ config: Config }>(
  async (fastify, { config }) => {
    fastify.decorate('config', config);
  },
  { name: 'config' },
);
