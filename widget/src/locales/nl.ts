import type { Strings } from './strings';

export default {
  next: 'Volgende',
  send: 'Verzenden',
  close: 'Sluiten',
  thanks: 'Bedankt voor je feedback!',
  faces: ['Zeer ontevreden', 'Ontevreden', 'Tevreden', 'Zeer tevreden'],
  up: 'Duim omhoog',
  down: 'Duim omlaag',
  email: 'E-mailadres',
  npsLow: 'Helemaal niet waarschijnlijk',
  npsHigh: 'Zeer waarschijnlijk',
  of: 'van',
  changes: 'Bekijk wat we hebben veranderd',
  need: 'Beantwoord deze vraag om verder te gaan',
} satisfies Strings as Strings;
