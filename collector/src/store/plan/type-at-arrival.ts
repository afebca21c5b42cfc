/**
 * THE rule of which type an answer counts as (issue #14): the type its question had when the response
 * first arrived (received_at), from the question's type history (migration 010: question_types). The
 * write plan's rollup deltas (through the site cache) and the SQLite scans (question-types.ts) both read
 * it here, so a type change never reinterprets old answers on either path.
 */

/** One span of a question's type history: `qtype` from `since` (a received_at; '' = from the start) on. */
export interface TypeSpan {
  since: string;
  qtype: string;
}

/** The type of a question with `spans` (oldest first) for a response received at `receivedAt`; null: none then. */
export function typeAtArrival(spans: readonly TypeSpan[], receivedAt: string): string | null {
  let type: string | null = null;
  for (const s of spans) {
    if (s.since > receivedAt) break;
    type = s.qtype;
  }
  return type;
}

/** What the rollup deltas read the types through: a site's type history, archived surveys included. */
export interface QuestionTypesAt {
  /** the type `question` of `survey` had when a response received at `receivedAt` arrived; null: not in it */
  typeAt(survey: string, question: string, receivedAt: string): string | null;
}

/** The type history of no site: every question unknown. */
export const NO_TYPE_HISTORY: QuestionTypesAt = { typeAt: () => null };
