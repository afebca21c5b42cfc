import { Transform, type Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BodyShapeScanner, checkBodyShape, type BodyShape } from '../lib/body-shape.js';

/**
 * A body declared at most this long is scanned whole just before it is parsed rather than chunk by chunk
 * as it arrives: what is buffered unscanned is no more than this, and a beacon (~300 bytes) skips the
 * stream stage the chunked scan needs (a Transform per request, a third of the scan's cost in a profile).
 */
export const WHOLE_SCAN_BYTES = 16 * 1024;

/**
 * Requests whose body the hook below took charge of: null when the stream scanned it, the shape when it is
 * to be scanned whole before parsing (`scanBeforeParse`). The JSON parser checks it, so no body of a route
 * with a shape is parsed unscanned.
 */
const scannedBodies = new WeakMap<FastifyRequest, BodyShape | null>();

/**
 * For the JSON parser: throws the scan's 400/413 for a small body of a route with `config.bodyShape`
 * (whose stream was not scanned), or when the hook below is missing.
 */
export function scanBeforeParse(req: FastifyRequest, body: Uint8Array): void {
  const pending = scannedBodies.get(req);
  if (pending === undefined) throw new Error('body shape not scanned: the preParsing hook is missing');
  if (pending !== null) checkBodyShape(body, pending);
}

/**
 * Bounds the body of a route with `config.bodyShape` while it ARRIVES: each chunk is scanned before it is
 * buffered, and the first offending token fails the stream (400 naming the path, or 413), so the rest of a
 * hostile body is neither buffered nor parsed. The connection of a refused body is closed after the answer
 * (the unread rest is not drained). A body declared at most WHOLE_SCAN_BYTES long is scanned whole once it
 * is in, with the same verdicts.
 */
const bodyShapeScan: FastifyPluginAsync = async (fastify) => {
  fastify.addHook('preParsing', (req, reply, payload, done) => {
    const shape = req.routeOptions.config.bodyShape;
    if (!shape) return done(null, payload);
    // Node's parser delivers exactly Content-Length bytes; a chunked body (no length) is scanned as it comes.
    const declared = req.headers['content-length'];
    if (declared !== undefined && Number(declared) <= WHOLE_SCAN_BYTES) {
      scannedBodies.set(req, shape);
      return done(null, payload);
    }
    const scanner = new BodyShapeScanner(shape);
    scannedBodies.set(req, null);
    const refuse = (err: unknown, cb: (err: Error) => void) => {
      reply.header('connection', 'close');
      cb(err as Error);
    };
    const scanned = new Transform({
      transform(chunk: Buffer, _encoding, cb) {
        try {
          scanner.write(chunk);
        } catch (err) {
          refuse(err, cb);
          return;
        }
        cb(null, chunk);
      },
      flush(cb) {
        try {
          scanner.end();
        } catch (err) {
          refuse(err, cb);
          return;
        }
        cb();
      },
    });
    const source = payload as Readable;
    source.on('error', (err) => scanned.destroy(err));
    // Fastify reads the error while it reads the body; when it answered before reading (a Content-Length
    // over the limit), nobody listens and the error must not crash the process.
    scanned.on('error', () => {});
    done(null, source.pipe(scanned));
  });
};

export default fp(bodyShapeScan, { name: 'body-shape-scan' });
