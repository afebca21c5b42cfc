import { createHash, randomBytes } from 'node:crypto';
import type { ApiKeyKind } from '@touchpoint/shared';

/** Random bytes in a generated key: 192 bits, so a fast hash is as safe to store as a slow one. */
const KEY_BYTES = 24;
/** Characters of a key shown in clear to tell keys apart: 48 of a generated key's 192 bits, 144 stay secret. */
const PREFIX_LENGTH = 8;
/** A key without our marker shows at most this share of itself (a 24-character key: 6 characters). */
const PREFIX_SHARE = 4;
/** The readable start of a generated key, `tp_admin_` or `tp_read_`: no secret in it. */
const KIND_MARKER = /^tp_(?:admin|read)_/;

/** The shortest bootstrap key (TOUCHPOINT_ADMIN_KEY) the collector accepts. */
export const MIN_KEY_LENGTH = 24;
/**
 * The least estimated strength of a bootstrap key, in bits. Keys are stored as a fast SHA-256, so a key must
 * resist offline guessing should the database leak, not only the rate-limited online kind: 80 bits.
 */
export const MIN_KEY_BITS = 80;
/** What a run of letters counts for at most: one word of a 65,536-word dictionary. */
const WORD_BITS = 16;
/** Sizes of the character classes a key may draw from: lower case, upper case, digits, other printable ASCII. */
const CLASSES: readonly [RegExp, number][] = [
  [/[a-z]/, 26],
  [/[A-Z]/, 26],
  [/[0-9]/, 10],
  [/[^a-zA-Z0-9]/, 33],
];

/** SHA-256 of a key, hex: the only form in which keys are stored. */
export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex');

/**
 * The visible part of a key: at most 8 characters after a `tp_<kind>_` marker (the kind is listed anyway),
 * and never more than a quarter of a key without one.
 */
export function keyPrefix(key: string): string {
  const secret = key.replace(KIND_MARKER, '');
  return secret.slice(0, Math.min(PREFIX_LENGTH, Math.floor(secret.length / PREFIX_SHARE)));
}

/** A new random key, e.g. `tp_admin_3q2…`: the kind is readable, the rest is secret. */
export function generateKey(kind: ApiKeyKind): string {
  return `tp_${kind}_${randomBytes(KEY_BYTES).toString('base64url')}`;
}

/** A key read as words (letters in one case, or capitalised) and single other characters. */
const TOKENS = /[A-Z]?[a-z]+|[A-Z]+|[^a-zA-Z]/g;
/** Characters that merely join words: `correct-horse`, `admin_key`. */
const SEPARATOR = /^[-_. ]$/;

/**
 * A cautious estimate of how many bits of guessing a chosen key takes. Each character is worth log2 of the
 * pool of the character classes the key uses; a character equal or next to the one before (`aaaa`, `abcd`,
 * `1234`) is worth nothing; a word (letters in one case, or capitalised) counts as one dictionary word, at
 * most 16 bits however long; and a separator between two words (`-`, `_`, `.`, a space) is worth nothing.
 */
export function keyStrengthBits(key: string): number {
  const pool = CLASSES.reduce((sum, [chars, size]) => (chars.test(key) ? sum + size : sum), 0);
  const perChar = pool > 0 ? Math.log2(pool) : 0;
  const tokens = [...key.matchAll(TOKENS)];
  const isWord = (t: RegExpExecArray | undefined) => t !== undefined && /[a-zA-Z]/.test(t[0]);
  let bits = 0;
  tokens.forEach((token, t) => {
    let worth = 0;
    for (let i = token.index; i < token.index + token[0].length; i++) {
      const follows = i > 0 && Math.abs(key.charCodeAt(i) - key.charCodeAt(i - 1)) <= 1;
      if (!follows) worth += perChar;
    }
    if (isWord(token)) bits += Math.min(worth, WORD_BITS);
    else if (!(SEPARATOR.test(token[0]) && isWord(tokens[t - 1]) && isWord(tokens[t + 1]))) bits += worth;
  });
  return bits;
}

/** Why a bootstrap key is too weak to accept, or null when it is strong enough. */
export function keyWeakness(key: string): string | null {
  if (key.length < MIN_KEY_LENGTH) return `must be at least ${MIN_KEY_LENGTH} characters`;
  const bits = Math.floor(keyStrengthBits(key));
  if (bits < MIN_KEY_BITS) {
    return (
      `looks like words, a repeat or a sequence (about ${bits} bits, at least ${MIN_KEY_BITS} needed): ` +
      'use a random key, e.g. `openssl rand -hex 32`'
    );
  }
  return null;
}
