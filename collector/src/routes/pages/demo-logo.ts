import type { FastifyPluginAsync } from 'fastify';

/**
 * The demo shop's logo (Northwind Outfitters: a pine over a mountain, its green and paper), served by the
 * collector so the demo's kiosk and link pages show a logo with no external URL (their CSP allows `'self'`).
 */
export const DEMO_LOGO_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 48 48"><rect width="48" height="48" rx="10" fill="#1d3b2f"/><path d="M6 38 19 18l7 10 5-6 11 16z" fill="#faf8f3"/><path d="M31 8l-6 10h4l-5 8h14l-5-8h4z" fill="#7fb08f"/></svg>`;

/** Where the demo theme points its logo (collector/src/seed/demo-catalog.ts). */
export const DEMO_LOGO_PATH = '/demo/northwind.svg';

/** Serves the demo logo. */
const demoLogo: FastifyPluginAsync = async (fastify) => {
  fastify.get(DEMO_LOGO_PATH, { schema: { hide: true } }, async (_req, reply) =>
    reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(DEMO_LOGO_SVG),
  );
};

export default demoLogo;
