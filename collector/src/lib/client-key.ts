import { createHmac, randomBytes } from 'node:crypto';

/** A new salt each UTC day: yesterday's keys cannot be matched to today's, nor, without the salt, to an address. */
const DAY_MS = 86_400_000;
/** Bytes of the salt (256 bits), kept only in this process's memory. */
const SALT_BYTES = 32;
/** Hex characters of a key: 64 bits tell clients apart in memory; the address cannot be read back. */
const KEY_CHARS = 16;

/**
 * Keys a client (its IP address) for rate limits and burst detection without keeping the address: an HMAC
 * with a random salt that lives in memory only and changes every UTC day. Nothing stores a key.
 */
export class ClientKeys {
  private day = -1;
  private salt = Buffer.alloc(0);

  constructor(private readonly now: () => number = Date.now) {}

  /** The key of `ip` for today. */
  of(ip: string): string {
    const day = Math.floor(this.now() / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.salt = randomBytes(SALT_BYTES);
    }
    return createHmac('sha256', this.salt).update(ip).digest('hex').slice(0, KEY_CHARS);
  }
}
