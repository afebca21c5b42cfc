/**
 * The importance–performance grid (Martilla & James 1977, Journal of Marketing 41(1):77–79), with
 * derived importance: each touchpoint's impact on overall NPS (impact.ts) against its performance (its
 * own score). The cross-hairs are the medians over the touchpoints placed, so the grid reads relative
 * to the site itself: half the touchpoints sit on each side of each line.
 *
 *   high importance, low performance   → fix first
 *   high importance, high performance  → keep up the good work
 *   low importance, low performance    → low priority
 *   low importance, high performance   → possible overkill
 *
 * A touchpoint whose impact or score is unknown, or whose impact is low-sample, is not placed.
 */

/** One touchpoint's importance and performance. */
export interface GridInput {
  key: string;
  /** derived importance (impact in NPS points); null when unknown */
  importance: number | null;
  /** performance (the touchpoint's score); null when unknown */
  performance: number | null;
  /** importance rests on too few respondents to place */
  lowSample: boolean;
}

/** A grid quadrant, or not placed. */
export type Quadrant = 'fix-first' | 'keep-up' | 'low-priority' | 'possible-overkill' | 'insufficient-data';

/** The grid: each touchpoint's quadrant and the cross-hairs. */
export interface ImportanceGrid {
  /** median importance of the placed touchpoints; null with none placed */
  importanceLine: number | null;
  /** median performance of the placed touchpoints */
  performanceLine: number | null;
  rows: (GridInput & { quadrant: Quadrant })[];
}

/** The median of a non-empty list. */
function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** Places touchpoints in the four quadrants around the medians (on a line counts as high). */
export function importanceGrid(inputs: readonly GridInput[]): ImportanceGrid {
  const placed = inputs.filter((r) => !r.lowSample && r.importance !== null && r.performance !== null);
  if (placed.length === 0)
    return {
      importanceLine: null,
      performanceLine: null,
      rows: inputs.map((r) => ({ ...r, quadrant: 'insufficient-data' })),
    };
  const importanceLine = median(placed.map((r) => r.importance ?? 0));
  const performanceLine = median(placed.map((r) => r.performance ?? 0));
  const quadrantOf = (r: GridInput): Quadrant => {
    if (r.lowSample || r.importance === null || r.performance === null) return 'insufficient-data';
    const important = r.importance >= importanceLine;
    const performing = r.performance >= performanceLine;
    if (important) return performing ? 'keep-up' : 'fix-first';
    return performing ? 'possible-overkill' : 'low-priority';
  };
  return { importanceLine, performanceLine, rows: inputs.map((r) => ({ ...r, quadrant: quadrantOf(r) })) };
}
