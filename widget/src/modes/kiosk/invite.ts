/** The kiosk's idle screen, above the first question: an invitation to tap. Kiosk-only (the link page has none). */
const INVITE: Record<string, string> = {
  en: 'Tell us about your visit',
  de: 'Erzählen Sie uns von Ihrem Besuch',
  fr: 'Parlez-nous de votre visite',
  es: 'Cuéntenos su visita',
  it: 'Raccontaci la tua visita',
  nl: 'Vertel ons over uw bezoek',
  pt: 'Conte-nos sobre sua visita',
  pl: 'Opowiedz nam o swojej wizycie',
  ar: 'أخبرنا عن زيارتك',
};

/** The invitation in a locale (`pt-BR` → `pt`), English when there is none. */
export const inviteFor = (locale: string): string => INVITE[locale.slice(0, 2)] || INVITE.en!;
