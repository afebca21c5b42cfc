import { describe, expect, it } from 'vitest';
import { Analyser } from '../../src/insights/analyse.js';
import { DEFAULT_TAXONOMY } from '../../src/insights/default-taxonomy.js';
import { detectLanguage } from '../../src/insights/language.js';
import { editDistance } from '../../src/insights/staff.js';
import { compileThemes, matchThemes } from '../../src/insights/themes.js';
import { splitSentences, tokenize } from '../../src/insights/text.js';
import type { Taxonomy } from '../../src/insights/types.js';

const roster = {
  staff: [
    { id: 'jana', name: 'Jana Berger', aliases: [], touchpoints: ['store-berlin'] },
    { id: 'jonathan', name: 'Jonathan Miles', aliases: ['Jon'], touchpoints: [] },
    { id: 'katharina', name: 'Katharina', aliases: ['Kathi'], touchpoints: [] },
  ],
};
const analyser = new Analyser(DEFAULT_TAXONOMY, roster);
const themeOf = (text: string, touchpoint: string | null = null) =>
  Object.fromEntries(analyser.analyse(text, touchpoint).themes.map((t) => [t.theme, t.sentiment]));

describe('language detection', () => {
  it('tells English from German by their function words', () => {
    expect(detectLanguage('The staff were friendly and the queue was short.')).toBe('en');
    expect(detectLanguage('Die Mitarbeiter waren sehr freundlich und die Kasse war schnell.')).toBe('de');
  });

  it('names French, which has no lexicon, and the analysis says it did not analyse it', () => {
    expect(detectLanguage('Le personnel était très gentil et pas cher')).toBe('fr');
    expect(analyser.analyse('Le personnel était très gentil et pas cher')).toMatchObject({
      language: 'fr',
      analysed: false,
      themes: [],
    });
  });

  it('falls back to the respondent locale when the words say nothing', () => {
    expect(analyser.analyse('Super!', null, 'de-DE')).toMatchObject({
      language: 'de',
      analysed: true,
      sentiment: 'positive',
    });
  });
});

describe('sentences', () => {
  it('splits at sentence ends and at "but", keeping offsets into the text', () => {
    const text = 'Great staff but the queue was long. Will come back!';
    const spans = splitSentences(text).map((s) => text.slice(s.start, s.end));
    expect(spans).toEqual(['Great staff', 'but the queue was long.', 'Will come back!']);
  });

  it('does not split a decimal number', () => {
    expect(splitSentences('Paid 4.99 for shipping, too much.')).toHaveLength(1);
  });
});

describe('sentiment', () => {
  it('flips a negated word: "not friendly" is negative', () => {
    expect(themeOf('The staff were not friendly at all.')).toEqual({ 'staff-attitude': 'negative' });
  });

  it('reads a negated complaint as praise: "no queue at all"', () => {
    expect(analyser.analyse('There was no queue at all, brilliant.').sentiment).toBe('positive');
  });

  it('gives each theme of a mixed comment the sentiment of its own clause', () => {
    const r = analyser.analyse('Jonathan was really helpful but the queue was far too long.');
    expect(r.sentiment).toBe('mixed');
    expect(themeOf('Jonathan was really helpful but the queue was far too long.')).toMatchObject({
      'staff-attitude': 'positive',
      'queue-checkout': 'negative',
    });
  });

  it('scores German with inflected forms and negation', () => {
    expect(themeOf('Die Verkäuferin war sehr unfreundlich.')).toEqual({ 'staff-attitude': 'negative' });
    expect(themeOf('Die Lieferung kam nicht pünktlich.')).toEqual({ delivery: 'negative' });
  });
});

describe('themes', () => {
  it('finds a theme inside a German compound', () => {
    expect(themeOf('Die Kassenschlange war endlos.')).toHaveProperty('queue-checkout');
  });

  it('returns the matched words as offsets into the comment', () => {
    const text = 'Delivery was late.';
    const hit = analyser.analyse(text).themes.find((t) => t.theme === 'delivery');
    expect(hit?.spans.map((s) => text.slice(s.start, s.end))).toEqual(['Delivery']);
  });
});

describe('theme matching', () => {
  // Terms of every kind: exact words, a phrase, a word's start, its end, and its inside.
  const taxonomy: Taxonomy = {
    themes: [
      { id: 'queue', label: 'Queue', terms: { en: ['long queue', 'queue', 'wait*'] } },
      { id: 'price', label: 'Price', terms: { en: ['*price*', 'expensive'] } },
      { id: 'cleanliness', label: 'Cleanliness', terms: { en: ['*dirty', 'toilet*'] } },
    ],
  };
  const themes = compileThemes(taxonomy, 'en');
  const match = (text: string) =>
    [...matchThemes(themes, tokenize(text))].map(([id, spans]) => [id, spans.map((s) => text.slice(s.start, s.end))]);

  it('finds each kind of term, in taxonomy order, with the words that matched', () => {
    expect(match('Toilets were undirty, overpriced and we waited.')).toEqual([
      ['queue', ['waited']],
      ['price', ['overpriced']],
      ['cleanliness', ['Toilets', 'undirty']],
    ]);
  });

  it("keeps the span of the theme's earlier term where two overlap, and both where they do not", () => {
    // "long queue" comes before "queue" among the terms: its span is kept, the inner "queue" dropped.
    expect(match('A long queue, then another queue.')).toEqual([['queue', ['long queue', 'queue']]]);
  });

  it('decides between overlapping spans by the order of the terms, not of the words', () => {
    const overlapping = compileThemes(
      { themes: [{ id: 'queue', label: 'Queue', terms: { en: ['queue was', 'long queue'] } }] },
      'en',
    );
    const text = 'The long queue was slow.';
    const [spans] = [...matchThemes(overlapping, tokenize(text)).values()];
    expect(spans!.map((s) => text.slice(s.start, s.end))).toEqual(['queue was']);
  });

  it('matches a phrase only as a whole and a word only as a word', () => {
    expect(match('So long. Queued? Expensively priced.')).toEqual([['price', ['priced']]]);
  });
});

describe('staff mentions', () => {
  it('matches a long name misspelt by one letter or one swap', () => {
    expect(editDistance('jonathan', 'jonathon')).toBe(1);
    expect(editDistance('katharina', 'katharnia')).toBe(1);
    const r = analyser.analyse('Katharnia was so helpful, thanks!');
    expect(r.staff).toMatchObject([{ staff: 'katharina', sentiment: 'positive' }]);
  });

  it('matches short names and nicknames only exactly', () => {
    expect(analyser.analyse('Jon sorted my refund quickly.').staff.map((s) => s.staff)).toEqual(['jonathan']);
    expect(analyser.analyse('Jan sorted my refund quickly.', 'store-berlin').staff).toEqual([]);
  });

  it('gives a person the sentiment of the sentence naming them', () => {
    const r = analyser.analyse('Kathi ignored me completely. The store was clean though.');
    expect(r.staff).toMatchObject([{ staff: 'katharina', sentiment: 'negative' }]);
  });

  it('counts a sentence that praises a named person under staff attitude', () => {
    expect(themeOf('Thanks to Kathi, you made my day!')).toEqual({ 'staff-attitude': 'positive' });
  });

  it('does not name someone who works at another store', () => {
    expect(analyser.analyse('Jana was lovely.', 'store-hamburg').staff).toEqual([]);
    expect(analyser.analyse('Jana was lovely.', 'store-berlin').staff.map((s) => s.staff)).toEqual(['jana']);
  });

  it('does not take an ordinary word one letter off a name for the name', () => {
    const r = new Analyser(DEFAULT_TAXONOMY, {
      staff: [{ id: 's', name: 'Stock', aliases: ['Mr Stock'], touchpoints: [] }],
    });
    expect(r.analyse('The stack of boxes blocked the aisle.').staff).toEqual([]);
  });
});
