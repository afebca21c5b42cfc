import type { Strings } from './strings';

export default {
  next: 'Dalej',
  send: 'Wyślij',
  close: 'Zamknij',
  thanks: 'Dziękujemy za opinię!',
  faces: ['Bardzo niezadowolony', 'Niezadowolony', 'Zadowolony', 'Bardzo zadowolony'],
  up: 'Kciuk w górę',
  down: 'Kciuk w dół',
  email: 'Adres e-mail',
  npsLow: 'Zupełnie nieprawdopodobne',
  npsHigh: 'Bardzo prawdopodobne',
  of: 'z',
  changes: 'Zobacz, co zmieniliśmy',
  need: 'Odpowiedz na to pytanie, aby kontynuować',
} satisfies Strings as Strings;
