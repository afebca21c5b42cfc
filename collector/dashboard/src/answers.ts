import { SCALES, type AnswerValue, type Question, type Survey } from '@touchpoint/shared';

/** Copy in the first locale it has (the dashboard reads in English where it can). */
export const text = (t: Record<string, string> | undefined): string => (t ? (t.en ?? Object.values(t)[0] ?? '') : '');

/** One answer made readable: its question, its value, and whether it is a verbatim (free text). */
export interface ReadableAnswer {
  id: string;
  question: string;
  value: string;
  verbatim: boolean;
  type: Question['type'] | 'unknown';
}

/** The smiley faces from the saddest (the scale's min, 1) to the happiest (its max, 4). */
const FACES = ['very unhappy', 'unhappy', 'happy', 'very happy'];
/** The ends of the CSAT and CES scales as the widget words them. */
const ENDS: Record<'csat' | 'ces', [string, string]> = {
  csat: ['very dissatisfied', 'very satisfied'],
  ces: ['very difficult', 'very easy'],
};

/** How a scale or thumbs answer reads: the face for a smiley, "up"/"down", a score with its scale. */
export function scaleLabel(type: Question['type'], v: number): string {
  switch (type) {
    case 'smiley':
      return FACES[v - SCALES.smiley.min] ?? String(v);
    case 'thumbs':
      return v === 1 ? 'thumbs up' : v === 0 ? 'thumbs down' : String(v);
    case 'csat':
    case 'ces': {
      const { min, max } = SCALES[type];
      const end = v === min ? ` (${ENDS[type][0]})` : v === max ? ` (${ENDS[type][1]})` : '';
      return `${v} of ${max}${end}`;
    }
    case 'nps':
      return `${v} of ${SCALES.nps.max}`;
    default:
      return String(v);
  }
}

/** A response's answers in the survey's question order, choice ids replaced by their labels. */
export function readAnswers(survey: Survey | undefined, answers: Record<string, AnswerValue>): ReadableAnswer[] {
  const questions = survey?.questions ?? [];
  const known = questions.filter((q) => q.id in answers);
  const unknown = Object.keys(answers).filter((id) => !questions.some((q) => q.id === id));
  const label = (q: Question | undefined, v: string) =>
    q && 'choices' in q ? text(q.choices.find((c) => c.id === v)?.label) || v : v;
  const out: ReadableAnswer[] = known.map((q) => {
    const v = answers[q.id];
    let value: string;
    if (Array.isArray(v)) value = v.map((x) => label(q, x)).join(', ');
    else if (typeof v === 'number') value = scaleLabel(q.type, v);
    else value = typeof v === 'string' ? label(q, v) : String(v);
    return { id: q.id, question: text(q.text), value, verbatim: q.type === 'text', type: q.type };
  });
  for (const id of unknown) {
    const v = answers[id];
    out.push({
      id,
      question: id,
      value: Array.isArray(v) ? v.join(', ') : String(v),
      verbatim: typeof v === 'string' && v.includes(' '),
      type: 'unknown',
    });
  }
  return out;
}
