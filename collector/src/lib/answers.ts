import { SCALES, type AnswerValue, type Question } from '@touchpoint/shared';

/** A loose e-mail check for contact answers; delivery is the real test. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Why an answer does not fit its question, or null when it fits. */
export function answerProblem(q: Question, value: AnswerValue): string | null {
  switch (q.type) {
    case 'nps':
    case 'csat':
    case 'ces':
    case 'smiley': {
      const { min, max } = SCALES[q.type];
      return Number.isInteger(value) && (value as number) >= min && (value as number) <= max
        ? null
        : `${q.type.toUpperCase()} answers are whole numbers from ${min} to ${max}`;
    }
    case 'thumbs':
      return value === 0 || value === 1 ? null : 'a thumbs answer is 1 (up) or 0 (down)';
    case 'single':
      return typeof value === 'string' && q.choices.some((c) => c.id === value)
        ? null
        : `must be one of ${q.choices.map((c) => `"${c.id}"`).join(', ')}`;
    case 'multi': {
      if (!Array.isArray(value)) return 'a multiple choice answer is a list of choice ids';
      const bad = value.find((v) => !q.choices.some((c) => c.id === v));
      if (bad !== undefined) return `"${bad}" is not a choice of this question`;
      return new Set(value).size === value.length ? null : 'lists a choice twice';
    }
    case 'text':
      if (typeof value !== 'string') return 'a free-text answer is a string';
      return value.length <= q.maxLength ? null : `is longer than ${q.maxLength} characters`;
    case 'contact':
      return typeof value === 'string' && value.length <= 254 && EMAIL.test(value)
        ? null
        : 'a contact answer is an e-mail address';
  }
}
