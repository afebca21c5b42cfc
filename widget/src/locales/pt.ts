import type { Strings } from './strings';

export default {
  next: 'Próximo',
  send: 'Enviar',
  close: 'Fechar',
  thanks: 'Obrigado pela sua opinião!',
  faces: ['Muito insatisfeito', 'Insatisfeito', 'Satisfeito', 'Muito satisfeito'],
  up: 'Polegar para cima',
  down: 'Polegar para baixo',
  email: 'Endereço de e-mail',
  npsLow: 'Nada provável',
  npsHigh: 'Extremamente provável',
  of: 'de',
  changes: 'Veja o que mudamos',
  need: 'Responda a esta pergunta para continuar',
} satisfies Strings as Strings;
