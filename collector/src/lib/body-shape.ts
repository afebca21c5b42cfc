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
/** Each shape's batch key as bytes, encoded once (a scanner is made per request). */
const BATCH_KEY_BYTES = new Map<string, Uint8Array>();

interface Frame {
  object: boolean;
  /** keys seen (objects) or commas seen (arrays) */
  count: number;
  /** in an object: the next string is a key */
  expectKey: boolean;
  /**
   * in an object: the key whose value is being read; null while it is only in the scanner's key buffer
   * (decoded when a path needs it or a container opens under it, not for every key)
   */
  key: string | null;
}

function reject(path: string, message: string): Error {
  return Object.assign(new ValidationError(`${path}: ${message}`), { details: [{ path, message }] });
}

/**
 * Scans the bytes of a JSON body for its shape (before they are even decoded) as they arrive, chunk by
 * chunk, throwing a 400 naming the first container or string over `shape`, or a 413 when a body that is
 * not a batch is longer than `shape.singleBytes`, at the first offending byte, so the rest of a hostile body
 * is never buffered. It does not check that the body is JSON (the parser after it does); it only bounds
 * what parsing and validating it will cost. Its state (frames, in-string/escape flags, the string's byte
 * count, the bytes seen) is kept across chunks, so a token split between two chunks counts once.
 */
export class BodyShapeScanner {
  private readonly frames: Frame[] = [];
  private batch = false;
  /** bytes of the body before the current chunk */
  private seen = 0;
  private inString = false;
  /** the next string byte is escaped (the previous chunk ended with a backslash) */
  private escaped = false;
  /** bytes of the current string read so far */
  private stringBytes = 0;
  /** the current string is a key (only keys are kept: they name paths) */
  private inKey = false;
  /** first bytes of the last key, kept to name it */
  private readonly head = new Uint8Array(PATH_KEY_BYTES);
  /** bytes of the last key */
  private keyBytes = 0;
  /** `shape.batchKey` as bytes, compared with top-level keys without decoding them */
  private readonly batchKey: Uint8Array;

  constructor(private readonly shape: BodyShape) {
    let key = BATCH_KEY_BYTES.get(shape.batchKey);
    if (key === undefined) BATCH_KEY_BYTES.set(shape.batchKey, (key = new TextEncoder().encode(shape.batchKey)));
    this.batchKey = key;
  }

  /** The last key, decoded. */
  private lastKey(): string {
    return decoder.decode(this.head.subarray(0, Math.min(this.keyBytes, PATH_KEY_BYTES)));
  }

  /** Path of the container at `frames[upTo]` (or of the current value when upTo = frames.length). */
  private pathOf(upTo: number): string {
    const parts: PropertyKey[] = ['body'];
    for (let j = 0; j < upTo; j++) {
      const f = this.frames[j] as Frame;
      parts.push(f.object ? (f.key ??= this.lastKey()) : f.count);
    }
    return formatPath(parts);
  }

  /** Scans the next chunk of the body. */
  write(chunk: Uint8Array): void {
    const { shape, frames } = this;
    const len = chunk.length;
    for (let i = 0; i < len; i++) {
      if (this.inString) {
        i = this.scanString(chunk, i);
        continue;
      }
      if (!this.batch && this.seen + i > shape.singleBytes) throw new BodyTooLargeError(shape.singleBytes);
      const c = chunk[i];
      if (c === QUOTE) {
        this.inString = true;
        this.stringBytes = 0;
        const top = frames[frames.length - 1];
        this.inKey = top !== undefined && top.object && top.expectKey;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        if (frames.length >= shape.depth) {
          throw reject(this.pathOf(frames.length), `nested deeper than ${shape.depth} levels`);
        }
        // Keys inside the new container overwrite the key buffer: name the one it is the value of now.
        const parent = frames[frames.length - 1];
        if (parent?.object) parent.key ??= this.lastKey();
        frames.push({ object: c === OPEN_OBJECT, count: 0, expectKey: c === OPEN_OBJECT, key: null });
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        frames.pop();
      } else if (c === COMMA) {
        const top = frames[frames.length - 1];
        if (top?.object) top.expectKey = true;
        else if (top && ++top.count >= shape.items) {
          throw reject(this.pathOf(frames.length - 1), `more than ${shape.items} items`);
        }
      }
    }
    this.seen += len;
  }

  /** Checks what only the whole body tells (its length); call once after the last chunk. */
  end(): void {
    if (this.inString) this.endString();
    if (!this.batch && this.seen > this.shape.singleBytes) throw new BodyTooLargeError(this.shape.singleBytes);
  }

  /** Reads string bytes from `from`; returns the index of the closing quote (or the chunk's last byte). */
  private scanString(chunk: Uint8Array, from: number): number {
    const max = this.shape.string;
    const len = chunk.length;
    let n = this.stringBytes;
    let i = from;
    if (this.escaped) {
      // the escaped byte was counted (and checked) with its backslash, at the previous chunk's end
      this.escaped = false;
      this.keep(chunk[i] as number, n - 1);
      i++;
    }
    for (; i < len; i++) {
      const d = chunk[i] as number;
      if (d === QUOTE) {
        this.stringBytes = n;
        this.endString();
        return i;
      }
      this.keep(d, n);
      if (d === BACKSLASH) {
        n++;
        if (i + 1 < len) this.keep(chunk[++i] as number, n);
        else this.escaped = true;
      }
      if (n > max) {
        // an over-long key is named by the object it is in; a value by its key
        const at = this.inKey ? this.frames.length - 1 : this.frames.length;
        throw reject(this.pathOf(at), `a string longer than ${max} characters`);
      }
      n++;
    }
    this.stringBytes = n;
    return len - 1;
  }

  private keep(byte: number, at: number): void {
    if (this.inKey && at < PATH_KEY_BYTES) this.head[at] = byte;
  }

  /** Whether the last key is `shape.batchKey` (compared as bytes: keys are not decoded one by one). */
  private isBatchKey(): boolean {
    const want = this.batchKey;
    if (this.keyBytes !== want.length || want.length > PATH_KEY_BYTES) return false;
    for (let i = 0; i < want.length; i++) if (this.head[i] !== want[i]) return false;
    return true;
  }

  private endString(): void {
    this.inString = false;
    const { frames, shape } = this;
    const top = frames[frames.length - 1];
    if (this.inKey && top) {
      this.inKey = false;
      top.expectKey = false;
      top.key = null;
      this.keyBytes = this.stringBytes;
      if (++top.count > shape.keys) {
        throw reject(this.pathOf(frames.length - 1), `more than ${shape.keys} keys`);
      }
      if (frames.length === 1 && this.isBatchKey()) this.batch = true;
    }
  }
}

/** Scans a whole body at once (see BodyShapeScanner). */
export function checkBodyShape(body: Uint8Array, shape: BodyShape): void {
  const scanner = new BodyShapeScanner(shape);
  scanner.write(body);
  scanner.end();
}
