import type { Strings } from './strings';

export default {
  next: 'Avanti',
  send: 'Invia',
  close: 'Chiudi',
  thanks: 'Grazie per il tuo feedback!',
  faces: ['Molto insoddisfatto', 'Insoddisfatto', 'Soddisfatto', 'Molto soddisfatto'],
  up: 'Pollice in su',
  down: 'Pollice in giù',
  email: 'Indirizzo email',
  npsLow: 'Per niente probabile',
  npsHigh: 'Estremamente probabile',
  of: 'di',
  changes: 'Scopri cosa abbiamo cambiato',
  need: 'Rispondi a questa domanda per continuare',
} satisfies Strings as Strings;
