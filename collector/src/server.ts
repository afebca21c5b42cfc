import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import app, { type AppOptions } from './app.js';
import type { Config } from './config.js';
import { loggerOptions, type LogStream } from './lib/log-redaction.js';

/** Largest body on any route (responses set their own limit); the rest get Fastify's 1 MiB default. */
const BODY_LIMIT = 1024 * 1024;
/** How long a graceful shutdown waits for in-flight requests before closing connections. */
const SHUTDOWN_GRACE_MS = 10_000;

/** Builds the Fastify server with the collector registered; it does not listen. */
export async function buildServer(
  config: Config,
  opts: Omit<AppOptions, 'config'> & { logStream?: LogStream } = {},
): Promise<FastifyInstance> {
  const fastify = Fastify({
    logger: loggerOptions(config, opts.logStream),
    bodyLimit: BODY_LIMIT,
    trustProxy: config.TOUCHPOINT_TRUST_PROXY,
    // Keep-alive connections stop holding the process open on close.
    forceCloseConnections: 'idle',
  });
  // Not encapsulated: the shell (and tests) see the app's decorators, such as `store`.
  await fastify.register(fp(app), { config, ...opts });
  return fastify;
}

/** Starts listening and closes gracefully on SIGINT/SIGTERM: pending writes are committed first. */
export async function serve(config: Config): Promise<FastifyInstance> {
  const fastify = await buildServer(config);
  await fastify.listen({ port: config.PORT, host: config.HOST });
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    fastify.log.info({ signal }, 'shutting down: draining requests and pending writes');
    const force = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref();
    fastify.close().then(
      () => {
        clearTimeout(force);
        process.exit(0);
      },
      (err: unknown) => {
        fastify.log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
  return fastify;
}
