import type { Strings } from './strings';

export default {
  next: 'Siguiente',
  send: 'Enviar',
  close: 'Cerrar',
  thanks: '¡Gracias por tu opinión!',
  faces: ['Muy insatisfecho', 'Insatisfecho', 'Satisfecho', 'Muy satisfecho'],
  up: 'Pulgar arriba',
  down: 'Pulgar abajo',
  email: 'Correo electrónico',
  npsLow: 'Nada probable',
  npsHigh: 'Muy probable',
  of: 'de',
  changes: 'Vea lo que hemos cambiado',
  need: 'Responda a esta pregunta para continuar',
} satisfies Strings as Strings;
