import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { LIMITS, slug } from '@touchpoint/shared';
import { NotFoundError } from '../../errors.js';

/** A kiosk that has not sent a heartbeat for this long is shown as offline. */
export const KIOSK_OFFLINE_AFTER_MS = 5 * 60_000;

const kioskStatus = z.object({
  kiosk: z.string(),
  /** the name given in the dashboard, null until then */
  name: z.string().nullable(),
  touchpoint: z.string().nullable(),
  lastSeenAt: z.string(),
  queued: z.number(),
  /** the kiosk said it was online at its last heartbeat, and that heartbeat is recent */
  online: z.boolean(),
  version: z.string().nullable(),
});

const routes: FastifyPluginAsyncZod = async (fastify) => {
  fastify.get(
    '/sites/:site/kiosks',
    {
      schema: {
        tags: ['admin: kiosks'],
        summary: "Each kiosk's last heartbeat, queue length and whether it is online",
        description: `A kiosk is offline when it said so or has not been heard from for ${KIOSK_OFFLINE_AFTER_MS / 60_000} minutes.`,
        params: z.object({ site: slug }),
        response: { 200: z.array(kioskStatus) },
      },
    },
    async (req) => {
      if (!(await fastify.store.getSite(req.params.site))) throw new NotFoundError(`Site "${req.params.site}"`);
      const now = Date.now();
      return (await fastify.store.listKiosks(req.params.site)).map((k) => ({
        kiosk: k.kiosk,
        name: k.name,
        touchpoint: k.touchpoint,
        lastSeenAt: k.lastSeenAt,
        queued: k.queued,
        online: k.online && now - Date.parse(k.lastSeenAt) < KIOSK_OFFLINE_AFTER_MS,
        version: k.version,
      }));
    },
  );
  fastify.put(
    '/sites/:site/kiosks/:kiosk/name',
    {
      schema: {
        tags: ['admin: kiosks'],
        summary: 'Name a kiosk (null clears the name); heartbeats keep it',
        params: z.object({ site: slug, kiosk: z.string().min(1).max(LIMITS.label) }),
        body: z.object({ name: z.string().trim().min(1).max(LIMITS.label).nullable() }),
        response: { 200: z.object({ kiosk: z.string(), name: z.string().nullable() }) },
      },
    },
    async (req) => {
      const { site, kiosk } = req.params;
      if (!(await fastify.store.nameKiosk(site, kiosk, req.body.name))) {
        throw new NotFoundError(`Kiosk "${kiosk}" of site "${site}"`);
      }
      return { kiosk, name: req.body.name };
    },
  );
};

export default routes;
