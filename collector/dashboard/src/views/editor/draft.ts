import type { LocalizedText, Question, QuestionType, Survey, Trigger, UrlRule } from '@touchpoint/shared';

/** Question types, in the order the editor offers them. */
export const QUESTION_TYPES: { type: QuestionType; label: string }[] = [
  { type: 'nps', label: 'NPS (0–10)' },
  { type: 'csat', label: 'CSAT (1–5)' },
  { type: 'ces', label: 'CES (1–7)' },
  { type: 'smiley', label: 'Smiley (4 faces)' },
  { type: 'thumbs', label: 'Thumbs up/down' },
  { type: 'single', label: 'Single choice' },
  { type: 'multi', label: 'Multiple choice' },
  { type: 'text', label: 'Free text' },
  { type: 'contact', label: 'Contact opt-in (e-mail)' },
];

/** Trigger types with a one-line explanation. */
export const TRIGGER_TYPES: { type: Trigger['type']; label: string }[] = [
  { type: 'exit-intent', label: 'Exit intent (leaving the page)' },
  { type: 'cart-drop-off', label: 'Cart drop-off' },
  { type: 'time-on-page', label: 'Time on page' },
  { type: 'scroll-depth', label: 'Scroll depth' },
  { type: 'event', label: 'Custom event (touchpoint("track", …))' },
  { type: 'click', label: 'Element click' },
  { type: 'page-view', label: 'Page view' },
  { type: 'manual', label: 'Manual (touchpoint("show", id), link, QR, kiosk)' },
];

/** A new survey: one NPS question, shown manually. */
export function blankSurvey(): Survey {
  return {
    id: '',
    name: '',
    active: true,
    defaultLocale: 'en',
    questions: [
      { type: 'nps', id: 'nps', text: { en: 'How likely are you to recommend us to a friend?' }, required: true },
    ],
    trigger: { type: 'manual' },
    display: { sampling: 100, recontactDays: 30, frequency: 'until-answered', position: 'bottom-right' },
    urls: { include: [], exclude: [] },
  };
}

/** A question of `type` that keeps what it can of `from` (id, text, required, showIf). */
export function retype(from: Question, type: QuestionType): Question {
  const base = {
    id: from.id,
    text: from.text,
    required: from.required,
    ...(from.showIf ? { showIf: from.showIf } : {}),
  };
  switch (type) {
    case 'single':
    case 'multi':
      return {
        ...base,
        type,
        choices: 'choices' in from ? from.choices : [{ id: 'option-1', label: { en: 'Option 1' } }],
      };
    case 'text':
      return { ...base, type, maxLength: 5000 };
    default:
      return { ...base, type } as Question;
  }
}

/** A fresh question id not used yet in the survey. */
export function freshId(s: Survey, stem: string): string {
  const used = new Set(s.questions.map((q) => q.id));
  for (let i = 1; ; i++) if (!used.has(`${stem}-${i}`)) return `${stem}-${i}`;
}

/** Copy with one locale's text set (an empty text removes that locale). */
export function setText(t: LocalizedText | undefined, locale: string, value: string): LocalizedText {
  const next = { ...(t ?? {}) };
  if (value) next[locale] = value;
  else delete next[locale];
  return next;
}

/** Every locale the survey has copy in, its default first. */
export function localesOf(s: Survey): string[] {
  const found = new Set<string>([s.defaultLocale]);
  const visit = (v: unknown, key = ''): void => {
    if (Array.isArray(v)) v.forEach((x) => visit(x));
    else if (v && typeof v === 'object') {
      if (['text', 'label', 'lowLabel', 'highLabel', 'placeholder', 'thankYou'].includes(key))
        Object.keys(v).forEach((l) => found.add(l));
      else Object.entries(v).forEach(([k, x]) => visit(x, k));
    }
  };
  visit(s.questions);
  visit({ thankYou: s.thankYou });
  return [...found];
}

/** A new URL rule. */
export const blankRule = (): UrlRule => ({ match: 'contains', value: '/' });

/** The default settings of a trigger type. */
export function triggerOf(type: Trigger['type']): Trigger {
  switch (type) {
    case 'exit-intent':
      return { type, armMs: 3000, minTimeOnPageMs: 5000 };
    case 'cart-drop-off':
      return { type, idleSeconds: 45, checkoutUrls: [{ match: 'contains', value: '/checkout' }] };
    case 'time-on-page':
      return { type, seconds: 20 };
    case 'scroll-depth':
      return { type, percent: 50 };
    case 'event':
      return { type, name: 'added_to_cart' };
    case 'click':
      return { type, selector: '#feedback' };
    default:
      return { type };
  }
}

/** A number input's value (empty or invalid reads as 0). */
export const num = (e: Event): number => {
  const v = (e.currentTarget as HTMLInputElement).valueAsNumber;
  return Number.isFinite(v) ? v : 0;
};
