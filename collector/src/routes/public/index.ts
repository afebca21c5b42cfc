import type { FastifyPluginAsync } from 'fastify';
import { publicCors } from './cors.js';
import events from './events.js';
import responses from './responses.js';
import siteConfig from './site-config.js';
import widgetAssets from './widget-assets.js';

/**
 * Public routes: no key, CORS answered only for the origins of the site a request is about.
 * A CORS header alone does not stop a simple POST from being stored, so ingest also refuses
 * a browser's post from a foreign origin (403).
 */
const publicRoutes: FastifyPluginAsync = async (fastify) => {
  publicCors(fastify);
  await fastify.register(responses);
  await fastify.register(events);
  await fastify.register(siteConfig);
  await fastify.register(widgetAssets);
};

export default publicRoutes;
