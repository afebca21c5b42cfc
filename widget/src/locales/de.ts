import type { Strings } from './strings';

export default {
  next: 'Weiter',
  send: 'Senden',
  close: 'Schließen',
  thanks: 'Vielen Dank für Ihr Feedback!',
  faces: ['Sehr unzufrieden', 'Unzufrieden', 'Zufrieden', 'Sehr zufrieden'],
  up: 'Daumen hoch',
  down: 'Daumen runter',
  email: 'E-Mail-Adresse',
  npsLow: 'Sehr unwahrscheinlich',
  npsHigh: 'Sehr wahrscheinlich',
  of: 'von',
  changes: 'Sehen Sie, was wir geändert haben',
  need: 'Beantworten Sie diese Frage, um fortzufahren',
} satisfies Strings as Strings;
