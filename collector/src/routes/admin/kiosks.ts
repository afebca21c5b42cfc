import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { slug } from '@touchpoint/shared';
import { NotFoundError } from '../../errors.js';

/** A kiosk that has not sent a heartbeat for this long is shown as offline. */
export const KIOSK_OFFLINE_AFTER_MS = 5 * 60_000;

const kioskStatus = z.object({
  kiosk: z.string(),
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
        touchpoint: k.touchpoint,
        lastSeenAt: k.lastSeenAt,
        queued: k.queued,
        online: k.online && now - Date.parse(k.lastSeenAt) < KIOSK_OFFLINE_AFTER_MS,
        version: k.version,
      }));
    },
  );
};

export default routes;
