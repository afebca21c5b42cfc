import type { Strings } from './strings';

export default {
  next: 'Suivant',
  send: 'Envoyer',
  close: 'Fermer',
  thanks: 'Merci pour votre avis !',
  faces: ['Très mécontent', 'Mécontent', 'Content', 'Très content'],
  up: 'Pouce levé',
  down: 'Pouce baissé',
  email: 'Adresse e-mail',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  of: 'sur',
  changes: 'Voir ce que nous avons changé',
  need: 'Répondez à cette question pour continuer',
} satisfies Strings as Strings;
