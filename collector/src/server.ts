import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import app, { type AppOptions } from './app.js';
import type { Config } from './config.js';
import { clientErrorHandler } from './lib/client-errors.js';
import { capConnectionsPerClient } from './lib/connection-cap.js';
import { loggerOptions, type LogStream } from './lib/log-redaction.js';

/** Largest body on any route (responses set their own limit); the rest get Fastify's 1 MiB default. */
const BODY_LIMIT = 1024 * 1024;
/** How long a graceful shutdown waits for in-flight requests before closing connections. */
const SHUTDOWN_GRACE_MS = 10_000;
/** Longest pause between Node's checks of the request and headers timeouts (its default, 30 s, lets a slow
 * client hold a socket up to 30 s past its limit). */
const MAX_TIMEOUT_CHECK_MS = 1000;

/**
 * Fastify's `trustProxy` for TOUCHPOINT_TRUST_PROXY. A hop count trusts the nearest `n` peers whatever
 * their address (Express's meaning; this Fastify version trusts no one for a bare number), so it is safe
 * only when the collector is reachable through its proxies alone; a list of proxy addresses is safe anywhere.
 */
function trustProxyOption(
  tp: Config['TOUCHPOINT_TRUST_PROXY'],
): boolean | string[] | ((a: string, hop: number) => boolean) {
  return typeof tp === 'number' ? (_address, hop) => hop < tp : tp;
}

/** Builds the Fastify server with the collector registered; it does not listen. */
export async function buildServer(
  config: Config,
  opts: Omit<AppOptions, 'config'> & { logStream?: LogStream } = {},
): Promise<FastifyInstance> {
  const fastify: FastifyInstance = Fastify({
    logger: loggerOptions(config, opts.logStream),
    bodyLimit: BODY_LIMIT,
    trustProxy: trustProxyOption(config.TOUCHPOINT_TRUST_PROXY),
    // Router and socket errors answer with the same TP_ERR_* body as the app's error handler.
    frameworkErrors: (err, req, reply) => fastify.errorHandler(err, req, reply),
    clientErrorHandler,
    // Keep-alive connections stop holding the process open on close.
    forceCloseConnections: 'idle',
    // A client trickling its headers or body is cut off (408) instead of holding a socket for minutes.
    requestTimeout: config.TOUCHPOINT_REQUEST_TIMEOUT_MS,
    keepAliveTimeout: config.TOUCHPOINT_KEEP_ALIVE_TIMEOUT_MS,
    http: {
      // Node refuses a headers timeout longer than the request timeout.
      headersTimeout: Math.min(config.TOUCHPOINT_HEADERS_TIMEOUT_MS, config.TOUCHPOINT_REQUEST_TIMEOUT_MS),
      connectionsCheckingInterval: Math.min(MAX_TIMEOUT_CHECK_MS, config.TOUCHPOINT_HEADERS_TIMEOUT_MS / 2),
    },
  });
  // Behind a trusted proxy every connection comes from the proxy: the cap would refuse the proxy itself.
  if (config.TOUCHPOINT_MAX_CONNECTIONS_PER_CLIENT > 0 && !config.TOUCHPOINT_TRUST_PROXY) {
    capConnectionsPerClient(fastify.server, config.TOUCHPOINT_MAX_CONNECTIONS_PER_CLIENT);
  }
  // Not encapsulated: the shell (and tests) see the app's decorators, such as `store`.
  await fastify.register(fp(app), { config, ...opts });
  return fastify;
}

/** Host names and addresses only this machine reaches: links built on them work nowhere else. */
const LOOPBACK_HOST = /^(localhost|127(\.\d{1,3}){3}|::1|\[::1\])$/i;

/** What is risky in a configuration that starts fine: each line is logged as a warning by `serve`. */
export function startupWarnings(config: Config): string[] {
  const out: string[] = [];
  if (config.TOUCHPOINT_TRUST_PROXY === true) {
    out.push(
      'TOUCHPOINT_TRUST_PROXY=true trusts every hop of X-Forwarded-For, so any client can choose the address its ' +
        'rate limits count against: set the hop count (e.g. 1) or the proxy addresses/CIDRs instead',
    );
  }
  if (!config.TOUCHPOINT_PUBLIC_URL && !LOOPBACK_HOST.test(config.HOST)) {
    out.push(
      `listening on ${config.HOST} without TOUCHPOINT_PUBLIC_URL: QR codes, posters and links use the listen ` +
        'address, never the Host header a client sends; set TOUCHPOINT_PUBLIC_URL to the address people reach',
    );
  }
  return out;
}

/** Starts listening and closes gracefully on SIGINT/SIGTERM: pending writes are committed first. */
export async function serve(config: Config): Promise<FastifyInstance> {
  const fastify = await buildServer(config);
  await fastify.listen({ port: config.PORT, host: config.HOST });
  for (const warning of startupWarnings(config)) fastify.log.warn(warning);
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
