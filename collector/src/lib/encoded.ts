import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The encodings the collector sends, best first. */
type Encoding = 'br' | 'gzip';

/**
 * Brotli quality for bodies compressed once and cached (the site config, one survey's copy): 11 is
 * the smallest, and a few KB take about a millisecond.
 */
const CACHED_QUALITY = 11;
/** Brotli quality for bodies made per request (pages with a nonce): nearly as small, several times faster. */
const FRESH_QUALITY = 5;
/** Characters of the base64url SHA-256 in an ETag (162 bits). */
const ETAG_LENGTH = 27;

/** The best encoding the client accepts (`Accept-Encoding`, honouring `q=0`), or undefined for none. */
export function pickEncoding(header: string | string[] | undefined): Encoding | undefined {
  if (!header) return undefined;
  const q = new Map<string, number>();
  for (const part of String(header).toLowerCase().split(',')) {
    const [name = '', ...params] = part.split(';').map((s) => s.trim());
    const weight = params.find((p) => p.startsWith('q='));
    q.set(name, weight ? Number(weight.slice(2)) || 0 : 1);
  }
  const ok = (e: string) => (q.get(e) ?? q.get('*') ?? 0) > 0;
  return ok('br') ? 'br' : ok('gzip') ? 'gzip' : undefined;
}

function compress(text: string, encoding: Encoding, quality: number): Buffer {
  return encoding === 'br'
    ? brotliCompressSync(text, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: quality,
          [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        },
      })
    : gzipSync(text, { level: 9 });
}

/** Adds `Accept-Encoding` to the reply's `Vary`, keeping what other hooks put there (CORS's `Origin`). */
function varyOnEncoding(reply: FastifyReply): void {
  const vary = reply.getHeader('vary');
  const list = vary ? String(vary) : '';
  if (!/accept-encoding/i.test(list)) reply.header('vary', list ? `${list}, Accept-Encoding` : 'Accept-Encoding');
}

/** A text body made once, with its ETag, compressed on first demand per encoding and kept. */
export class EncodedText {
  /** weak: the same for every encoding of the body, which are equivalent (RFC 9110 §8.8.1) */
  readonly etag: string;
  private readonly encoded = new Map<Encoding, Buffer>();

  constructor(readonly text: string) {
    this.etag = `W/"${createHash('sha256').update(text).digest('base64url').slice(0, ETAG_LENGTH)}"`;
  }

  /** The body in an encoding (compressed once, then reused). */
  bytes(encoding: Encoding): Buffer {
    let b = this.encoded.get(encoding);
    if (!b) this.encoded.set(encoding, (b = compress(this.text, encoding, CACHED_QUALITY)));
    return b;
  }
}

/** A JSON body serialized once, with its ETag, compressed on first demand per encoding and kept. */
export class EncodedJson<T = unknown> extends EncodedText {
  constructor(readonly body: T) {
    super(JSON.stringify(body));
  }
}

/** Whether `If-None-Match` names this ETag (a list, weak or strong, or `*`). */
function notModified(req: FastifyRequest, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((t) => t.trim() === '*' || opaque(t) === opaque(etag));
}

/**
 * Sends a cached JSON body: its ETag (a 304 without a body when the client has it), compressed in
 * the best encoding the client accepts, with `Vary: Accept-Encoding`. Callers set caching headers.
 */
export function sendEncoded(
  req: FastifyRequest,
  reply: FastifyReply,
  e: EncodedText,
  // JSON is UTF-8 by definition (RFC 8259 §8.1), so no charset parameter on every page view's config
  type = 'application/json',
): FastifyReply {
  varyOnEncoding(reply);
  reply.header('etag', e.etag);
  if (notModified(req, e.etag)) return reply.code(304).send();
  reply.type(type);
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (!encoding) return reply.send(e.text);
  return reply.header('content-encoding', encoding).send(e.bytes(encoding));
}

/** Sends text made for this request (an HTML page) compressed in the best encoding the client accepts. */
export function sendEncodedText(req: FastifyRequest, reply: FastifyReply, text: string): FastifyReply {
  varyOnEncoding(reply);
  const encoding = pickEncoding(req.headers['accept-encoding']);
  if (!encoding) return reply.send(text);
  return reply.header('content-encoding', encoding).send(compress(text, encoding, FRESH_QUALITY));
}
