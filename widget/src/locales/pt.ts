import type { CoreStrings, PartStrings } from './strings';

export default {
  next: 'Próximo',
  send: 'Enviar',
  close: 'Fechar',
  thanks: 'Obrigado pela sua opinião!',
  npsLow: 'Nada provável',
  npsHigh: 'Extremamente provável',
  of: 'de',
  need: 'Responda a esta pergunta para continuar',
} satisfies CoreStrings as CoreStrings;

/** The words only the popup's parts use (ui/parts.ts), added to its chunk with them. */
export const more: PartStrings = {
  faces: ['Muito insatisfeito', 'Insatisfeito', 'Satisfeito', 'Muito satisfeito'],
  up: 'Polegar para cima',
  down: 'Polegar para baixo',
  email: 'Endereço de e-mail',
  changes: 'Veja o que mudamos',
};
