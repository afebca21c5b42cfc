import type { FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.js';

/**
 * Paths whose tail is personal data: the erasure route carries the address being erased, and a log that
 * kept it would undo the erasure (GDPR art. 17). Everything after `respondents/`, query included, goes.
 */
const PERSONAL_PATH = /^(\/v1\/admin\/sites\/[^/?#]+\/respondents\/).*$/s;

/** Stands in for a redacted part of a logged URL. */
const REDACTED = '[redacted]';

/** Where log lines go instead of stdout (tests capture them). */
export interface LogStream {
  write(line: string): void;
}

/** A request URL as the log may show it. */
export function redactUrl(url: string): string {
  return url.replace(PERSONAL_PATH, `$1${REDACTED}`);
}

/**
 * The request as logged: method and redacted URL; the client's address only when `logIp` is set, since an
 * IP address is personal data too (GDPR recital 30) and a log has no business keeping it by default.
 */
export function requestSerializer(logIp: boolean) {
  return (req: FastifyRequest) => ({
    method: req.method,
    url: redactUrl(req.url),
    ...(logIp ? { remoteAddress: req.ip } : {}),
  });
}

/** Fastify's `logger` option: the level, the redacting serializers, and `stream` when given. */
export function loggerOptions(
  config: Pick<Config, 'LOG_LEVEL' | 'TOUCHPOINT_LOG_IP'>,
  stream?: LogStream,
): FastifyServerOptions['logger'] {
  if (config.LOG_LEVEL === 'silent') return false;
  return {
    level: config.LOG_LEVEL,
    serializers: { req: requestSerializer(config.TOUCHPOINT_LOG_IP) },
    ...(stream ? { stream } : {}),
  };
}
