import { Transform, type Readable } from 'node:stream';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { BodyShapeScanner } from '../lib/body-shape.js';

/** Requests whose body the hook below scanned; the JSON parser checks it so the scan has one code path. */
export const scannedBodies = new WeakSet<FastifyRequest>();

/**
 * Bounds the body of a route with `config.bodyShape` while it ARRIVES: each chunk is scanned before it is
 * buffered, and the first offending token fails the stream (400 naming the path, or 413), so the rest of a
 * hostile body is neither buffered nor parsed. The connection of a refused body is closed after the answer
 * (the unread rest is not drained).
 */
const bodyShapeScan: FastifyPluginAsync = async (fastify) => {
  fastify.addHook('preParsing', async (req, reply, payload) => {
    const shape = req.routeOptions.config.bodyShape;
    if (!shape) return payload;
    const scanner = new BodyShapeScanner(shape);
    scannedBodies.add(req);
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
    return source.pipe(scanned);
  });
};

export default fp(bodyShapeScan, { name: 'body-shape-scan' });
