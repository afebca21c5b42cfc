import type { ReceiptKey } from '@touchpoint/shared';
import type { ReceiptSecret } from '../receipts/token.js';

/** Days a receipt stays valid unless the site says otherwise (a week: most people answer within two days). */
export const DEFAULT_VALIDITY_DAYS = 7;

/** A site's receipt settings (docs/RECEIPTS.md). */
export interface ReceiptSettings {
  /** salt of receipt response ids; made once per site, never changed */
  idSalt: string;
  /** days a receipt stays valid after it was issued */
  validityDays: number;
  /** whether the public improvements page shows the current score */
  publicScore: boolean;
}

/** A receipt transaction that was opened, as recorded by /r/:token. */
export interface ReceiptScan {
  site: string;
  responseId: string;
  touchpoint: string;
  till?: string | undefined;
  txn: string;
  issuedAt: string;
  validUntil: string;
  at: string;
}

/** Receipts issued at one touchpoint on one day, and the verified answers they brought. */
export interface ReceiptRateRow {
  touchpoint: string;
  issued: number;
  verified: number;
}

/** A response that came from a receipt, with its transaction; `verified` when it arrived within the window. */
export interface ReceiptResponse {
  id: string;
  survey: string;
  touchpoint: string;
  txn: string;
  till: string | null;
  issuedAt: string;
  receivedAt: string;
  partial: boolean;
  flagged: boolean;
  verified: boolean;
  answers: Record<string, unknown>;
}

/**
 * Storage of receipt QR codes: secrets, settings, scans, failure counts and issued counts. A small
 * interface beside `Store` (new tables only), so another dialect implements it without touching the
 * response write path.
 */
export interface ReceiptStore {
  /** the site's settings, created with defaults (and a fresh id salt) on first use */
  settings(site: string): Promise<ReceiptSettings>;
  updateSettings(site: string, change: Partial<Omit<ReceiptSettings, 'idSalt'>>): Promise<ReceiptSettings>;
  /** the site's current secrets (all valid for verification) */
  secrets(site: string): Promise<ReceiptSecret[]>;
  listKeys(site: string): Promise<ReceiptKey[]>;
  /** adds a secret; false if the key id exists */
  addKey(site: string, kid: string, secret: string, at: string): Promise<boolean>;
  removeKey(site: string, kid: string): Promise<boolean>;
  /** records that a receipt was opened (a later scan counts, keeps the first time) */
  recordScan(scan: ReceiptScan): Promise<void>;
  /** the scan of a response, if it came from a receipt */
  scanOf(site: string, responseId: string): Promise<ReceiptScan | null>;
  /** counts a refused token */
  countFailure(site: string, day: string, reason: string): Promise<void>;
  failures(site: string, from: string, to: string): Promise<Record<string, number>>;
  /** sets (not adds) the receipts issued at a touchpoint on a day, as a POS reports them */
  setIssued(site: string, touchpoint: string, day: string, count: number): Promise<void>;
  /** per touchpoint between two days (inclusive): receipts issued and verified complete answers */
  rates(site: string, from: string, to: string): Promise<ReceiptRateRow[]>;
  /** responses from receipts issued between two days (inclusive), newest first, at most `limit` */
  receiptResponses(
    site: string,
    q: { from: string; to: string; touchpoint?: string; limit: number },
  ): Promise<ReceiptResponse[]>;
  /** which of these responses are verified by a receipt (scanned, answered within the validity window) */
  verifiedAmong(site: string, ids: readonly string[]): Promise<Set<string>>;
}
