import { timingSafeEqual } from 'node:crypto';
import { receiptPayload, type ReceiptPayload } from '@touchpoint/shared';
import { receiptSignature, TOKEN_PREFIX } from './sign.js';

/** The longest token accepted: 8 short variables fit well under it, and a QR code stays scannable. */
export const MAX_TOKEN_LENGTH = 1024;
/** A till's clock may run ahead of the collector's by this much (seconds) before a token is "from the future". */
const CLOCK_SKEW_SECONDS = 300;

/** Why a token was refused; each is counted (see ReceiptStore.countFailure). */
export type ReceiptFailure = 'malformed' | 'unknown-key' | 'bad-signature' | 'expired' | 'not-yet-valid';

/** Every failure reason, for the admin API's counts. */
export const RECEIPT_FAILURES: readonly ReceiptFailure[] = [
  'malformed',
  'unknown-key',
  'bad-signature',
  'expired',
  'not-yet-valid',
];

/** A site's receipt secret: several may be valid at once while a till fleet rotates to a new one. */
export interface ReceiptSecret {
  kid: string;
  secret: string;
}

export type Verified = { ok: true; receipt: ReceiptPayload } | { ok: false; reason: ReceiptFailure; site?: string };

/** Reads a token's claims without checking its signature (to find the site and key id), or null if malformed. */
export function readReceipt(token: string): ReceiptPayload | null {
  if (token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split('.');
  if (parts.length !== 3 || parts[0] !== TOKEN_PREFIX || !/^[\w-]+$/.test(parts[1] ?? '')) return null;
  try {
    const parsed = receiptPayload.safeParse(JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Verifies a token: well formed, signed by one of the site's current secrets (by key id), issued no
 * more than `validitySeconds` ago. The site comes from the token; a token signed with another site's
 * secret fails its signature check.
 */
export function verifyReceipt(
  token: string,
  secretsOf: (site: string) => readonly ReceiptSecret[],
  now: Date,
  validitySeconds: number,
): Verified {
  const receipt = readReceipt(token);
  if (!receipt) return { ok: false, reason: 'malformed' };
  const site = receipt.s;
  const key = secretsOf(site).find((s) => s.kid === receipt.k);
  if (!key) return { ok: false, reason: 'unknown-key', site };
  const dot = token.lastIndexOf('.');
  const expected = Buffer.from(receiptSignature(token.slice(0, dot), key.secret));
  const given = Buffer.from(token.slice(dot + 1));
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'bad-signature', site };
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (receipt.i > nowSeconds + CLOCK_SKEW_SECONDS) return { ok: false, reason: 'not-yet-valid', site };
  if (nowSeconds - receipt.i > validitySeconds) return { ok: false, reason: 'expired', site };
  return { ok: true, receipt };
}
