import type { FastifyRequest } from 'fastify';

/** This collector's own origin as the client reached it, e.g. `http://localhost:8787`. */
export function ownOrigin(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}`;
}

/** The Origin header, if a browser sent one ("null" from sandboxed frames counts as sent). */
export function requestOrigin(req: FastifyRequest): string | undefined {
  const o = req.headers.origin;
  return typeof o === 'string' && o.length > 0 ? o : undefined;
}
