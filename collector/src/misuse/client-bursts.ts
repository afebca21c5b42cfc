import { CLIENT_BURST_WINDOW_MS, isClientBurst } from './verdict.js';

/**
 * Recent complete answers per client and touchpoint, in this process's memory only (a client is a
 * daily-salted hash of its address, see lib/client-key.ts), for the client burst rule. Arrival times older
 * than the window are dropped, and the whole table is swept once a window, so memory stays bounded by what
 * arrived within one window. Several collectors each count their own share.
 */
export class ClientBursts {
  private readonly arrivals = new Map<string, number[]>();
  private sweptAt = 0;

  constructor(private readonly windowMs = CLIENT_BURST_WINDOW_MS) {}

  /** Notes one complete answer of `client` for `site`/`touchpoint` at `now`; true when it is part of a burst. */
  note(client: string, site: string, touchpoint: string, now: number): boolean {
    if (now - this.sweptAt >= this.windowMs) this.sweep(now);
    const key = `${client} ${site} ${touchpoint}`;
    const since = now - this.windowMs;
    const times = (this.arrivals.get(key) ?? []).filter((t) => t > since);
    const burst = isClientBurst(times.length);
    times.push(now);
    this.arrivals.set(key, times);
    return burst;
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [key, times] of this.arrivals) {
      if ((times[times.length - 1] ?? 0) <= now - this.windowMs) this.arrivals.delete(key);
    }
  }
}
