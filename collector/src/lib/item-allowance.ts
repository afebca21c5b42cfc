/** One charge against an allowance: `n` items on bucket `key`, which allows `limit` items per window. */
export interface Charge {
  key: string;
  n: number;
  limit: number;
}

/** Whether a set of charges was taken, or else how long to wait for the window that could take them. */
export type Verdict = { ok: true } | { ok: false; retryAfterMs: number; key: string; left: number };

/**
 * Item allowances in fixed windows: each bucket may take `limit` items per window of `windowMs`, counted
 * from the epoch, so every bucket starts over at the same instant and the whole table is dropped then
 * (memory never outlives a window). A set of charges (one batch) is taken whole or not at all. Pure apart
 * from its table; the caller passes the time.
 */
export class ItemAllowance {
  private window = -1;
  private used = new Map<string, number>();

  constructor(private readonly windowMs: number) {}

  /** Takes every charge, or none when any bucket lacks room (then says which, and when to retry). */
  take(charges: readonly Charge[], now: number): Verdict {
    const window = Math.floor(now / this.windowMs);
    if (window !== this.window) {
      this.window = window;
      this.used = new Map();
    }
    const wanted = new Map<string, Charge>();
    for (const c of charges) {
      const prior = wanted.get(c.key);
      wanted.set(c.key, prior ? { ...prior, n: prior.n + c.n } : c);
    }
    for (const c of wanted.values()) {
      const left = c.limit - (this.used.get(c.key) ?? 0);
      if (c.n > left) return { ok: false, retryAfterMs: (window + 1) * this.windowMs - now, key: c.key, left };
    }
    for (const c of wanted.values()) this.used.set(c.key, (this.used.get(c.key) ?? 0) + c.n);
    return { ok: true };
  }
}
