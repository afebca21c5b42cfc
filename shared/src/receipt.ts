import { z } from 'zod';
import { slug } from './common.js';

/** A transaction or till id as a POS prints it: letters, digits and `._:-`, at most 64 characters. */
export const receiptRef = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9._:-]+$/, 'letters, digits and . _ : - only');

/** Transaction variables a receipt may carry (bill value, item count, payment type, ...): few and short. */
export const receiptVars = z
  .record(
    z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,31}$/, 'a variable name: a letter, then letters, digits or _'),
    z.union([z.string().max(64), z.number().finite(), z.boolean()]),
  )
  .refine((v) => Object.keys(v).length <= 8, 'at most 8 variables');

/**
 * The signed part of a receipt token (see docs/RECEIPTS.md): short keys keep the QR code small.
 * `i` is the issue time in Unix seconds.
 */
export const receiptPayload = z.strictObject({
  /** key id of the site's receipt secret that signed it */
  k: z.string().regex(/^[A-Za-z0-9_-]{1,16}$/),
  /** site key */
  s: slug,
  /** touchpoint (store) */
  t: slug,
  /** till, optional */
  l: receiptRef.optional(),
  /** transaction id */
  x: receiptRef,
  /** issued, Unix seconds */
  i: z
    .number()
    .int()
    .min(0)
    .max(2 ** 40),
  /** transaction variables */
  v: receiptVars.optional(),
});
export type ReceiptPayload = z.infer<typeof receiptPayload>;

/** A receipt secret as the admin API lists it (the secret itself only in the answer that creates it). */
export const receiptKey = z.object({
  kid: z.string(),
  createdAt: z.string(),
  secret: z.string().optional(),
});
export type ReceiptKey = z.infer<typeof receiptKey>;

/** Receipts a POS issued at one touchpoint on one day (POST /v1/admin/sites/:site/receipts/issued). */
export const receiptsIssued = z.strictObject({
  touchpoint: slug,
  /** the day in the site's time zone, YYYY-MM-DD */
  day: z.iso.date(),
  count: z.number().int().min(0).max(10_000_000),
});
export type ReceiptsIssued = z.infer<typeof receiptsIssued>;
