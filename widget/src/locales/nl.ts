import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'Volgende',
  send: 'Verzenden',
  close: 'Sluiten',
  thanks: 'Bedankt voor je feedback!',
  npsLow: 'Helemaal niet waarschijnlijk',
  npsHigh: 'Zeer waarschijnlijk',
  of: 'van',
  need: 'Beantwoord deze vraag om verder te gaan',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['Zeer ontevreden', 'Ontevreden', 'Tevreden', 'Zeer tevreden'],
  up: 'Duim omhoog',
  down: 'Duim omlaag',
  email: 'E-mailadres',
  changes: 'Bekijk wat we hebben veranderd',
};
