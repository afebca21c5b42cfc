import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyKind } from '@touchpoint/shared';

/** Random bytes in a generated key: 192 bits, so a fast hash is as safe to store as a slow one. */
const KEY_BYTES = 24;
/** Characters of a key kept in clear, to tell keys apart in lists. */
const PREFIX_LENGTH = 12;

/** SHA-256 of a key, hex: the only form in which keys are stored. */
export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/** The visible start of a key. */
export const keyPrefix = (key: string): string => key.slice(0, PREFIX_LENGTH);

/** A new random key, e.g. `tp_admin_3q2…`: the kind is readable, the rest is secret. */
export function generateKey(kind: ApiKeyKind): string {
  return `tp_${kind}_${randomBytes(KEY_BYTES).toString('base64url')}`;
}
