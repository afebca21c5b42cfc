/** The widget's own UI strings; survey copy comes with the config. One small chunk per locale. */
export type Strings = CoreStrings & PartStrings;

/** The strings every UI chunk has. */
export interface CoreStrings {
  next: string;
  send: string;
  close: string;
  thanks: string;
  /** NPS end labels used when the survey sets none */
  npsLow: string;
  npsHigh: string;
  /** the progress line's word between step and count: "2 of 3" */
  of: string;
  /** why the Next/Send button is disabled: a required question has no answer yet */
  need: string;
}

/** The strings only the popup's parts use (the faces, the e-mail field, the thank-you's link): they come with the parts. */
export interface PartStrings {
  /** accessible names of the four smiley faces, unhappiest first */
  faces: [string, string, string, string];
  up: string;
  down: string;
  email: string;
  /** the thank-you's link to the "you said, we did" page, where the survey gives it no words of its own */
  changes: string;
}
