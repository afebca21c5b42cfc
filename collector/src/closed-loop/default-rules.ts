import type { Rule } from '@touchpoint/shared';

/** Id of the default thank-you rule (promoters and passives). */
export const THANK_YOU_RULE = 'thank-you';
/** Id of the default follow-up rule (every detractor). */
export const FOLLOW_UP_RULE = 'follow-up-detractors';

const referral = {
  en: '{{#referralLink}}\nKnow someone who would like us too? Share this link: {{referralLink}}\n{{/referralLink}}',
  de: '{{#referralLink}}\nKennen Sie jemanden, dem wir auch gefallen würden? Teilen Sie diesen Link: {{referralLink}}\n{{/referralLink}}',
  fr: '{{#referralLink}}\nVous connaissez quelqu’un qui nous apprécierait ? Partagez ce lien : {{referralLink}}\n{{/referralLink}}',
  es: '{{#referralLink}}\n¿Conoce a alguien a quien también le gustaríamos? Comparta este enlace: {{referralLink}}\n{{/referralLink}}',
};

/**
 * The rules every site starts with (created with the site, so deleting them sticks): promoters and passives
 * get a thank-you e-mail (when they left a contact and consented); every detractor opens a follow-up case.
 */
export function defaultRules(): Rule[] {
  return [
    {
      id: THANK_YOU_RULE,
      name: 'Thank promoters and passives',
      active: true,
      match: { scale: 'nps', bands: ['promoter', 'passive'] },
      actions: [
        {
          type: 'reply',
          subject: {
            en: 'Thank you for your feedback',
            de: 'Danke für Ihr Feedback',
            fr: 'Merci pour votre avis',
            es: 'Gracias por su opinión',
          },
          body: {
            en: `Hi {{name|there}},\n\nthank you for rating your visit to {{touchpoint}} {{score}} out of 10. We read every answer.\n${referral.en}\nThe team`,
            de: `Hallo{{#name}} {{name}}{{/name}},\n\ndanke, dass Sie Ihren Besuch bei {{touchpoint}} mit {{score}} von 10 bewertet haben. Wir lesen jede Antwort.\n${referral.de}\nIhr Team`,
            fr: `Bonjour{{#name}} {{name}}{{/name}},\n\nmerci d’avoir noté votre visite à {{touchpoint}} {{score}} sur 10. Nous lisons chaque réponse.\n${referral.fr}\nL’équipe`,
            es: `Hola{{#name}} {{name}}{{/name}}:\n\ngracias por valorar su visita a {{touchpoint}} con un {{score}} de 10. Leemos todas las respuestas.\n${referral.es}\nEl equipo`,
          },
        },
      ],
    },
    {
      id: FOLLOW_UP_RULE,
      name: 'Follow up every detractor',
      active: true,
      match: { scale: 'nps', bands: ['detractor'] },
      actions: [{ type: 'case' }],
    },
  ];
}
