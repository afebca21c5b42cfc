import { BodyTooLargeError, ValidationError } from '../errors.js';
import { formatPath } from './validation-details.js';

/**
 * Cheap structural bounds of a public body, checked on the raw text before it is parsed and validated,
 * so a hostile body (60,000 answer keys, 100,000 nested arrays, a megabyte string) is refused after
 * scanning up to its first offending token, never after a full parse and a schema walk.
 */
export interface BodyShape {
  /** deepest nesting of objects and arrays */
  depth: number;
  /** keys of one object */
  keys: number;
  /** items of one array */
  items: number;
  /** bytes of one string as sent (UTF-8, escapes included) */
  string: number;
  /** the top-level key that makes a body a batch (`responses`, `events`) */
  batchKey: string;
  /** largest body, in bytes, that is not a batch */
  singleBytes: number;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** bounds the body's raw JSON must keep before it is parsed (public ingest routes) */
    bodyShape?: BodyShape;
  }
}

const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_OBJECT = 123;
const CLOSE_OBJECT = 125;
const OPEN_ARRAY = 91;
const CLOSE_ARRAY = 93;
/** Longest key quoted in an error's path; keys are short slugs, anything longer is cut. */
const PATH_KEY_BYTES = 64;
const decoder = new TextDecoder();

interface Frame {
  object: boolean;
  /** keys seen (objects) or commas seen (arrays) */
  count: number;
  /** in an object: the next string is a key */
  expectKey: boolean;
  /** in an object: the key whose value is being read */
  key: string;
}

/** Path of the container at `frames[upTo]` (or of the current value when upTo = frames.length). */
function pathOf(frames: Frame[], upTo: number): string {
  const parts: PropertyKey[] = ['body'];
  for (let j = 0; j < upTo; j++) {
    const f = frames[j] as Frame;
    parts.push(f.object ? f.key : f.count);
  }
  return formatPath(parts);
}

function reject(path: string, message: string): Error {
  return Object.assign(new ValidationError(`${path}: ${message}`), { details: [{ path, message }] });
}

/**
 * Scans the bytes of a JSON body for its shape (before they are even decoded), throwing a 400 naming the first container or string over `shape`, or a
 * 413 when a body that is not a batch is longer than `shape.singleBytes`. It does not check that the body
 * is JSON (the parser after it does); it only bounds what parsing and validating it will cost.
 */
export function checkBodyShape(body: Uint8Array, shape: BodyShape): void {
  const frames: Frame[] = [];
  let batch = false;
  const len = body.length;
  for (let i = 0; i < len; i++) {
    if (!batch && i > shape.singleBytes) throw new BodyTooLargeError(shape.singleBytes);
    const c = body[i];
    if (c === QUOTE) {
      const start = i + 1;
      for (i = start; i < len; i++) {
        const d = body[i];
        if (d === QUOTE) break;
        if (d === BACKSLASH) i++;
        if (i - start > shape.string) {
          throw reject(pathOf(frames, frames.length), `a string longer than ${shape.string} characters`);
        }
      }
      const top = frames[frames.length - 1];
      if (top?.object && top.expectKey) {
        top.expectKey = false;
        top.key = decoder.decode(body.subarray(start, Math.min(i, start + PATH_KEY_BYTES)));
        if (++top.count > shape.keys) {
          throw reject(pathOf(frames, frames.length - 1), `more than ${shape.keys} keys`);
        }
        if (frames.length === 1 && top.key === shape.batchKey) batch = true;
      }
    } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
      if (frames.length >= shape.depth) {
        throw reject(pathOf(frames, frames.length), `nested deeper than ${shape.depth} levels`);
      }
      frames.push({ object: c === OPEN_OBJECT, count: 0, expectKey: c === OPEN_OBJECT, key: '' });
    } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
      frames.pop();
    } else if (c === COMMA) {
      const top = frames[frames.length - 1];
      if (top?.object) top.expectKey = true;
      else if (top && ++top.count >= shape.items) {
        throw reject(pathOf(frames, frames.length - 1), `more than ${shape.items} items`);
      }
    }
  }
  if (!batch && len > shape.singleBytes) throw new BodyTooLargeError(shape.singleBytes);
}
