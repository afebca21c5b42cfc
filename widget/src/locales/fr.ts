import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'Suivant',
  send: 'Envoyer',
  close: 'Fermer',
  thanks: 'Merci pour votre avis !',
  npsLow: 'Pas du tout probable',
  npsHigh: 'Très probable',
  of: 'sur',
  need: 'Répondez à cette question pour continuer',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['Très mécontent', 'Mécontent', 'Content', 'Très content'],
  up: 'Pouce levé',
  down: 'Pouce baissé',
  email: 'Adresse e-mail',
  changes: 'Voir ce que nous avons changé',
};
