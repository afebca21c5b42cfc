/** The common shape of every metric's result. */

/** n, the score and its 95% interval; score, low and high are null when nobody answered (n = 0). */
export interface ScoreSummary {
  /** respondents who answered the question */
  n: number;
  score: number | null;
  low: number | null;
  high: number | null;
}
