import jsqr from 'jsqr';
import { PNG } from 'pngjs';

// jsqr is CommonJS with `exports.default`: how its default import arrives depends on the loader.
type Decode = (data: Uint8ClampedArray, width: number, height: number) => { data: string } | null;
const jsQR = ((jsqr as unknown as { default?: Decode }).default ?? jsqr) as unknown as Decode;

/** Decodes a QR code PNG to its text. */
export function decodeQr(png: Buffer): string | undefined {
  const img = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(img.data), img.width, img.height)?.data;
}
