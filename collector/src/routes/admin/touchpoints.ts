import type { FastifyPluginAsync } from 'fastify';
import { touchpoint, touchpointUpdate } from '@touchpoint/shared';
import { registerSiteResource } from './site-resource.js';

/** Touchpoints: the pages, stores, kiosks and QR spots answers are counted towards. */
const routes: FastifyPluginAsync = async (fastify) => {
  const { store } = fastify;
  registerSiteResource(fastify, {
    noun: 'Touchpoint',
    path: 'touchpoints',
    schema: touchpoint,
    update: touchpointUpdate,
    patchDescription: 'Changes only the fields sent; `tags` is replaced whole.',
    list: (site) => store.listTouchpoints(site),
    get: (site, id) => store.getTouchpoint(site, id),
    create: (site, t) => store.createTouchpoint(site, t),
    save: (site, t) => store.updateTouchpoint(site, t),
    remove: (site, id) => store.deleteTouchpoint(site, id),
  });
};

export default routes;
