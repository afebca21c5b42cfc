import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'Dalej',
  send: 'Wyślij',
  close: 'Zamknij',
  thanks: 'Dziękujemy za opinię!',
  npsLow: 'Zupełnie nieprawdopodobne',
  npsHigh: 'Bardzo prawdopodobne',
  of: 'z',
  need: 'Odpowiedz na to pytanie, aby kontynuować',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['Bardzo niezadowolony', 'Niezadowolony', 'Zadowolony', 'Bardzo zadowolony'],
  up: 'Kciuk w górę',
  down: 'Kciuk w dół',
  email: 'Adres e-mail',
  changes: 'Zobacz, co zmieniliśmy',
};
