/**
 * Language detection by frequent function words: comments are short (often one sentence), where
 * character n-gram models guess poorly, while a handful of stop words decides reliably.
 */
export const STOPWORDS: Record<string, string[]> = {
  en: [
    'the',
    'and',
    'was',
    'is',
    'it',
    'to',
    'i',
    'my',
    'not',
    'of',
    'for',
    'with',
    'very',
    'were',
    'at',
    'in',
    'you',
    'but',
    'too',
    'had',
    'no',
    'they',
    'this',
    'a',
    'an',
    'so',
    'on',
    'me',
    'be',
    'great',
    'good',
    'staff',
    'are',
  ],
  de: [
    'der',
    'die',
    'das',
    'und',
    'ist',
    'nicht',
    'ich',
    'war',
    'zu',
    'sehr',
    'mit',
    'ein',
    'eine',
    'es',
    'an',
    'auf',
    'für',
    'aber',
    'wir',
    'mir',
    'mich',
    'den',
    'dem',
    'hat',
    'kein',
    'keine',
    'wurde',
    'gut',
    'auch',
    'noch',
    'immer',
    'viel',
    'sind',
    'bei',
    'im',
  ],
  fr: [
    'le',
    'la',
    'les',
    'et',
    'est',
    'pas',
    'je',
    'un',
    'une',
    'très',
    'avec',
    'pour',
    'mais',
    'du',
    'des',
    'ce',
    'il',
    'que',
    'en',
    'au',
    'trop',
    'bien',
  ],
  es: [
    'el',
    'la',
    'los',
    'las',
    'y',
    'es',
    'no',
    'muy',
    'con',
    'para',
    'pero',
    'un',
    'una',
    'que',
    'del',
    'por',
    'en',
    'fue',
    'mi',
    'todo',
    'bien',
  ],
  it: [
    'il',
    'la',
    'e',
    'è',
    'non',
    'molto',
    'con',
    'per',
    'ma',
    'un',
    'una',
    'che',
    'del',
    'della',
    'di',
    'sono',
    'troppo',
    'bene',
  ],
  nl: [
    'de',
    'het',
    'en',
    'is',
    'niet',
    'ik',
    'een',
    'zeer',
    'met',
    'voor',
    'maar',
    'van',
    'was',
    'te',
    'erg',
    'goed',
    'heel',
    'wel',
  ],
};

/** Stop-word hits a language needs to be named; fewer is "und" (undetermined). */
const MIN_HITS = 1;

const WORD = /[\p{L}]+/gu;

/** The ISO 639-1 code of the text's language, or "und" when no language stands out. */
export function detectLanguage(text: string): string {
  const words = (text.toLowerCase().match(WORD) ?? []) as string[];
  let best = 'und';
  let bestHits = MIN_HITS - 1;
  let tie = false;
  for (const [lang, list] of Object.entries(STOPWORDS)) {
    const set = new Set(list);
    let hits = 0;
    for (const w of words) if (set.has(w)) hits++;
    if (hits > bestHits) {
      best = lang;
      bestHits = hits;
      tie = false;
    } else if (hits === bestHits && hits > 0) tie = true;
  }
  // German umlauts and ß settle a tie between German and a language without them.
  if (tie && /[äöüß]/i.test(text)) return 'de';
  return tie && best !== 'en' ? 'und' : best;
}
