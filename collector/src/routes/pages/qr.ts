import type { FastifyInstance, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import { ownOrigin } from '../../lib/origin.js';

/** Error correction that survives a scuffed or partly covered print (~15% of the code). */
const ERROR_CORRECTION = 'M';
/** Quiet zone around the code, in modules (the standard asks for 4). */
const MARGIN = 4;
/** PNG width in pixels: sharp when printed at about 5 cm. */
const PNG_WIDTH = 600;

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
  const base = (fastify.config.TOUCHPOINT_PUBLIC_URL ?? ownOrigin(req)).replace(/\/$/, '');
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
