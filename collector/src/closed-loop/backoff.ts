/** The longest wait between two attempts, whatever the attempt count (6 hours). */
export const MAX_BACKOFF_MS = 6 * 60 * 60 * 1000;

/**
 * How long to wait before the next attempt after `attempts` failed ones: `base·2^(attempts−1)`, capped,
 * with "equal jitter" (half fixed, half random) so that a receiver coming back is not hit by every
 * delivery at once, while a retry never comes sooner than half its nominal delay.
 */
export function backoffMs(attempts: number, baseMs: number, random: () => number = Math.random): number {
  const nominal = Math.min(MAX_BACKOFF_MS, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(nominal / 2 + (nominal / 2) * random());
}
