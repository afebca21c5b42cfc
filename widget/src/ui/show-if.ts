import type { AnswerValue, Question, ShowIf } from '@touchpoint/shared';
import type { Answers } from '../core/types';

/** Whether an earlier answer satisfies a follow-up's condition (e.g. NPS 0–6 asks what went wrong). */
export function showIfMatches(c: ShowIf, v: AnswerValue | undefined): boolean {
  if (v == null) return false;
  const n = typeof v == 'number' ? v : NaN;
  if (c.min != null && !(n >= c.min)) return false;
  if (c.max != null && !(n <= c.max)) return false;
  return !c.anyOf || ([] as unknown[]).concat(v).some((x) => c.anyOf!.includes(x as string));
}

/** Index of the next question to ask after `from` given the answers so far, or -1 when none is left. */
export function nextQuestion(qs: Question[], from: number, answers: Answers): number {
  for (let i = from + 1; i < qs.length; i++) {
    const c = qs[i]!.showIf;
    if (!c || showIfMatches(c, answers[c.question])) return i;
  }
  return -1;
}
