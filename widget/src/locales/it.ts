import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'Avanti',
  send: 'Invia',
  close: 'Chiudi',
  thanks: 'Grazie per il tuo feedback!',
  npsLow: 'Per niente probabile',
  npsHigh: 'Estremamente probabile',
  of: 'di',
  need: 'Rispondi a questa domanda per continuare',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['Molto insoddisfatto', 'Insoddisfatto', 'Soddisfatto', 'Molto soddisfatto'],
  up: 'Pollice in su',
  down: 'Pollice in giù',
  email: 'Indirizzo email',
  changes: 'Scopri cosa abbiamo cambiato',
};
