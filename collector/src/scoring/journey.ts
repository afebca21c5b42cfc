/**
 * The journey map: touchpoints grouped by journey stage, left to right, each with its score and the
 * top-20% benchmark gap. The benchmark is the mean score of the best fifth of the touchpoints ranked (at
 * least one), the usual "top quintile" benchmark of CX programmes: the gap says how far a touchpoint is
 * from what the site's own best touchpoints already achieve. Low-sample touchpoints neither set the
 * benchmark nor get a gap.
 */

/** Share of the ranked touchpoints that form the benchmark. */
export const BENCHMARK_SHARE = 0.2;

/** One touchpoint as the journey needs it. */
export interface JourneyInput {
  key: string;
  /** its journey stage; null or undefined: not placed on the journey */
  stage?: string | null | undefined;
  score: number | null;
  /** n under minN: neither benchmark nor gap */
  lowSample: boolean;
}

/** A touchpoint on the map. */
export type JourneyTouchpoint<T extends JourneyInput> = T & { benchmarkGap: number | null };

/** The map: stages in order, and the touchpoints without a stage. */
export interface Journey<T extends JourneyInput> {
  /** mean score of the top fifth of the ranked touchpoints; null with none ranked */
  benchmark: number | null;
  /** how many touchpoints form the benchmark */
  benchmarkOf: number;
  stages: { stage: string; touchpoints: JourneyTouchpoint<T>[] }[];
  unstaged: JourneyTouchpoint<T>[];
}

/**
 * Groups touchpoints by stage in the site's order (stages a touchpoint names but the site does not list
 * come after, by name); within a stage, by score, best first.
 */
export function journeyMap<T extends JourneyInput>(
  stageOrder: readonly string[],
  touchpoints: readonly T[],
): Journey<T> {
  const ranked = touchpoints
    .filter((t) => !t.lowSample && t.score !== null)
    .map((t) => t.score ?? 0)
    .sort((a, b) => b - a);
  const benchmarkOf = ranked.length === 0 ? 0 : Math.max(1, Math.ceil(BENCHMARK_SHARE * ranked.length));
  const top = ranked.slice(0, benchmarkOf);
  const benchmark = top.length === 0 ? null : top.reduce((a, b) => a + b, 0) / top.length;
  const withGap = (t: T): JourneyTouchpoint<T> => ({
    ...t,
    benchmarkGap: benchmark === null || t.lowSample || t.score === null ? null : t.score - benchmark,
  });
  const byScore = (a: T, b: T) =>
    (b.score ?? Number.NEGATIVE_INFINITY) - (a.score ?? Number.NEGATIVE_INFINITY) || (a.key < b.key ? -1 : 1);
  const extra = [
    ...new Set(touchpoints.flatMap((t) => (t.stage && !stageOrder.includes(t.stage) ? [t.stage] : []))),
  ].sort();
  const stages = [...stageOrder, ...extra].map((stage) => ({
    stage,
    touchpoints: touchpoints
      .filter((t) => t.stage === stage)
      .sort(byScore)
      .map(withGap),
  }));
  return {
    benchmark,
    benchmarkOf,
    stages,
    unstaged: touchpoints
      .filter((t) => !t.stage)
      .sort(byScore)
      .map(withGap),
  };
}
