import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { ErrorCode } from '@touchpoint/shared';
import { RequestTimeoutError } from '../errors.js';

const timeout = new RequestTimeoutError();

/** Node's errors of a client that never made a whole request, and the answer each gets. */
const ANSWERS: Record<string, { status: number; code: ErrorCode; message: string; path?: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: timeout.statusCode ?? 408,
    code: 'TP_ERR_REQUEST_TIMEOUT',
    message: timeout.message,
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    code: 'TP_ERR_VALIDATION',
    message: 'headers: the URL and headers are larger than the server accepts',
    path: 'headers',
  },
};
const MALFORMED = { status: 400, code: 'TP_ERR_VALIDATION' as ErrorCode, message: 'request: not a valid HTTP request' };

/**
 * Fastify's `clientErrorHandler`: the socket-level errors (timeouts, oversized headers, malformed HTTP) get
 * the same `TP_ERR_*` body as every other error, then the socket is closed, as Node itself does.
 */
export function clientErrorHandler(err: Error & { code?: string }, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  const a = ANSWERS[err.code ?? ''] ?? MALFORMED;
  const details = 'path' in a && a.path ? [{ path: a.path, message: a.message.replace(/^\w+: /, '') }] : undefined;
  const body = JSON.stringify({
    statusCode: a.status,
    code: a.code,
    error: STATUS_CODES[a.status],
    message: a.message,
    details,
  });
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${a.status} ${STATUS_CODES[a.status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}
