/** How far the verbatim analyses were behind when the load stopped, and how long they took to catch up. */
export interface Lag {
  /** responses stored and not yet analysed when the load generator stopped */
  behind: number;
  /** seconds from then until every stored response was analysed; null: not within CATCH_UP_LIMIT_S */
  seconds: number | null;
}

/** Whether a collector with this environment analyses comments in the background (the default does). */
export const analysesOn = (env: Record<string, string | undefined>): boolean =>
  (env.TOUCHPOINT_INSIGHTS_WORKER ?? 'thread') !== 'off';

/** How long a run waits after its load for the analyses to catch up. */
export const CATCH_UP_LIMIT_S = 120;

/**
 * Analyses give way to ingest while commits queue (collector/src/insights/ingest-first.ts), so under a bench's
 * load they fall behind. Waits, with the collectors still running, until every stored response has been analysed
 * (`counts`: the stored and the analysed responses, read from the database).
 */
export async function catchUp(counts: () => Promise<{ rows: number; analysed: number }>): Promise<Lag> {
  const first = await counts();
  const started = performance.now();
  let now = first;
  while (performance.now() - started < CATCH_UP_LIMIT_S * 1000) {
    if (now.analysed >= now.rows)
      return { behind: first.rows - first.analysed, seconds: (performance.now() - started) / 1000 };
    await new Promise((resolve) => setTimeout(resolve, 100));
    now = await counts();
  }
  return { behind: first.rows - first.analysed, seconds: null };
}

/** The lag as the durability lines print it. */
export const showLag = (lag: Lag): string =>
  `behind ${String(lag.behind).padStart(7)}, caught up ` +
  (lag.seconds === null ? `not within ${CATCH_UP_LIMIT_S} s` : `in ${lag.seconds.toFixed(1)} s`);
