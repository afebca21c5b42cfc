import ar from '../locales/ar';
import de from '../locales/de';
import en from '../locales/en';
import es from '../locales/es';
import fr from '../locales/fr';
import it from '../locales/it';
import nl from '../locales/nl';
import pl from '../locales/pl';
import pt from '../locales/pt';
import type { Strings } from '../locales/strings';

/** Strings only the standalone modes need, kept out of the popup's locale chunks. */
export interface ModeStrings extends Strings {
  /** leaves an optional question unanswered */
  skip: string;
}

/** Every locale: the kiosk and the link page are one chunk each, and a few hundred bytes buy no second request. */
const ALL: Record<string, ModeStrings> = {
  en: { ...en, skip: 'Skip' },
  de: { ...de, skip: 'Überspringen' },
  fr: { ...fr, skip: 'Passer' },
  es: { ...es, skip: 'Omitir' },
  it: { ...it, skip: 'Salta' },
  nl: { ...nl, skip: 'Overslaan' },
  pt: { ...pt, skip: 'Pular' },
  pl: { ...pl, skip: 'Pomiń' },
  ar: { ...ar, skip: 'تخطٍّ' },
};

/** The widget's strings for a locale (`pt-BR` → `pt`), English when there are none. */
export const stringsFor = (locale: string): ModeStrings => ALL[locale.slice(0, 2)] || ALL.en!;
