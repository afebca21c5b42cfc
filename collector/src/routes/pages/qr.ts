import { networkInterfaces } from 'node:os';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';

/** Error correction that survives a scuffed or partly covered print (~15% of the code). */
const ERROR_CORRECTION = 'M';
/** Quiet zone around the code, in modules (the standard asks for 4). */
const MARGIN = 4;
/** PNG width in pixels: sharp when printed at about 5 cm. */
const PNG_WIDTH = 600;

/** Names and addresses that reach only the machine itself: a link on them cannot send anyone elsewhere. */
const LOOPBACK_HOST = /^(localhost|[a-z0-9-]+\.localhost|127(\.\d{1,3}){3}|::1)$/i;
/** HOST values that listen on every interface. */
const WILDCARD_HOSTS = new Set(['0.0.0.0', '::', '']);
/** Links built from TOUCHPOINT_PUBLIC_URL are the same for everyone; an hour in any cache is fine. */
const SHARED_CACHE = 'public, max-age=3600';
/** Links derived from the request's host must not be cached for other clients. */
const PRIVATE_CACHE = 'private, no-cache';

const bracket = (host: string) => (host.includes(':') ? `[${host}]` : host);

/**
 * The origin links and QR codes point at. TOUCHPOINT_PUBLIC_URL when set; otherwise the request's host only
 * when it is a loopback name or an address this collector listens on (the Host header, or a forwarded
 * one, is the client's to choose: a printed poster must never carry `evil.example`); else the listen address.
 */
export function linkOrigin(fastify: FastifyInstance, req: FastifyRequest): string {
  const config = fastify.config;
  if (config.TOUCHPOINT_PUBLIC_URL) return config.TOUCHPOINT_PUBLIC_URL.replace(/\/$/, '');
  const address = fastify.server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  const listenHost = WILDCARD_HOSTS.has(config.HOST) ? 'localhost' : config.HOST;
  const host = req.hostname.replace(/^\[|\]$/g, '');
  const sameServer = (req.port ?? (req.protocol === 'https' ? 443 : 80)) === port;
  const listenedOn = WILDCARD_HOSTS.has(config.HOST)
    ? Object.values(networkInterfaces()).some((list) => list?.some((i) => i.address === host))
    : host === config.HOST;
  if (LOOPBACK_HOST.test(host) || (listenedOn && sameServer)) return `${req.protocol}://${req.host}`;
  return `http://${bracket(listenHost)}:${port}`;
}

/** Cache-Control of output that carries a link: `shared` only when the link is not derived from the request. */
export const linkCacheControl = (fastify: FastifyInstance, shared = SHARED_CACHE): string =>
  fastify.config.TOUCHPOINT_PUBLIC_URL ? shared : PRIVATE_CACHE;

/**
 * The public link of a touchpoint's survey: `<public URL>/s/<survey>?tp=<touchpoint>`, with `site`
 * only where another site has a survey of the same id (shorter links make simpler codes).
 */
export async function surveyLink(
  fastify: FastifyInstance,
  req: FastifyRequest,
  site: string,
  survey: string,
  touchpoint: string,
): Promise<string> {
  const base = linkOrigin(fastify, req);
  let shared = 0;
  for (const s of await fastify.store.listSites())
    if ((await fastify.catalog.get(s.key))?.surveys.has(survey)) shared++;
  const url = new URL(`${base}/s/${encodeURIComponent(survey)}`);
  url.searchParams.set('tp', touchpoint);
  if (shared > 1) url.searchParams.set('site', site);
  return url.toString();
}

/** The QR code of a link as SVG text. */
export const qrSvg = (link: string): Promise<string> =>
  QRCode.toString(link, { type: 'svg', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN });

/** The QR code of a link as a PNG. */
export const qrPng = (link: string): Promise<Buffer> =>
  QRCode.toBuffer(link, { type: 'png', errorCorrectionLevel: ERROR_CORRECTION, margin: MARGIN, width: PNG_WIDTH });
