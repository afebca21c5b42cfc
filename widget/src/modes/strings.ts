import * as ar from '../locales/ar';
import * as de from '../locales/de';
import * as en from '../locales/en';
import * as es from '../locales/es';
import * as fr from '../locales/fr';
import * as it from '../locales/it';
import * as nl from '../locales/nl';
import * as pl from '../locales/pl';
import * as pt from '../locales/pt';
import type { Strings } from '../locales/strings';

/** Strings only the standalone modes need, kept out of the popup's locale chunks. */
export interface ModeStrings extends Strings {
  /** leaves an optional question unanswered */
  skip: string;
}

/** Every locale: the kiosk and the link page are one chunk each, and a few hundred bytes buy no second request. */
const ALL: Record<string, ModeStrings> = {
  en: { ...en.default, ...en.more, skip: 'Skip' },
  de: { ...de.default, ...de.more, skip: 'Überspringen' },
  fr: { ...fr.default, ...fr.more, skip: 'Passer' },
  es: { ...es.default, ...es.more, skip: 'Omitir' },
  it: { ...it.default, ...it.more, skip: 'Salta' },
  nl: { ...nl.default, ...nl.more, skip: 'Overslaan' },
  pt: { ...pt.default, ...pt.more, skip: 'Pular' },
  pl: { ...pl.default, ...pl.more, skip: 'Pomiń' },
  ar: { ...ar.default, ...ar.more, skip: 'تخطٍّ' },
};

/** The widget's strings for a locale (`pt-BR` → `pt`), English when there are none. */
export const stringsFor = (locale: string): ModeStrings => ALL[locale.slice(0, 2)] || ALL.en!;
