import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'Weiter',
  send: 'Senden',
  close: 'Schließen',
  thanks: 'Vielen Dank für Ihr Feedback!',
  npsLow: 'Sehr unwahrscheinlich',
  npsHigh: 'Sehr wahrscheinlich',
  of: 'von',
  need: 'Beantworten Sie diese Frage, um fortzufahren',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['Sehr unzufrieden', 'Unzufrieden', 'Zufrieden', 'Sehr zufrieden'],
  up: 'Daumen hoch',
  down: 'Daumen runter',
  email: 'E-Mail-Adresse',
  changes: 'Sehen Sie, was wir geändert haben',
};
