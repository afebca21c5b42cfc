import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'Siguiente',
  send: 'Enviar',
  close: 'Cerrar',
  thanks: '¡Gracias por tu opinión!',
  npsLow: 'Nada probable',
  npsHigh: 'Muy probable',
  of: 'de',
  need: 'Responda a esta pregunta para continuar',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['Muy insatisfecho', 'Insatisfecho', 'Satisfecho', 'Muy satisfecho'],
  up: 'Pulgar arriba',
  down: 'Pulgar abajo',
  email: 'Correo electrónico',
  changes: 'Vea lo que hemos cambiado',
};
