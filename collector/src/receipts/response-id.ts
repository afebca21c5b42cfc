import { createHmac } from 'node:crypto';

/**
 * The response id of a receipt's survey: the same for every scan of one transaction, so two phones
 * answering at once store one response (a complete response is final; partials merge). Derived with a
 * per-site salt the collector keeps, so it cannot be computed from a transaction id alone: only someone
 * holding the receipt learns it. Shaped as a version 8 UUID (RFC 9562 §5.8), as the wire format wants.
 */
export function receiptResponseId(site: string, txn: string, salt: string): string {
  const b = createHmac('sha256', salt).update(`${site}\n${txn}`).digest().subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
