import { createHmac, randomBytes } from 'node:crypto';

/** A new salt each UTC day: yesterday's keys cannot be matched to today's, nor, without the salt, to an address. */
const DAY_MS = 86_400_000;
/** Bytes of the salt (256 bits), kept only in this process's memory. */
const SALT_BYTES = 32;
/** Hex characters of a key: 64 bits tell clients apart in memory; the address cannot be read back. */
const KEY_CHARS = 16;
/** Keys computed within this long are reused (an HMAC costs microseconds; a POST asks three times). */
const CACHE_MS = 60_000;
/** At most this many addresses are cached; the cache starts over when full. */
const CACHE_MAX = 50_000;

/**
 * Keys a client (its IP address) for rate limits and burst detection without keeping the address: an HMAC
 * with a random salt that lives in memory only and changes every UTC day. Nothing stores a key.
 */
export class ClientKeys {
  private day = -1;
  private salt = Buffer.alloc(0);
  /** address → key, for the current minute only (like the request limiter's own table) */
  private cache = new Map<string, string>();
  private cacheSlot = -1;

  constructor(private readonly now: () => number = Date.now) {}

  /** The key of `ip` for today. */
  of(ip: string): string {
    const now = this.now();
    const slot = Math.floor(now / CACHE_MS);
    if (slot !== this.cacheSlot || this.cache.size >= CACHE_MAX) {
      this.cacheSlot = slot;
      this.cache = new Map();
    }
    const cached = this.cache.get(ip);
    if (cached !== undefined) return cached;
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.salt = randomBytes(SALT_BYTES);
    }
    const key = createHmac('sha256', this.salt).update(ip).digest('hex').slice(0, KEY_CHARS);
    this.cache.set(ip, key);
    return key;
  }
}
