import type { FastifyReply } from 'fastify';

/**
 * Leaves out Node's `Connection: keep-alive` and `Keep-Alive: timeout=…` (43 bytes a response): an HTTP/1.1
 * connection persists without them (RFC 9112 §9.3), and Node still keeps it open (and closes an HTTP/1.0
 * client's, which would have needed them). For the responses a page view or a popup downloads.
 */
export const persistentByDefault = (reply: FastifyReply): void => void reply.raw.removeHeader('connection');
