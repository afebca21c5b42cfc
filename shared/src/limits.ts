/** Upper bounds for every string and array on the public side of the wire. */
export const LIMITS = {
  /** site keys, survey/question/touchpoint ids */
  id: 64,
  /** survey names, labels, choice labels */
  label: 200,
  /** question text and localized copy */
  copy: 1000,
  /** one free-text answer */
  freeText: 5000,
  /** page URL and referrer */
  url: 2048,
  /** answers in one response */
  answers: 50,
  /** context variables in one response */
  vars: 50,
  /** length of one context variable's string value */
  varValue: 500,
  /** responses (or events) in one batch */
  batch: 100,
  /** choices of a single/multiple-choice question */
  choices: 30,
  /** questions in one survey */
  questions: 30,
  /** allowed origins of one site */
  origins: 50,
  /** tags of one touchpoint */
  tags: 20,
  /** locales of one survey */
  locales: 20,
  /** URL targeting rules of one survey */
  urlRules: 50,
} as const;
