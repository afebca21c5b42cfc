import { createHmac } from 'node:crypto';

/**
 * The reference receipt signer (docs/RECEIPTS.md): what a till or POS runs to print a receipt QR code.
 * It needs only node:crypto, so a POS integration can copy this file as it is.
 *
 * token = "tp1." + base64url(JSON payload) + "." + base64url(HMAC-SHA256(secret, "tp1." + base64url(JSON payload)))
 */

/** The token format's version prefix; a future format gets another. */
export const TOKEN_PREFIX = 'tp1';

/** What a receipt says: short keys keep the QR code small (see `receiptPayload` in @touchpoint/shared). */
export interface ReceiptClaims {
  /** key id of the secret below */
  k: string;
  /** site */
  s: string;
  /** touchpoint (store) */
  t: string;
  /** till */
  l?: string;
  /** transaction id */
  x: string;
  /** issued, Unix seconds */
  i: number;
  /** transaction variables (bill, items, payment, ...) */
  v?: Record<string, string | number | boolean>;
}

/** The HMAC-SHA256 of the signed part, base64url. */
export function receiptSignature(signed: string, secret: string): string {
  return createHmac('sha256', secret).update(signed).digest('base64url');
}

/** Signs a receipt with a site's receipt secret. */
export function signReceipt(claims: ReceiptClaims, secret: string): string {
  const signed = `${TOKEN_PREFIX}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
  return `${signed}.${receiptSignature(signed, secret)}`;
}
