/** The widget's own UI strings; survey copy comes with the config. One small chunk per locale. */
export interface Strings {
  next: string;
  send: string;
  close: string;
  thanks: string;
  /** accessible names of the four smiley faces, unhappiest first */
  faces: [string, string, string, string];
  up: string;
  down: string;
  email: string;
  /** NPS end labels used when the survey sets none */
  npsLow: string;
  npsHigh: string;
  /** the progress line's word between step and count: "2 of 3" */
  of: string;
  /** the thank-you's link to the "you said, we did" page, where the survey gives it no words of its own */
  changes: string;
  /** why the Next/Send button is disabled: a required question has no answer yet */
  need: string;
}
