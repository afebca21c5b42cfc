/** Failed admin authentications one client may make per window: a person mistyping a key stays far below. */
export const AUTH_FAILURES_PER_WINDOW = 20;
/** The window of the count above: at 20 a minute, guessing even a weak 24-character key takes forever. */
export const AUTH_FAILURE_WINDOW_MS = 60_000;
/** Clients tracked at once, so that an attacker rotating addresses cannot grow the map without bound. */
const MAX_CLIENTS = 10_000;

/**
 * Counts failed authentications per client in fixed windows, in memory only (the address is never
 * stored). A client over the limit is refused before its key is even looked at.
 */
export class AuthFailures {
  private readonly clients = new Map<string, { failures: number; resetAt: number }>();

  /** Seconds until `client` may try again, or 0 when it may try now. */
  retryAfter(client: string, now = Date.now()): number {
    const entry = this.clients.get(client);
    if (!entry) return 0;
    if (entry.resetAt <= now) {
      this.clients.delete(client);
      return 0;
    }
    return entry.failures >= AUTH_FAILURES_PER_WINDOW ? Math.ceil((entry.resetAt - now) / 1000) : 0;
  }

  /** Counts one failed authentication of `client`. */
  fail(client: string, now = Date.now()): void {
    const entry = this.clients.get(client);
    if (entry && entry.resetAt > now) {
      entry.failures++;
      return;
    }
    if (this.clients.size >= MAX_CLIENTS) this.evict(now);
    this.clients.set(client, { failures: 1, resetAt: now + AUTH_FAILURE_WINDOW_MS });
  }

  /** Drops expired windows, and the oldest one if none has expired. */
  private evict(now: number): void {
    for (const [client, entry] of this.clients) if (entry.resetAt <= now) this.clients.delete(client);
    if (this.clients.size >= MAX_CLIENTS) {
      const oldest = this.clients.keys().next().value;
      if (oldest !== undefined) this.clients.delete(oldest);
    }
  }
}
